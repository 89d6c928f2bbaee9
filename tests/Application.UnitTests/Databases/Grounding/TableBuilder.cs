using Planck.Application.Databases.Catalog;

namespace Planck.Application.UnitTests.Databases.Grounding;

/// <summary>Builds catalog tables for tests: <c>new TableBuilder("sales", "orders").Id().Ref("customer_id", "sales", "customers")</c>.</summary>
internal sealed class TableBuilder(string? schema, string name, string? description = null)
{
    private readonly List<CatalogColumn> _columns = [];
    private readonly List<string> _primaryKey = [];
    private readonly List<CatalogForeignKey> _foreignKeys = [];
    private CatalogTableKind _kind = CatalogTableKind.Table;
    private long? _rows;

    public TableBuilder Id(string column = "id")
    {
        _columns.Add(new CatalogColumn(column, "integer", Nullable: false, null, null));
        _primaryKey.Add(column);
        return this;
    }

    public TableBuilder Column(
        string column, string type = "varchar(100)", string? description = null, bool nullable = true,
        string[]? values = null, string? min = null, string? max = null)
    {
        var profile = values is not null || min is not null || max is not null ? new ColumnProfile(values, min, max) : null;
        _columns.Add(new CatalogColumn(column, type, nullable, description, profile));
        return this;
    }

    /// <summary>An integer column referencing <c>id</c> of another table.</summary>
    public TableBuilder Ref(string column, string? referencedSchema, string referencedTable, string? description = null, bool nullable = false)
    {
        _columns.Add(new CatalogColumn(column, "integer", nullable, description, null));
        _foreignKeys.Add(new CatalogForeignKey([column], referencedSchema, referencedTable, ["id"]));
        return this;
    }

    /// <summary>Marks the columns added so far as a composite primary key (a junction table's pair).</summary>
    public TableBuilder Key(params string[] columns)
    {
        _primaryKey.Clear();
        _primaryKey.AddRange(columns);
        return this;
    }

    public TableBuilder ForeignKey(string[] columns, string? referencedSchema, string referencedTable, string[] referencedColumns)
    {
        _foreignKeys.Add(new CatalogForeignKey(columns, referencedSchema, referencedTable, referencedColumns));
        return this;
    }

    public TableBuilder View()
    {
        _kind = CatalogTableKind.View;
        return this;
    }

    public TableBuilder Rows(long rows)
    {
        _rows = rows;
        return this;
    }

    public CatalogTable Build() => new(schema, name, _kind, description, _rows, _columns.ToList(), _primaryKey.ToList(), _foreignKeys.ToList());
}
