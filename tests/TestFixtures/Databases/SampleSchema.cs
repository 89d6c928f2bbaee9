using System.Globalization;
using System.Text;

namespace Planck.Tests.Fixtures.Databases;

/// <summary>The engines the sample schema is written for.</summary>
public enum SampleDialect
{
    Postgres,
    MySql,
    Sqlite,
}

/// <summary>
/// One small shop, the same tables and the same deterministic rows in PostgreSQL, MySQL/MariaDB and SQLite, as SQL
/// text only (this project takes no database driver): ten related tables with foreign keys and a junction table,
/// thousands of rows dated across 2025-2026, a low-cardinality <c>orders.status</c>, decimal amounts, and comments
/// where the engine keeps them. <see cref="ChecksumSql"/> fingerprints every row and <see cref="ObjectsSql"/> lists
/// every object, so a test can prove a statement changed and created nothing.
/// </summary>
public static class SampleSchema
{
    public const int Regions = 6;
    public const int Employees = 40;
    public const int Customers = 500;
    public const int Categories = 12;
    public const int Products = 200;
    public const int Orders = 3000;
    public const int OrderItemsPerOrder = 3;
    public const int OrderItems = Orders * OrderItemsPerOrder;

    public static IReadOnlyList<string> Statuses { get; } = ["pending", "paid", "shipped", "delivered", "cancelled"];

    public static IReadOnlyList<string> TableNames { get; } =
        ["regions", "employees", "customers", "addresses", "categories", "products", "product_categories", "orders", "order_items", "payments"];

    private const int BatchRows = 500;

    /// <summary>Every statement that creates the tables and fills them, in order; run them one by one.</summary>
    public static IReadOnlyList<string> Statements(SampleDialect dialect)
    {
        var statements = new List<string>();
        foreach (var table in Tables)
        {
            statements.Add(CreateTable(dialect, table));
            if (dialect == SampleDialect.Postgres)
            {
                statements.AddRange(PostgresComments(table));
            }
        }

        statements.Add(
            "CREATE VIEW customer_order_totals AS SELECT c.id AS customer_id, c.name, COUNT(o.id) AS orders, COALESCE(SUM(o.total), 0) AS total "
            + "FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id, c.name");

        foreach (var table in Tables)
        {
            var rows = Rows(table.Name).ToList();
            for (var start = 0; start < rows.Count; start += BatchRows)
            {
                var batch = rows.Skip(start).Take(BatchRows).Select(r => "(" + string.Join(", ", r.Select(v => Literal(dialect, v))) + ")");
                statements.Add($"INSERT INTO {table.Name} ({string.Join(", ", table.Columns.Select(c => c.Name))}) VALUES {string.Join(", ", batch)}");
            }
        }

        return statements;
    }

    /// <summary>One row per table: its name, its row count and a sum over its rows' ids, amounts and text lengths.</summary>
    public static string ChecksumSql => string.Join(" UNION ALL ", Tables.Select(t =>
        $"SELECT '{t.Name}' AS table_name, COUNT(*) AS row_count, COALESCE(SUM({t.Fingerprint}), 0) AS fingerprint FROM {t.Name}")) + " ORDER BY 1";

    /// <summary>Every table, view and routine the database holds outside the engine's own schemas, one per row.</summary>
    public static string ObjectsSql(SampleDialect dialect) => dialect switch
    {
        SampleDialect.Postgres => """
            SELECT n.nspname || '.' || c.relname || ':' || c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
            UNION ALL SELECT n.nspname || '.' || p.proname || ':function' FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
            UNION ALL SELECT nspname || ':schema' FROM pg_namespace
            ORDER BY 1
            """,
        SampleDialect.MySql => """
            SELECT CONCAT(table_name, ':', table_type) FROM information_schema.tables WHERE table_schema = DATABASE()
            UNION ALL SELECT CONCAT(routine_name, ':', routine_type) FROM information_schema.routines WHERE routine_schema = DATABASE()
            UNION ALL SELECT CONCAT(trigger_name, ':trigger') FROM information_schema.triggers WHERE trigger_schema = DATABASE()
            ORDER BY 1
            """,
        _ => "SELECT type || ':' || name FROM sqlite_schema ORDER BY 1",
    };

    private sealed record Column(string Name, Logical Type, bool Nullable = false, string? Comment = null);

    private sealed record Table(string Name, string[] PrimaryKey, Column[] Columns, (string Column, string References)[] ForeignKeys, string Fingerprint, string? Comment = null);

    private enum Logical
    {
        Id,
        Whole,
        Name,
        ShortText,
        Money,
        Day,
        Moment,
        Flag,
    }

    private static readonly Table[] Tables =
    [
        new("regions", ["id"], [new("id", Logical.Id), new("name", Logical.Name)], [], "id + LENGTH(name)", "Sales regions"),
        new("employees", ["id"],
            [new("id", Logical.Id), new("name", Logical.Name), new("region_id", Logical.Whole), new("manager_id", Logical.Whole, true), new("hired_on", Logical.Day)],
            [("region_id", "regions(id)"), ("manager_id", "employees(id)")], "id + LENGTH(name) + region_id"),
        new("customers", ["id"],
            [new("id", Logical.Id), new("name", Logical.Name), new("email", Logical.Name, Comment: "Where invoices are sent"), new("region_id", Logical.Whole),
             new("created_at", Logical.Moment), new("is_active", Logical.Flag)],
            [("region_id", "regions(id)")], "id + LENGTH(email) + region_id", "People and companies that buy"),
        new("addresses", ["id"],
            [new("id", Logical.Id), new("customer_id", Logical.Whole), new("city", Logical.ShortText), new("country", Logical.ShortText)],
            [("customer_id", "customers(id)")], "id + customer_id + LENGTH(city)"),
        new("categories", ["id"], [new("id", Logical.Id), new("name", Logical.Name)], [], "id + LENGTH(name)"),
        new("products", ["id"],
            [new("id", Logical.Id), new("name", Logical.Name), new("sku", Logical.ShortText), new("price", Logical.Money, Comment: "List price in euros")],
            [], "id + LENGTH(sku) + price"),
        new("product_categories", ["product_id", "category_id"],
            [new("product_id", Logical.Whole), new("category_id", Logical.Whole)],
            [("product_id", "products(id)"), ("category_id", "categories(id)")], "product_id * 100 + category_id"),
        new("orders", ["id"],
            [new("id", Logical.Id), new("customer_id", Logical.Whole), new("employee_id", Logical.Whole, true),
             new("status", Logical.ShortText, Comment: "pending, paid, shipped, delivered or cancelled"), new("ordered_on", Logical.Day), new("total", Logical.Money)],
            [("customer_id", "customers(id)"), ("employee_id", "employees(id)")], "id + customer_id + LENGTH(status) + total", "One order per checkout"),
        new("order_items", ["id"],
            [new("id", Logical.Id), new("order_id", Logical.Whole), new("product_id", Logical.Whole), new("quantity", Logical.Whole), new("unit_price", Logical.Money)],
            [("order_id", "orders(id)"), ("product_id", "products(id)")], "id + order_id + product_id + quantity + unit_price"),
        new("payments", ["id"],
            [new("id", Logical.Id), new("order_id", Logical.Whole), new("amount", Logical.Money), new("paid_at", Logical.Moment), new("method", Logical.ShortText)],
            [("order_id", "orders(id)")], "id + order_id + amount + LENGTH(method)"),
    ];

    private static string CreateTable(SampleDialect dialect, Table table)
    {
        var lines = table.Columns.Select(c =>
            $"{c.Name} {SqlType(dialect, c.Type)}{(c.Nullable ? string.Empty : " NOT NULL")}{(dialect == SampleDialect.MySql && c.Comment is not null ? $" COMMENT '{c.Comment}'" : string.Empty)}").ToList();
        lines.Add($"PRIMARY KEY ({string.Join(", ", table.PrimaryKey)})");
        lines.AddRange(table.ForeignKeys.Select(k => $"FOREIGN KEY ({k.Column}) REFERENCES {k.References}"));
        var create = new StringBuilder($"CREATE TABLE {table.Name} ({string.Join(", ", lines)})");
        if (dialect == SampleDialect.MySql)
        {
            create.Append(" ENGINE=InnoDB");
            if (table.Comment is not null)
            {
                create.Append(CultureInfo.InvariantCulture, $" COMMENT='{table.Comment}'");
            }
        }

        return create.ToString();
    }

    private static IEnumerable<string> PostgresComments(Table table)
    {
        if (table.Comment is not null)
        {
            yield return $"COMMENT ON TABLE {table.Name} IS '{table.Comment}'";
        }

        foreach (var column in table.Columns.Where(c => c.Comment is not null))
        {
            yield return $"COMMENT ON COLUMN {table.Name}.{column.Name} IS '{column.Comment}'";
        }
    }

    private static string SqlType(SampleDialect dialect, Logical type) => (dialect, type) switch
    {
        (_, Logical.Id or Logical.Whole) => dialect == SampleDialect.Postgres ? "integer" : "INTEGER",
        (SampleDialect.Postgres, Logical.Name) => "text",
        (SampleDialect.MySql, Logical.Name) => "VARCHAR(120)",
        (SampleDialect.Postgres, Logical.ShortText) => "varchar(40)",
        (SampleDialect.MySql, Logical.ShortText) => "VARCHAR(40)",
        (_, Logical.Name or Logical.ShortText) => "TEXT",
        (SampleDialect.Postgres, Logical.Money) => "numeric(12,2)",
        (_, Logical.Money) => "DECIMAL(12,2)",
        (SampleDialect.Postgres, Logical.Day) => "date",
        (_, Logical.Day) => "DATE",
        (SampleDialect.Postgres, Logical.Moment) => "timestamp",
        (SampleDialect.MySql, Logical.Moment) => "DATETIME",
        (_, Logical.Moment) => "TIMESTAMP",
        (SampleDialect.Postgres, Logical.Flag) => "boolean",
        (_, Logical.Flag) => "BOOLEAN",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static string Literal(SampleDialect dialect, object? value) => value switch
    {
        null => "NULL",
        bool flag => dialect == SampleDialect.Sqlite ? (flag ? "1" : "0") : (flag ? "TRUE" : "FALSE"),
        int whole => whole.ToString(CultureInfo.InvariantCulture),
        decimal money => money.ToString("0.00", CultureInfo.InvariantCulture),
        DateOnly day => $"'{day:yyyy-MM-dd}'",
        DateTime moment => $"'{moment:yyyy-MM-dd HH:mm:ss}'",
        string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    private static readonly DateOnly FirstDay = new(2025, 1, 1);
    private static readonly string[] RegionNames = ["North", "South", "East", "West", "Central", "Islands"];
    private static readonly string[] Cities = ["Lyon", "Porto", "Gent", "Graz", "Turku", "Bari", "Cork", "Brno"];
    private static readonly string[] Countries = ["FR", "PT", "BE", "AT", "FI", "IT", "IE", "CZ"];
    private static readonly string[] Methods = ["card", "transfer", "cash"];

    /// <summary>The price of a product, shared by products and order_items so totals add up.</summary>
    private static decimal Price(int product) => 5m + (product * 37 % 400) + (product % 4 * 0.25m);

    private static IEnumerable<object?[]> Rows(string table) => table switch
    {
        "regions" => Enumerable.Range(1, Regions).Select(i => new object?[] { i, RegionNames[i - 1] }),
        "employees" => Enumerable.Range(1, Employees).Select(i => new object?[]
            { i, $"Employee {i:000}", (i % Regions) + 1, i <= 4 ? null : ((i - 1) % 4) + 1, FirstDay.AddDays(-(i * 53)) }),
        "customers" => Enumerable.Range(1, Customers).Select(i => new object?[]
            { i, $"Customer {i:000}", $"customer{i}@example.test", (i % Regions) + 1, FirstDay.ToDateTime(TimeOnly.MinValue).AddHours(i * 17), i % 7 != 0 }),
        "addresses" => Enumerable.Range(1, Customers).Select(i => new object?[] { i, i, Cities[i % Cities.Length], Countries[i % Countries.Length] }),
        "categories" => Enumerable.Range(1, Categories).Select(i => new object?[] { i, $"Category {i:00}" }),
        "products" => Enumerable.Range(1, Products).Select(i => new object?[] { i, $"Product {i:000}", $"SKU-{i * 7919 % 100000:00000}", Price(i) }),
        "product_categories" => Enumerable.Range(1, Products).SelectMany(p => new[] { (p % Categories) + 1, ((p * 5) % Categories) + 1 }.Distinct()
            .Select(c => new object?[] { p, c })),
        "orders" => Enumerable.Range(1, Orders).Select(i => new object?[]
            { i, (i * 7 % Customers) + 1, i % 10 == 0 ? null : (i % Employees) + 1, Statuses[i * 3 % Statuses.Count], FirstDay.AddDays(i * 7 % 700), OrderTotal(i) }),
        "order_items" => Enumerable.Range(1, Orders).SelectMany(o => Enumerable.Range(0, OrderItemsPerOrder).Select(k => new object?[]
            { ((o - 1) * OrderItemsPerOrder) + k + 1, o, ItemProduct(o, k), ItemQuantity(o, k), Price(ItemProduct(o, k)) })),
        "payments" => Enumerable.Range(1, Orders).Where(o => Statuses[o * 3 % Statuses.Count] is not ("pending" or "cancelled")).Select(o => new object?[]
            { o, o, OrderTotal(o), FirstDay.AddDays(o * 7 % 700).ToDateTime(new TimeOnly(10, 0)).AddMinutes(o % 600), Methods[o % Methods.Length] }),
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };

    private static int ItemProduct(int order, int item) => ((order * 13) + (item * 71)) % Products + 1;

    private static int ItemQuantity(int order, int item) => ((order + item) % 5) + 1;

    private static decimal OrderTotal(int order) =>
        Enumerable.Range(0, OrderItemsPerOrder).Sum(k => ItemQuantity(order, k) * Price(ItemProduct(order, k)));
}
