using System.Diagnostics;
using System.Globalization;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Extraction;
using Planck.Tests.Fixtures;
using Xunit.Abstractions;

namespace Planck.Infrastructure.IntegrationTests.Documents.Extraction;

public sealed class TokenChunkerTests(ITestOutputHelper output)
{
    private readonly TokenChunker chunker = new();

    [Fact]
    public void Chunks_of_a_long_pdf_stay_within_bounds_keep_their_pages_and_count_real_tokens()
    {
        var pdf = DocumentFixtures.LongPdf(200);
        var extraction = Stopwatch.StartNew();
        var document = Extract(pdf, DocumentKind.Pdf);
        extraction.Stop();

        var chunking = Stopwatch.StartNew();
        var chunks = chunker.Chunk(document, "long.pdf");
        chunking.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"200-page PDF ({pdf.Length} bytes): extracted in {extraction.ElapsedMilliseconds} ms; {document.Blocks.Count} blocks, {chunks.Count} chunks, {chunks.Sum(chunk => chunk.TokenCount)} tokens, chunked in {chunking.ElapsedMilliseconds} ms"));

        chunks.Count.ShouldBeGreaterThan(100);
        chunks.ShouldAllBe(chunk => chunk.TokenCount <= TokenChunker.MaxTokens);
        chunks.ShouldAllBe(chunk => chunk.TokenCount == TokenChunker.CountTokens(chunk.Text));
        chunks.Select(chunk => chunk.Page!.Value).ShouldBeInOrder();
        chunks[0].Page.ShouldBe(1);
        for (var page = 1; page <= 200; page++)
        {
            // A passage never spans two pages, so every passage holding a page's opening line cites exactly that page.
            var marker = string.Create(CultureInfo.InvariantCulture, $"Page {page} of 200.");
            chunks.Where(chunk => chunk.Text.Contains(marker, StringComparison.Ordinal)).ShouldAllBe(chunk => chunk.Page == page);
        }
    }

    [Fact]
    public void A_short_page_is_its_own_passage_and_cites_its_own_page()
    {
        var pdf = DocumentFixtures.Pdf(
        [
            ["The first page describes the installation of the pump in many words and several sentences."],
            ["Short page: the valve torque is 12 newton metres."],
            ["The third page covers the maintenance schedule of the pump."],
        ]);

        var chunks = chunker.Chunk(Extract(pdf, DocumentKind.Pdf), "pump.pdf");

        chunks.Select(chunk => chunk.Page).ShouldBe([1, 2, 3]);
        chunks.Single(chunk => chunk.Text.Contains("valve torque", StringComparison.Ordinal)).Page.ShouldBe(2);
    }

    [Fact]
    public void A_top_level_heading_ends_the_passage_even_when_it_is_short()
    {
        var blocks = new List<ExtractedBlock>
        {
            new(BlockKind.Heading, "Installation", HeadingLevel: 1),
            new(BlockKind.Paragraph, "Mount the unit on a wall."),
            new(BlockKind.Heading, "Maintenance", HeadingLevel: 1),
            new(BlockKind.Paragraph, "Clean the filter monthly."),
        };

        var chunks = chunker.Chunk(new ExtractedDocument(blocks, [], null), "guide.md");

        chunks.Count.ShouldBe(2);
        chunks[0].Text.ShouldNotContain("filter");
        chunks[1].Text.ShouldStartWith("Maintenance");
    }

    [Fact]
    public void Consecutive_chunks_of_one_section_overlap()
    {
        var paragraphs = Enumerable.Range(1, 40)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"Paragraph {i} explains clause {i} of the agreement in plain words, with its own distinct example number {i * 37}."))
            .Select(text => new ExtractedBlock(BlockKind.Paragraph, text))
            .ToList();

        var chunks = chunker.Chunk(new ExtractedDocument(paragraphs, [], null), "agreement.txt");

        chunks.Count.ShouldBeGreaterThan(1);
        for (var i = 1; i < chunks.Count; i++)
        {
            var previousTail = chunks[i - 1].Text[^40..];
            chunks[i].Text.ShouldContain(previousTail, customMessage: $"chunk {i} should start with the tail of chunk {i - 1}");
        }
    }

    [Fact]
    public void Each_chunk_starts_with_its_heading_path()
    {
        var document = Extract(DocumentFixtures.Docx(FixtureCorpus.CompanyHandbook), DocumentKind.Word);
        var longSection = Enumerable.Repeat(FixtureCorpus.TravelPolicy.Sections[1].Paragraphs[0], 12).Select(text => new ExtractedBlock(BlockKind.Paragraph, text));
        var blocks = new List<ExtractedBlock>
        {
            new(BlockKind.Heading, "Travel policy", HeadingLevel: 1),
            new(BlockKind.Heading, "Per diems", HeadingLevel: 2),
        };
        blocks.AddRange(longSection);
        blocks.Add(new ExtractedBlock(BlockKind.Heading, "Expense claims", HeadingLevel: 2));
        blocks.AddRange(Enumerable.Repeat(new ExtractedBlock(BlockKind.Paragraph, FixtureCorpus.TravelPolicy.Sections[2].Paragraphs[0]), 8));

        var chunks = chunker.Chunk(document with { Blocks = blocks }, "travel.docx");

        chunks.Count.ShouldBeGreaterThan(2);
        chunks[0].Text.ShouldStartWith("Travel policy › Per diems\n\n");
        chunks.Where(chunk => chunk.Text.Contains("Expense claims must be submitted", StringComparison.Ordinal))
            .ShouldAllBe(chunk => chunk.Text.StartsWith("Travel policy › Expense claims\n\n", StringComparison.Ordinal));
        chunks.Where(chunk => chunk.Text.Contains("daily allowance", StringComparison.Ordinal))
            .ShouldAllBe(chunk => chunk.Text.StartsWith("Travel policy › Per diems\n\n", StringComparison.Ordinal));
    }

    [Fact]
    public void A_small_section_runs_on_into_the_next_with_its_heading_kept_in_the_text()
    {
        var document = Extract(DocumentFixtures.Markdown(FixtureCorpus.RecipeBook), DocumentKind.Markdown);

        var chunks = chunker.Chunk(document, "recipes.md");

        var stew = chunks.First(chunk => chunk.Text.Contains("saffron", StringComparison.OrdinalIgnoreCase));
        stew.Text.ShouldStartWith("Harbour Kitchen Recipe Book › Saffron fish stew\n\n");
        chunks.ShouldContain(chunk => chunk.Text.Contains("\n\nCardamom buns\n\n", StringComparison.Ordinal));
    }

    [Fact]
    public void An_oversized_paragraph_is_split_at_sentence_ends()
    {
        var sentences = Enumerable.Range(1, 120).Select(i => string.Create(CultureInfo.InvariantCulture, $"Sentence number {i} is short and ends here."));
        var paragraph = new ExtractedBlock(BlockKind.Paragraph, string.Join(" ", sentences));

        var chunks = chunker.Chunk(new ExtractedDocument([paragraph], [], null), "long.txt");

        chunks.Count.ShouldBeGreaterThan(2);
        chunks.ShouldAllBe(chunk => chunk.TokenCount <= TokenChunker.MaxTokens);
        chunks.ShouldAllBe(chunk => chunk.Text.EndsWith("ends here.", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_without_any_break_is_split_at_token_boundaries()
    {
        var paragraph = new ExtractedBlock(BlockKind.Paragraph, string.Concat(Enumerable.Repeat("abcdefghij", 1000)));

        var chunks = chunker.Chunk(new ExtractedDocument([paragraph], [], null), "blob.txt");

        chunks.Count.ShouldBeGreaterThan(1);
        chunks.ShouldAllBe(chunk => chunk.TokenCount <= TokenChunker.MaxTokens);
    }

    [Fact]
    public void Table_chunks_repeat_the_header_and_carry_the_sheet()
    {
        var document = Extract(DocumentFixtures.XlsxWithRows(400), DocumentKind.Spreadsheet);

        var chunks = chunker.Chunk(document, "items.xlsx");

        chunks.Count.ShouldBeGreaterThan(2);
        chunks.ShouldAllBe(chunk => chunk.Text.StartsWith("Items — columns: Id, Item, Price\n", StringComparison.Ordinal));
        chunks.ShouldAllBe(chunk => chunk.Sheet == "Items" && chunk.Page == null);
        chunks.ShouldAllBe(chunk => chunk.TokenCount <= TokenChunker.MaxTokens);
        chunks[0].Text.ShouldContain("Id: 1; Item: Item 1; Price: 1.25\n");
        chunks[^1].Text.ShouldEndWith("Id: 400; Item: Item 400; Price: 500");
        var rowLines = chunks.Sum(chunk => chunk.Text.Split('\n').Length - 1);
        rowLines.ShouldBe(400);
    }

    [Fact]
    public void Spreadsheet_chunks_render_typed_values_readably()
    {
        var document = Extract(DocumentFixtures.Xlsx(), DocumentKind.Spreadsheet);

        var chunks = chunker.Chunk(document, "finance.xlsx");

        chunks.Select(chunk => chunk.Sheet).Distinct().ShouldBe(["Quarterly results", "Staff"]);
        chunks[0].Text.ShouldContain("Quarter: Q3 2024; Region: Europe; Revenue: 2910000; Expenses: 1990000; Closed on: 2024-10-09; Audited: true; Notes: Nordic public-sector contract");
    }

    [Fact]
    public void A_long_csv_is_chunked_in_row_groups()
    {
        var csv = DocumentFixtures.Csv(100_000);
        var extraction = Stopwatch.StartNew();
        var document = Extract(csv, DocumentKind.Csv, "invoices.csv");
        extraction.Stop();

        var chunking = Stopwatch.StartNew();
        var chunks = chunker.Chunk(document, "invoices.csv");
        chunking.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"100,000-row CSV ({csv.Length} bytes): extracted in {extraction.ElapsedMilliseconds} ms; {chunks.Count} chunks in {chunking.ElapsedMilliseconds} ms"));

        document.Tables[0].Rows.Count.ShouldBe(100_000);

        chunks.ShouldAllBe(chunk => chunk.TokenCount <= TokenChunker.MaxTokens && chunk.Sheet == "invoices.csv");
        chunks.ShouldAllBe(chunk => chunk.Text.StartsWith("invoices.csv — columns: id, customer, amount, issued_on, paid\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Cancellation_stops_chunking()
    {
        var document = Extract(DocumentFixtures.Csv(1000), DocumentKind.Csv);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Should.Throw<OperationCanceledException>(() => chunker.Chunk(document, "a.csv", cancelled.Token));
    }

    [Fact]
    public void A_document_without_text_has_no_chunks()
    {
        chunker.Chunk(new ExtractedDocument([], [], 3), "scan.pdf").ShouldBeEmpty();
    }

    private static ExtractedDocument Extract(byte[] content, DocumentKind kind, string name = "file")
    {
        using var stream = new MemoryStream(content);
        return new DocumentExtractor().Extract(stream, kind, name, ExtractionLimits.Default, CancellationToken.None);
    }
}
