using System.Data.Common;
using System.Diagnostics;
using MySqlConnector;
using Planck.Application.Databases.Engines;
using Planck.Domain.Databases;
using Planck.Infrastructure.Databases.MySql;
using Planck.Tests.Fixtures.Databases;

namespace Planck.Infrastructure.IntegrationTests.Databases;

/// <summary>
/// The sample in a fresh database on the MariaDB server build/test.sh starts (PLANCK_TEST_MARIADB, a user with every
/// privilege), read through a user made for the test that may only SELECT and SHOW VIEW on that database.
/// </summary>
public sealed class MySqlSampleDatabase : SampleDatabase
{
    public const string EnvironmentVariable = "PLANCK_TEST_MARIADB";

    public string Name { get; } = "planck_test_" + Guid.NewGuid().ToString("N")[..16];

    public string Reader { get; } = "planck_reader_" + Guid.NewGuid().ToString("N")[..12];

    public string ReaderPassword { get; } = "pw-" + Guid.NewGuid().ToString("N");

    public static string ServerConnectionString => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException(
            $"{EnvironmentVariable} is not set. Run the tests with build/test.sh, which starts MariaDB, or point {EnvironmentVariable} at a server.");

    public string OwnerConnectionString => new MySqlConnectionStringBuilder(ServerConnectionString) { Database = Name }.ConnectionString;

    public string ReaderConnectionString => ConnectionStringFor(Reader, ReaderPassword);

    public string ConnectionStringFor(string user, string password) =>
        new MySqlConnectionStringBuilder(OwnerConnectionString) { UserID = user, Password = password }.ConnectionString;

    public override SampleDialect Dialect => SampleDialect.MySql;

    public static DatabaseTarget TargetFor(string connectionString) => new(Guid.NewGuid(), Guid.NewGuid(), DatabaseType.Mysql, connectionString);

    public override async Task InitializeAsync()
    {
        await using (var server = new MySqlConnection(ServerConnectionString))
        {
            await server.OpenAsync();
            await ExecuteAsync(server, $"CREATE DATABASE `{Name}` CHARACTER SET utf8mb4");
        }

        await LoadSampleAsync();
        await ExecuteAsOwnerAsync(
            $"CREATE USER '{Reader}'@'%' IDENTIFIED BY '{ReaderPassword}'",
            $"GRANT SELECT, SHOW VIEW ON `{Name}`.* TO '{Reader}'@'%'",
            "ANALYZE TABLE " + string.Join(", ", SampleSchema.TableNames));
        Engine = new MySqlDatabaseEngine();
        Target = TargetFor(ReaderConnectionString);
    }

    public override async Task DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await using var server = new MySqlConnection(ServerConnectionString);
        await server.OpenAsync();
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS `{Name}`");
        await ExecuteAsync(server, $"DROP USER IF EXISTS '{Reader}'@'%'");
    }

    protected override async Task<DbConnection> OpenOwnerAsync()
    {
        var connection = new MySqlConnection(OwnerConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public override async Task<int?> RunningStatementsAsync()
    {
        await using var connection = await OpenOwnerAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = @user AND COMMAND = 'Query'";
        command.Parameters.Add(new MySqlParameter("@user", Reader));
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsOwnerAsync(params IEnumerable<string> statements)
    {
        await using var connection = await OpenOwnerAsync();
        foreach (var statement in statements)
        {
            await ExecuteAsync(connection, statement);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string statement)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = statement;
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class MySqlDatabaseEngineTests(MySqlSampleDatabase database) : DatabaseEngineContract<MySqlSampleDatabase>(database)
{
    /// <summary>MariaDB ends unbounded recursion at max_recursive_iterations before any timeout; the engine refuses the cut-off result.</summary>
    protected override bool IsStoppedRunaway(DatabaseEngineException failure) =>
        base.IsStoppedRunaway(failure) || MySqlHostileSqlSuite.StoppedAtRecursionLimit(failure);

    [Theory]
    [InlineData("COMMIT; DELETE FROM payments")]
    [InlineData("ROLLBACK; DELETE FROM payments")]
    [InlineData("SELECT * FROM regions INTO OUTFILE '/tmp/planck_probe.csv'")]
    [InlineData("CREATE TEMPORARY TABLE planck_probe (id integer)")]
    [InlineData("TRUNCATE payments")]
    [InlineData("SET GLOBAL max_connections = 1")]
    [InlineData("LOCK TABLES payments WRITE")]
    [InlineData("CREATE PROCEDURE planck_probe() DELETE FROM payments")]
    [InlineData("LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE regions")]
    public async Task A_mysql_write_in_disguise_fails_and_changes_nothing(string sql) => await RefusedAsync(sql);

    [Fact]
    public async Task Comments_on_tables_and_columns_are_descriptions()
    {
        var catalog = await ReadCatalogAsync();

        var orders = Table(catalog, "orders");
        orders.Schema.ShouldBeNull();
        orders.Description.ShouldBe("One order per checkout");
        orders.Columns.Single(c => c.Name == "status").Description.ShouldBe("pending, paid, shipped, delivered or cancelled");
        orders.Columns.Single(c => c.Name == "total").Type.ShouldBe("decimal(12,2)");
        orders.ApproximateRows!.Value.ShouldBeInRange(SampleSchema.Orders / 2, SampleSchema.Orders * 2);
        Table(catalog, "customers").Columns.Single(c => c.Name == "email").Description.ShouldBe("Where invoices are sent");
        Table(catalog, "customer_order_totals").Description.ShouldBeNull();
    }

    [Fact]
    public async Task Values_come_back_as_the_types_the_result_promises()
    {
        var result = await RunAsync("""
            SELECT o.total, o.ordered_on, c.created_at, c.is_active, 2.5e0 AS ratio, CAST(18446744073709551615 AS UNSIGNED) AS huge,
                   JSON_OBJECT('a', 1) AS doc, TIME('10:30:00') AS at_time
            FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = 1
            """);

        var row = result.Rows.Single();
        row[0].ShouldBeOfType<decimal>();
        row[1].ShouldBe(new DateOnly(2025, 1, 8));
        row[2].ShouldBeOfType<DateTime>().Kind.ShouldBe(DateTimeKind.Unspecified);
        row[3].ShouldBe(true);
        row[4].ShouldBe(2.5);
        row[5].ShouldBe(18446744073709551615m);
        row[6].ShouldBe("{\"a\": 1}");
        row[7].ShouldBe("10:30:00");
        result.Columns.Select(c => c.Kind).ShouldBe([ResultKind.Number, ResultKind.Date, ResultKind.DateTime, ResultKind.Boolean, ResultKind.Number, ResultKind.WholeNumber, ResultKind.Text, ResultKind.Other]);
    }

    [Fact]
    public async Task A_huge_result_stops_at_max_rows_without_reading_the_rest()
    {
        var started = Stopwatch.StartNew();

        var result = await RunAsync("SELECT a.id, b.id FROM order_items a CROSS JOIN order_items b", new QueryLimits(10, TimeSpan.FromSeconds(15)));

        result.Rows.Count.ShouldBe(10);
        result.Truncated.ShouldBeTrue();
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        (await RunAsync("SELECT COUNT(*) FROM regions")).Rows.Single()[0].ShouldBe((long)SampleSchema.Regions);
    }

    [Fact]
    public async Task The_test_superuser_is_refused_with_the_recipe_for_a_read_only_user()
    {
        var refused = await Should.ThrowAsync<DatabaseRefusedException>(() =>
            Database.Engine.ReadCatalogAsync(MySqlSampleDatabase.TargetFor(Database.OwnerConnectionString), Limits, CancellationToken.None));

        refused.Message.ShouldContain("ALL PRIVILEGES");
        refused.Message.ShouldContain("GRANT OPTION");
        refused.Message.ShouldContain("CREATE USER 'planck_reader'@'%' IDENTIFIED BY");
        refused.Message.ShouldContain($"GRANT SELECT, SHOW VIEW ON `{Database.Name}`.*");
        // SHOW GRANTS lines carry the password hash: never quoted back.
        refused.Message.ShouldNotContain("PASSWORD '");
    }

    [Fact]
    public async Task A_superuser_s_query_is_refused_too()
    {
        await Should.ThrowAsync<DatabaseRefusedException>(() => Database.Engine.QueryAsync(
            MySqlSampleDatabase.TargetFor(Database.OwnerConnectionString), "SELECT 1", Query, CancellationToken.None));
    }

    [Theory]
    [InlineData("GRANT INSERT ON `{1}`.regions TO '{0}'@'%'", "INSERT")]
    [InlineData("GRANT UPDATE (name) ON `{1}`.regions TO '{0}'@'%'", "UPDATE")]
    [InlineData("GRANT CREATE TEMPORARY TABLES ON `{1}`.* TO '{0}'@'%'", "CREATE TEMPORARY TABLES")]
    [InlineData("GRANT FILE ON *.* TO '{0}'@'%'", "FILE")]
    [InlineData("GRANT SELECT ON `{1}`.regions TO '{0}'@'%' WITH GRANT OPTION", "GRANT OPTION")]
    [InlineData("GRANT {2} TO '{0}'@'%'", "a role whose privileges it cannot show")]
    [InlineData("GRANT {2} TO '{0}'@'%'; SET DEFAULT ROLE {2} FOR '{0}'@'%'", "DELETE")]
    public async Task A_user_that_can_write_is_refused(string grant, string reason)
    {
        var writer = "planck_writer_" + Guid.NewGuid().ToString("N")[..12];
        var role = "planck_role_" + Guid.NewGuid().ToString("N")[..12];
        await Database.ExecuteAsOwnerAsync([
            $"CREATE USER '{writer}'@'%' IDENTIFIED BY 'w'",
            $"GRANT SELECT ON `{Database.Name}`.* TO '{writer}'@'%'",
            $"CREATE ROLE {role}",
            $"GRANT SELECT, DELETE ON `{Database.Name}`.payments TO {role}",
            .. string.Format(System.Globalization.CultureInfo.InvariantCulture, grant, writer, Database.Name, role).Split("; ")]);
        try
        {
            var target = MySqlSampleDatabase.TargetFor(Database.ConnectionStringFor(writer, "w"));

            var refused = await Should.ThrowAsync<DatabaseRefusedException>(() => Database.Engine.ReadCatalogAsync(target, Limits, CancellationToken.None));

            refused.Message.ShouldContain(reason);
            refused.Message.ShouldContain(writer);
        }
        finally
        {
            MySqlConnection.ClearAllPools();
            await Database.ExecuteAsOwnerAsync($"DROP USER '{writer}'@'%'", $"DROP ROLE {role}");
        }
    }

    [Fact]
    public async Task No_message_carries_the_password_or_the_connection_string()
    {
        var builder = new MySqlConnectionStringBuilder(Database.ReaderConnectionString);
        var failures = new List<Exception>
        {
            await Should.ThrowAsync<DatabaseEngineException>(() => RunAsync("SELECT no_such_column FROM orders")),
            await Should.ThrowAsync<DatabaseEngineException>(() => RunAsync("DELETE FROM payments")),
            await Should.ThrowAsync<DatabaseEngineException>(() => RunAsync("SELECT SLEEP(5)", OneSecond)),
            await Should.ThrowAsync<DatabaseEngineException>(() => Database.Engine.QueryAsync(
                MySqlSampleDatabase.TargetFor(new MySqlConnectionStringBuilder(builder.ConnectionString) { Database = "no_such_database" }.ConnectionString),
                "SELECT 1", Query, CancellationToken.None)),
            await Should.ThrowAsync<DatabaseEngineException>(() => Database.Engine.QueryAsync(
                MySqlSampleDatabase.TargetFor(new MySqlConnectionStringBuilder(builder.ConnectionString) { Port = 1 }.ConnectionString),
                "SELECT 1", Query, CancellationToken.None)),
            await Should.ThrowAsync<DatabaseEngineException>(() => Database.Engine.QueryAsync(
                MySqlSampleDatabase.TargetFor($"Server=127.0.0.1;Password={Database.ReaderPassword};Bogus Key=1"), "SELECT 1", Query, CancellationToken.None)),
            await Should.ThrowAsync<DatabaseEngineException>(() => Database.Engine.QueryAsync(
                MySqlSampleDatabase.TargetFor(new MySqlConnectionStringBuilder(builder.ConnectionString) { Database = "" }.ConnectionString), "SELECT 1", Query, CancellationToken.None)),
            await Should.ThrowAsync<DatabaseEngineException>(() => Database.Engine.QueryAsync(
                MySqlSampleDatabase.TargetFor(new MySqlConnectionStringBuilder(builder.ConnectionString) { Password = "wrong-" + Database.ReaderPassword }.ConnectionString),
                "SELECT 1", Query, CancellationToken.None)),
        };

        foreach (var failure in failures)
        {
            failure.Message.ShouldNotContain(Database.ReaderPassword);
            failure.Message.ShouldNotContain("Password=", Case.Insensitive);
        }

        failures[2].ShouldBeOfType<DatabaseEngineException>().Failure.ShouldBe(DatabaseFailure.Timeout);
        failures.Skip(3).ShouldAllBe(f => ((DatabaseEngineException)f).Failure == DatabaseFailure.Connection);
        failures[4].Message.ShouldContain("127.0.0.1");
        failures[6].Message.ShouldContain("names no Database");
    }

    [Fact]
    public async Task The_catalog_is_cut_at_max_tables()
    {
        var catalog = await Database.Engine.ReadCatalogAsync(Database.Target, Limits with { MaxTables = 3 }, CancellationToken.None);

        catalog.Tables.Count.ShouldBe(3);
    }
}

public sealed class MySqlHostileSqlSuite(MySqlSampleDatabase database) : HostileSqlSuite<MySqlSampleDatabase>(database)
{
    protected override Application.Databases.Sql.SqlDialect Dialect => Application.Databases.Sql.SqlDialect.Mysql;

    protected override string DialectName => HostileSqlPayloads.Mysql;

    public static bool StoppedAtRecursionLimit(DatabaseEngineException failure) =>
        failure.Failure == DatabaseFailure.Statement && failure.Message.Contains("max_recursive_iterations", StringComparison.Ordinal);

    protected override bool IsStoppedRunaway(DatabaseEngineException failure) => base.IsStoppedRunaway(failure) || StoppedAtRecursionLimit(failure);
}
