using Planck.Application.Databases.Catalog;

namespace Planck.Application.Databases.Grounding;

/// <summary>
/// What the workspace context says about a database's tables: their business names, meanings and the words people use
/// for them. Used to choose the tables a question needs and to comment them in the prompt.
/// </summary>
public sealed record GroundingHints(IReadOnlyList<TableHint> Tables)
{
    public static GroundingHints Empty { get; } = new([]);

    /// <summary>
    /// The hint for <paramref name="table"/>: one naming its qualified name wins over one naming its bare name; names
    /// compare case-insensitively because people write the context by hand.
    /// </summary>
    public TableHint? For(CatalogTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        TableHint? bare = null;
        foreach (var hint in Tables)
        {
            if (string.Equals(hint.Table, table.QualifiedName, StringComparison.OrdinalIgnoreCase))
            {
                return hint;
            }

            if (bare is null && string.Equals(hint.Table, table.Name, StringComparison.OrdinalIgnoreCase))
            {
                bare = hint;
            }
        }

        return bare;
    }
}

/// <summary>A table as the context describes it; <see cref="Table"/> is its name or qualified name in the catalog.</summary>
public sealed record TableHint(
    string Table, string? BusinessName, string? Description, IReadOnlyList<string> Synonyms, IReadOnlyList<ColumnHint> Columns)
{
    public ColumnHint? For(CatalogColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return Columns.FirstOrDefault(hint => string.Equals(hint.Column, column.Name, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>A column as the context describes it.</summary>
public sealed record ColumnHint(string Column, string? BusinessName, string? Description, IReadOnlyList<string> Synonyms);
