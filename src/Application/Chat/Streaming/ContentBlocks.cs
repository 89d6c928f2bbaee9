using System.Text.Json;

namespace Planck.Application.Chat.Streaming;

/// <summary>One block of an assistant answer, as the API's "Content blocks" table describes it.</summary>
public abstract record ContentBlock
{
    /// <summary>The API's <c>type</c> field: <c>text</c>, <c>code</c>, <c>table</c>, ...</summary>
    public abstract string Type { get; }
}

/// <summary>Markdown prose.</summary>
public sealed record TextBlock(string Text) : ContentBlock
{
    public override string Type => "text";
}

/// <summary>A fenced code block; <see cref="Language"/> is "" when the fence named none.</summary>
public sealed record CodeBlock(string Language, string Code) : ContentBlock
{
    public override string Type => "code";
}

/// <summary>A column of a <see cref="TableBlock"/>; <see cref="Type"/> is <c>string</c>, <c>number</c>, <c>boolean</c> or <c>date</c>.</summary>
public sealed record TableColumn(string Name, string Type);

/// <summary>
/// A table whose rows carry typed values: <see cref="double"/> for number columns, <see cref="bool"/> for boolean
/// columns, ISO <c>yyyy-MM-dd</c> strings for date columns, strings otherwise, and null for empty cells.
/// <see cref="Truncated"/> says a row limit cut the rows (a database answer's table).
/// </summary>
public sealed record TableBlock(IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows, string? Title, bool Truncated = false)
    : ContentBlock
{
    public override string Type => "table";

    // Record equality would compare the lists by reference; a table equals another with the same cells.
    public bool Equals(TableBlock? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (Title != other.Title || Truncated != other.Truncated || !Columns.SequenceEqual(other.Columns) || Rows.Count != other.Rows.Count)
        {
            return false;
        }

        for (var row = 0; row < Rows.Count; row++)
        {
            if (!Rows[row].SequenceEqual(other.Rows[row]))
            {
                return false;
            }
        }

        return true;
    }

    public override int GetHashCode() => HashCode.Combine(Title, Columns.Count, Rows.Count);
}

/// <summary>A Vega-Lite v5 chart with its data inline, already validated (<see cref="VisualFences"/>); arrives whole.</summary>
public sealed record ChartBlock(JsonElement Spec, string? Title) : ContentBlock
{
    public override string Type => "chart";

    // JsonElement compares by reference; a chart equals another with the same spec.
    public bool Equals(ChartBlock? other) => other is not null && Title == other.Title && JsonElement.DeepEquals(Spec, other.Spec);

    public override int GetHashCode() => HashCode.Combine(Title, Spec.ValueKind);
}

/// <summary>A GeoJSON FeatureCollection, already validated (<see cref="VisualFences"/>); arrives whole.</summary>
public sealed record MapBlock(JsonElement GeoJson, string? Title) : ContentBlock
{
    public override string Type => "map";

    public bool Equals(MapBlock? other) => other is not null && Title == other.Title && JsonElement.DeepEquals(GeoJson, other.GeoJson);

    public override int GetHashCode() => HashCode.Combine(Title, GeoJson.ValueKind);
}

/// <summary>Something an answer was drawn from: a document passage or a database's tables.</summary>
public abstract record AnswerSource;

/// <summary>One passage an answer was drawn from. <see cref="Page"/> is null for formats without pages.</summary>
public sealed record SourceReference(Guid DocumentId, string Name, string Snippet, int? Page) : AnswerSource;

/// <summary>A database an answer was drawn from, and the tables its query read.</summary>
public sealed record DatabaseSourceReference(Guid DatabaseId, string Name, IReadOnlyList<string> Tables) : AnswerSource
{
    public bool Equals(DatabaseSourceReference? other) =>
        other is not null && DatabaseId == other.DatabaseId && Name == other.Name && Tables.SequenceEqual(other.Tables);

    public override int GetHashCode() => HashCode.Combine(DatabaseId, Name);
}

/// <summary>What the answer was drawn from; always arrives whole.</summary>
public sealed record SourcesBlock(IReadOnlyList<AnswerSource> Sources) : ContentBlock
{
    public override string Type => "sources";

    public bool Equals(SourcesBlock? other) => other is not null && Sources.SequenceEqual(other.Sources);

    public override int GetHashCode() => Sources.Count;
}
