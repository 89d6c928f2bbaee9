using System.Globalization;
using Planck.Application.Databases.Catalog;
using Planck.Domain.Databases;

namespace Planck.Application.Databases;

/// <summary>A database as the API shows it: never the connection secret.</summary>
public sealed record DatabaseDto(
    Guid Id,
    Guid WorkspaceId,
    string Name,
    string Type,
    string Description,
    string Status,
    string? StatusDetail,
    int TableCount,
    DateTimeOffset RefreshedAt,
    DateTimeOffset CreatedAt);

public sealed record DatabaseListDto(IReadOnlyList<DatabaseDto> Data, int Count);

public sealed record DatabaseSchemaDto(Guid DatabaseId, string Name, string Type, IReadOnlyList<SchemaTableDto> Tables);

public sealed record SchemaTableDto(
    string? Schema,
    string Name,
    string Kind,
    string? Description,
    long? ApproximateRows,
    IReadOnlyList<SchemaColumnDto> Columns,
    IReadOnlyList<string> PrimaryKey,
    IReadOnlyList<SchemaForeignKeyDto> ForeignKeys);

public sealed record SchemaColumnDto(string Name, string Type, bool Nullable, string? Description, IReadOnlyList<string>? Values, string? Min, string? Max);

public sealed record SchemaForeignKeyDto(IReadOnlyList<string> Columns, string? ReferencesSchema, string ReferencesTable, IReadOnlyList<string> ReferencesColumns);

public static class DatabaseTypes
{
    /// <summary>The API's name of a type: <c>postgresql</c>, <c>mysql</c>, <c>sqlite</c>, <c>documents</c>.</summary>
    public static string Name(DatabaseType type) => type.ToString().ToLower(CultureInfo.InvariantCulture);

    /// <summary>The types an Admin may connect (uploaded tables are built in).</summary>
    public static readonly IReadOnlyList<DatabaseType> Connectable = [DatabaseType.Postgresql, DatabaseType.Mysql, DatabaseType.Sqlite];

    public static DatabaseType? ParseConnectable(string? name) =>
        Connectable.Cast<DatabaseType?>().FirstOrDefault(t => string.Equals(Name(t!.Value), name?.Trim(), StringComparison.OrdinalIgnoreCase));
}

public static class DatabaseMapping
{
    public static DatabaseDto ToDto(this WorkspaceDatabase database) =>
        new(database.Id, database.WorkspaceId, database.Name, DatabaseTypes.Name(database.Type), database.Description,
            database.Status.ToString().ToLower(CultureInfo.InvariantCulture), database.StatusDetail, database.TableCount, database.RefreshedAt,
            database.CreatedAt);

    public static DatabaseSchemaDto ToSchemaDto(this WorkspaceDatabase database) =>
        new(database.Id, database.Name, DatabaseTypes.Name(database.Type), database.Catalog.Tables.Select(ToDto).ToList());

    private static SchemaTableDto ToDto(CatalogTable table) =>
        new(table.Schema, table.Name, table.Kind == CatalogTableKind.View ? "view" : "table", table.Description, table.ApproximateRows,
            table.Columns.Select(c => new SchemaColumnDto(c.Name, c.Type, c.Nullable, c.Description, c.Profile?.DistinctValues, c.Profile?.Min, c.Profile?.Max)).ToList(),
            table.PrimaryKey,
            table.ForeignKeys.Select(f => new SchemaForeignKeyDto(f.Columns, f.ReferencedSchema, f.ReferencedTable, f.ReferencedColumns)).ToList());
}
