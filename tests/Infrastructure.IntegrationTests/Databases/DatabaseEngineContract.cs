using System.Diagnostics;
using Planck.Application.Databases.Catalog;
using Planck.Application.Databases.Engines;
using Planck.Tests.Fixtures.Databases;

namespace Planck.Infrastructure.IntegrationTests.Databases;

/// <summary>
/// What every engine promises on the sample shop, whatever its SQL: the catalog it reads, typed and bounded results,
/// timeouts that stop runaway statements, and its own refusal of writes that slipped past the validator.
/// </summary>
public abstract class DatabaseEngineContract<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : SampleDatabase
{
    protected static readonly CatalogLimits Limits = new(TimeSpan.FromSeconds(30), 500, 20);
    protected static readonly QueryLimits Query = new(1000, TimeSpan.FromSeconds(15));
    protected static readonly QueryLimits OneSecond = new(1000, TimeSpan.FromSeconds(1));

    protected TDatabase Database => database;

    protected Task<DatabaseCatalog> ReadCatalogAsync() => database.Engine.ReadCatalogAsync(database.Target, Limits, CancellationToken.None);

    protected Task<QueryResult> RunAsync(string sql, QueryLimits? limits = null) =>
        database.Engine.QueryAsync(database.Target, sql, limits ?? Query, CancellationToken.None);

    /// <summary>How this engine stops a read-only blow-up: its statement timeout, unless the engine has a nearer limit.</summary>
    protected virtual bool IsStoppedRunaway(DatabaseEngineException failure) => failure.Failure == DatabaseFailure.Timeout;

    protected static CatalogTable Table(DatabaseCatalog catalog, string name) => catalog.Tables.Single(t => t.Name == name);

    [Fact]
    public async Task The_catalog_lists_every_table_and_the_view_with_columns_and_keys()
    {
        var catalog = await ReadCatalogAsync();

        catalog.Tables.Where(t => t.Kind == CatalogTableKind.Table).Select(t => t.Name).ShouldBe(SampleSchema.TableNames, ignoreOrder: true);
        Table(catalog, "customer_order_totals").Kind.ShouldBe(CatalogTableKind.View);
        var orders = Table(catalog, "orders");
        orders.Columns.Select(c => c.Name).ShouldBe(["id", "customer_id", "employee_id", "status", "ordered_on", "total"]);
        orders.PrimaryKey.ShouldBe(["id"]);
        orders.Columns.Single(c => c.Name == "employee_id").Nullable.ShouldBeTrue();
        orders.Columns.Single(c => c.Name == "status").Nullable.ShouldBeFalse();
        orders.ForeignKeys.ShouldContain(k => k.ReferencedTable == "customers" && k.Columns.SequenceEqual(new[] { "customer_id" }) && k.ReferencedColumns.SequenceEqual(new[] { "id" }));
        Table(catalog, "product_categories").PrimaryKey.ShouldBe(["product_id", "category_id"]);
        Table(catalog, "product_categories").ForeignKeys.Select(k => k.ReferencedTable).ShouldBe(["categories", "products"], ignoreOrder: true);
        Table(catalog, "employees").ForeignKeys.ShouldContain(k => k.ReferencedTable == "employees");
    }

    [Fact]
    public async Task The_catalog_profiles_low_cardinality_text_and_the_range_of_dates_and_amounts()
    {
        var catalog = await ReadCatalogAsync();

        var orders = Table(catalog, "orders");
        orders.Columns.Single(c => c.Name == "status").Profile!.DistinctValues.ShouldBe(SampleSchema.Statuses, ignoreOrder: true);
        var ordered = orders.Columns.Single(c => c.Name == "ordered_on").Profile!;
        ordered.Min.ShouldBe("2025-01-01");
        ordered.Max!.ShouldStartWith("2026-");
        decimal.Parse(orders.Columns.Single(c => c.Name == "total").Profile!.Max!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(100m);
        // Five hundred names are not a short list of values.
        Table(catalog, "customers").Columns.Single(c => c.Name == "name").Profile?.DistinctValues.ShouldBeNull();
        orders.ApproximateRows.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_query_returns_typed_rows()
    {
        var result = await RunAsync(
            "SELECT o.id, o.status, o.total, o.ordered_on, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id <= 3 ORDER BY o.id");

        result.Columns.Select(c => c.Name).ShouldBe(["id", "status", "total", "ordered_on", "name"]);
        result.Columns[0].Kind.ShouldBe(ResultKind.WholeNumber);
        result.Columns[1].Kind.ShouldBe(ResultKind.Text);
        result.Columns[2].Kind.ShouldBe(ResultKind.Number);
        result.Rows.Count.ShouldBe(3);
        Convert.ToInt64(result.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(1);
        result.Rows[0][1].ShouldBe(SampleSchema.Statuses[3]);
        result.Rows[0][4].ShouldBe("Customer 008");
        result.Truncated.ShouldBeFalse();
    }

    [Fact]
    public async Task A_query_stops_after_max_rows_and_says_so()
    {
        var result = await RunAsync("SELECT id FROM order_items ORDER BY id", new QueryLimits(25, TimeSpan.FromSeconds(15)));

        result.Rows.Count.ShouldBe(25);
        result.Truncated.ShouldBeTrue();
    }

    [Fact]
    public async Task Exactly_max_rows_is_not_truncated()
    {
        var result = await RunAsync("SELECT id FROM regions", new QueryLimits(SampleSchema.Regions, TimeSpan.FromSeconds(15)));

        result.Rows.Count.ShouldBe(SampleSchema.Regions);
        result.Truncated.ShouldBeFalse();
    }

    [Theory]
    [InlineData("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT COUNT(*) FROM r")]
    [InlineData("SELECT COUNT(*) FROM order_items a, order_items b, order_items c")]
    public async Task A_runaway_statement_is_stopped(string sql)
    {
        var started = Stopwatch.StartNew();

        var failed = await Should.ThrowAsync<DatabaseEngineException>(() => RunAsync(sql, OneSecond));

        IsStoppedRunaway(failed).ShouldBeTrue($"{failed.Failure}: {failed.Message}");
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        // The connection is usable afterwards: the next question works.
        (await RunAsync("SELECT COUNT(*) FROM regions")).Rows.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(50)]
    [InlineData(100)]
    [InlineData(500)]
    public async Task Cancelling_stops_a_running_query_on_the_server(int afterMilliseconds)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(afterMilliseconds));
        var started = Stopwatch.StartNew();

        await Should.ThrowAsync<OperationCanceledException>(() => database.Engine.QueryAsync(
            database.Target, "SELECT COUNT(*) FROM order_items a, order_items b, order_items c", Query, cancel.Token));

        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        // The client leaving must end the statement on the database, not only stop waiting for it. The query would run
        // for minutes and its timeout is 15 s, so a count of zero within 5 s means it was cancelled there.
        var running = await database.RunningStatementsAsync();
        while (running > 0 && started.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(100);
            running = await database.RunningStatementsAsync();
        }

        running.ShouldBeOneOf(null, 0);
    }

    [Theory]
    [MemberData(nameof(EngineStatements.Writes), MemberType = typeof(EngineStatements))]
    public async Task A_write_sent_straight_to_the_engine_fails_and_changes_nothing(string sql) => await RefusedAsync(sql);

    protected async Task RefusedAsync(string sql)
    {
        var before = await database.StateAsync();

        var failed = await Should.ThrowAsync<DatabaseEngineException>(() => RunAsync(sql));

        failed.Failure.ShouldBeOneOf(DatabaseFailure.ReadOnlyViolation, DatabaseFailure.Statement);
        (await database.StateAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_failing_statement_is_a_statement_failure_the_model_can_correct()
    {
        var failed = await Should.ThrowAsync<DatabaseEngineException>(() => RunAsync("SELECT no_such_column FROM orders"));

        failed.Failure.ShouldBe(DatabaseFailure.Statement);
        failed.Message.ShouldContain("no_such_column");
    }
}

/// <summary>Writes every engine must refuse on its own, as the validator would have.</summary>
public static class EngineStatements
{
    public static TheoryData<string> Writes() => new()
    {
        "INSERT INTO regions (id, name) VALUES (99, 'Nowhere')",
        "UPDATE orders SET status = 'paid'",
        "DELETE FROM payments",
        "CREATE TABLE planck_probe (id integer)",
        "DROP TABLE payments",
        "CREATE VIEW planck_probe AS SELECT 1 AS one",
        "ALTER TABLE orders ADD COLUMN planck_probe integer",
    };
}
