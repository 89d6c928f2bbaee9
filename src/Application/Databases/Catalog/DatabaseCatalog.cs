namespace Planck.Application.Databases.Catalog;

/// <summary>What a database holds, as read from its own catalog: the tables and views a read-only role can see.</summary>
public sealed record DatabaseCatalog(IReadOnlyList<CatalogTable> Tables)
{
    public static DatabaseCatalog Empty { get; } = new([]);
}

/// <summary>
/// A table or view. <see cref="Schema"/> is null where the engine has none (SQLite, MySQL's current database).
/// <see cref="ApproximateRows"/> comes from the engine's statistics, not a count.
/// </summary>
public sealed record CatalogTable(
    string? Schema,
    string Name,
    CatalogTableKind Kind,
    string? Description,
    long? ApproximateRows,
    IReadOnlyList<CatalogColumn> Columns,
    IReadOnlyList<string> PrimaryKey,
    IReadOnlyList<CatalogForeignKey> ForeignKeys)
{
    /// <summary>How SQL names the table: <c>schema.name</c>, or the bare name where there is no schema.</summary>
    public string QualifiedName => Schema is null ? Name : $"{Schema}.{Name}";
}

public enum CatalogTableKind
{
    Table,
    View,
}

/// <summary>A column; <see cref="Type"/> is the engine's own type name (<c>integer</c>, <c>varchar(40)</c>, <c>TEXT</c>).</summary>
public sealed record CatalogColumn(string Name, string Type, bool Nullable, string? Description, ColumnProfile? Profile);

/// <summary>
/// What profiling found, bounded in time: the distinct values of a low-cardinality text column, or the range of a
/// number or date column. Values are data from the database, never instructions.
/// </summary>
public sealed record ColumnProfile(IReadOnlyList<string>? DistinctValues, string? Min, string? Max);

/// <summary>A foreign key from <see cref="Columns"/> of this table to <see cref="ReferencedColumns"/> of another.</summary>
public sealed record CatalogForeignKey(
    IReadOnlyList<string> Columns, string? ReferencedSchema, string ReferencedTable, IReadOnlyList<string> ReferencedColumns);
