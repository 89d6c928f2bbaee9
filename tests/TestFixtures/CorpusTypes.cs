namespace Planck.Tests.Fixtures;

/// <summary>A titled part of a corpus document.</summary>
public sealed record CorpusSection(string Heading, IReadOnlyList<string> Paragraphs);

/// <summary>A document of the fixture corpus: a title and its sections of real prose with specific facts.</summary>
public sealed record CorpusDocument(string Key, string Title, IReadOnlyList<CorpusSection> Sections)
{
    public IEnumerable<string> Paragraphs => Sections.SelectMany(section => section.Paragraphs);

    /// <summary>The whole document as plain text: title, then each heading and its paragraphs, separated by blank lines.</summary>
    public string PlainText =>
        string.Join("\n\n", new[] { Title }.Concat(Sections.SelectMany(section => new[] { section.Heading }.Concat(section.Paragraphs))));
}

/// <summary>A question a retrieval test can ask, the corpus document that answers it and a phrase the answering passage contains.</summary>
public sealed record CorpusProbe(string Question, string DocumentKey, string AnswerPhrase);

/// <summary>One row of the quarterly finance report.</summary>
public sealed record FinanceRow(string Quarter, string Region, double Revenue, double Expenses, DateTime ClosedOn, bool Audited, string Notes);

/// <summary>One employee in the staff sheet.</summary>
public sealed record StaffMember(string Name, string Department, DateTime StartDate, double Salary, bool Remote);

/// <summary>A term of the glossary.</summary>
public sealed record GlossaryEntry(string Term, string Definition);

/// <summary>A generated file with the name it would be uploaded under.</summary>
public sealed record FixtureFile(string Name, byte[] Content, string? DocumentKey = null);
