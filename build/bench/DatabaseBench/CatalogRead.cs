using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Npgsql;
using Planck.Application.Databases.Catalog;
using Planck.Application.Databases.Engines;
using Planck.Domain.Databases;

namespace Planck.Bench.Databases;

/// <summary>
/// The <c>catalog</c> verb: builds the 200-table schema of <see cref="CatalogSchema"/> in the target as its owner, makes
/// the read-only role the engine demands, then reads and profiles the catalog through the engine the server resolves
/// from DI with the server's default limits: one cold run and five more. Drops everything it made, also when it fails.
/// </summary>
internal static class CatalogRead
{
    public const int NoEngineExitCode = 3;
    private const int WarmRuns = 5;

    public static async Task<int> RunAsync(string engine, string connection, JsonSerializerOptions json)
    {
        var schema = CatalogSchema.Generate();
        var fixture = CatalogFixture.For(engine, connection);
        // Planck's own data directory (keys, its database) for this process only: removed with the rest at the end.
        var dataDirectory = Path.Combine(Path.GetTempPath(), "planck-catbench-data-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["Planck:DataDirectory"] = dataDirectory };
        // A run that died half-way left its database behind: start clean.
        await fixture.DropAsync();
        try
        {
            var setup = Stopwatch.StartNew();
            var target = await fixture.CreateAsync(schema);
            setup.Stop();
            await using var services = Host.Build("sqlite", null, settings: settings);
            await using var scope = services.CreateAsyncScope();
            var engines = scope.ServiceProvider.GetRequiredService<DatabaseEngines>();
            if (!engines.Supports(fixture.Type))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    engine,
                    error = $"no engine: this build registers no IDatabaseEngine for {fixture.Type}",
                    schema_built_ms = Math.Round(setup.Elapsed.TotalMilliseconds),
                    tables_created = schema.Count,
                }, json));
                return NoEngineExitCode;
            }

            var limits = engines.CatalogLimits;
            if (limits.MaxTables < schema.Count)
            {
                throw new InvalidOperationException(
                    $"The server's default Planck:Databases:MaxTables is {limits.MaxTables}, below the {schema.Count} tables of this benchmark: a 200-table schema is cut by default.");
            }

            var databaseTarget = new DatabaseTarget(Guid.NewGuid(), Guid.NewGuid(), fixture.Type, target);
            var times = new List<double>();
            DatabaseCatalog? catalog = null;
            var profiledPerRun = new List<int>();
            for (var run = 0; run <= WarmRuns; run++)
            {
                var started = Stopwatch.StartNew();
                catalog = await engines.For(fixture.Type).ReadCatalogAsync(databaseTarget, limits, CancellationToken.None);
                times.Add(started.Elapsed.TotalMilliseconds);
                profiledPerRun.Add(catalog.Tables.Sum(t => t.Columns.Count(c => c.Profile is not null)));
                RequireEveryTable(catalog, schema, limits);
            }

            var columns = catalog!.Tables.SelectMany(t => t.Columns).ToList();
            var sorted = times.Order().ToList();
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                engine,
                tables_created = schema.Count,
                rows_loaded = schema.Sum(t => (long)t.Rows),
                schema_built_ms = Math.Round(setup.Elapsed.TotalMilliseconds),
                limits = new { timeout_s = limits.Timeout.TotalSeconds, max_tables = limits.MaxTables, profile_distinct_values = limits.ProfileDistinctValues },
                tables_read = catalog.Tables.Count,
                columns = columns.Count,
                foreign_keys = catalog.Tables.Sum(t => t.ForeignKeys.Count),
                described_tables = catalog.Tables.Count(t => t.Description is not null),
                approximate_rows = catalog.Tables.Sum(t => t.ApproximateRows ?? 0),
                profilable_columns = CatalogSchema.ProfilableColumns(schema),
                many_valued_text_columns = CatalogSchema.ManyValuedColumns(schema),
                profiled_columns = columns.Count(c => c.Profile is not null),
                profiled_values = columns.Count(c => c.Profile?.DistinctValues is not null),
                profiled_ranges = columns.Count(c => c.Profile is { DistinctValues: null }),
                profiled_per_run = profiledPerRun,
                runs_ms = times.Select(t => Math.Round(t, 1)).ToList(),
                cold_ms = Math.Round(times[0], 1),
                median_ms = Math.Round((sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2, 1),
                max_ms = Math.Round(sorted[^1], 1),
            }, json));
            return 0;
        }
        finally
        {
            await fixture.DropAsync();
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    private static void RequireEveryTable(DatabaseCatalog catalog, IReadOnlyList<SchemaTable> schema, CatalogLimits limits)
    {
        var read = catalog.Tables.Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = schema.Where(t => !read.Contains(t.Name)).Select(t => t.Name).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The catalog lacks {missing.Count} of the {schema.Count} tables (read {catalog.Tables.Count}, MaxTables {limits.MaxTables}), e.g. {string.Join(", ", missing.Take(5))}."));
        }
    }
}

/// <summary>One engine's way to build the schema as its owner, make the read-only role, and drop both again.</summary>
internal abstract class CatalogFixture
{
    protected const string DatabaseName = "planck_catbench";
    protected const string ReaderName = "planck_catbench_reader";

    // Known only to this process; the role is dropped at the end anyway.
    protected static readonly string ReaderPassword = "catbench-" + Guid.NewGuid().ToString("N");

    public abstract DatabaseType Type { get; }

    /// <summary>Configuration the server needs to reach the target (SQLite's directory).</summary>
    public virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public static CatalogFixture For(string engine, string connection) => engine switch
    {
        "sqlite" => new SqliteCatalogFixture(connection),
        "postgres" => new PostgresCatalogFixture(connection),
        "mysql" => new MysqlCatalogFixture(connection),
        _ => throw new ArgumentException($"Unknown engine {engine}: sqlite, postgres or mysql.", nameof(engine)),
    };

    /// <summary>Builds and loads the schema and the read-only role; returns the connection string the server is given.</summary>
    public abstract Task<string> CreateAsync(IReadOnlyList<SchemaTable> schema);

    public abstract Task DropAsync();

    protected static async Task ExecuteAsync(DbConnection connection, IEnumerable<string> statements, DbTransaction? transaction = null)
    {
        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.CommandTimeout = 600;
            command.Transaction = transaction;
            try
            {
                await command.ExecuteNonQueryAsync();
            }
            catch (DbException failed)
            {
                throw new InvalidOperationException($"Setup failed on: {(statement.Length > 400 ? statement[..400] + " …" : statement)}\n{failed.Message}", failed);
            }
        }
    }
}

internal sealed class SqliteCatalogFixture(string directory) : CatalogFixture
{
    private const string FileName = "planck-catbench.sqlite";
    private readonly string _directory = Path.GetFullPath(directory);

    private string File => Path.Combine(_directory, FileName);

    public override DatabaseType Type => DatabaseType.Sqlite;

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Planck:Databases:SqliteDirectory"] = _directory };

    public override async Task<string> CreateAsync(IReadOnlyList<SchemaTable> schema)
    {
        Directory.CreateDirectory(_directory);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = File, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, CatalogSchema.CreateStatements(SchemaDialect.Sqlite, schema), transaction);
        await ExecuteAsync(connection, CatalogSchema.LoadStatements(SchemaDialect.Sqlite, schema), transaction);
        await transaction.CommitAsync();
        // No ANALYZE: SQLite never gathers statistics by itself, so a file as people hand it over has none, and the
        // engine counts rows instead. A file is read-only for the server by construction; no role to make.
        return FileName;
    }

    public override Task DropAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-journal", "-wal", "-shm" })
        {
            System.IO.File.Delete(File + suffix);
        }

        return Task.CompletedTask;
    }
}

internal sealed class PostgresCatalogFixture(string connection) : CatalogFixture
{
    private readonly NpgsqlConnectionStringBuilder _admin = new(connection);

    public override DatabaseType Type => DatabaseType.Postgresql;

    public override async Task<string> CreateAsync(IReadOnlyList<SchemaTable> schema)
    {
        await using (var server = await OpenAsync(AdminDatabase))
        {
            await ExecuteAsync(server, [$"CREATE DATABASE {DatabaseName}"]);
        }

        await using (var database = await OpenAsync(DatabaseName))
        {
            await ExecuteAsync(database, CatalogSchema.CreateStatements(SchemaDialect.Postgres, schema));
            await ExecuteAsync(database, CatalogSchema.LoadStatements(SchemaDialect.Postgres, schema));
            // Autovacuum would analyse the fresh tables within a minute, racing the runs; a live database has its statistics.
            await ExecuteAsync(database,
            [
                "ANALYZE",
                $"CREATE ROLE {ReaderName} LOGIN PASSWORD '{ReaderPassword}'",
                $"GRANT CONNECT ON DATABASE {DatabaseName} TO {ReaderName}",
                $"GRANT USAGE ON SCHEMA public TO {ReaderName}",
                $"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {ReaderName}",
                // The README's step for PostgreSQL 14 and older, harmless on 15+.
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            ]);
        }

        return new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = DatabaseName, Username = ReaderName, Password = ReaderPassword }.ConnectionString;
    }

    public override async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var server = await OpenAsync(AdminDatabase);
        await ExecuteAsync(server, [$"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)", $"DROP ROLE IF EXISTS {ReaderName}"]);
    }

    private string AdminDatabase => string.IsNullOrEmpty(_admin.Database) || _admin.Database == DatabaseName ? "postgres" : _admin.Database;

    private async Task<NpgsqlConnection> OpenAsync(string database)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = database, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}

internal sealed class MysqlCatalogFixture(string connection) : CatalogFixture
{
    // Any host: the README's recipe. Connections from 127.0.0.1 match it unless an anonymous user is more specific.
    private const string Reader = $"'{ReaderName}'@'%'";
    private readonly MySqlConnectionStringBuilder _admin = new(connection);

    public override DatabaseType Type => DatabaseType.Mysql;

    public override async Task<string> CreateAsync(IReadOnlyList<SchemaTable> schema)
    {
        await using (var server = await OpenAsync(_admin))
        {
            await ExecuteAsync(server, [$"CREATE DATABASE `{DatabaseName}` CHARACTER SET utf8mb4", $"USE `{DatabaseName}`"]);
            await ExecuteAsync(server, CatalogSchema.CreateStatements(SchemaDialect.Mysql, schema));
            await ExecuteAsync(server, CatalogSchema.LoadStatements(SchemaDialect.Mysql, schema));
            // InnoDB keeps persistent statistics by itself, but recalculates them in the background: settle them before the runs.
            await ExecuteAsync(server, schema.Chunk(50).Select(tables => "ANALYZE TABLE " + string.Join(", ", tables.Select(t => CatalogSchema.Quote(SchemaDialect.Mysql, t.Name)))));
            await ExecuteAsync(server,
            [
                $"CREATE USER {Reader} IDENTIFIED BY '{ReaderPassword}'",
                $"GRANT SELECT, SHOW VIEW ON `{DatabaseName}`.* TO {Reader}",
            ]);
        }

        var reader = new MySqlConnectionStringBuilder(_admin.ConnectionString) { Database = DatabaseName, UserID = ReaderName, Password = ReaderPassword };
        await RequireReadOnlyAsync(reader, schema);
        return reader.ConnectionString;
    }

    public override async Task DropAsync()
    {
        MySqlConnection.ClearAllPools();
        await using var server = await OpenAsync(_admin);
        await ExecuteAsync(server, [$"DROP DATABASE IF EXISTS `{DatabaseName}`", $"DROP USER IF EXISTS {Reader}"]);
    }

    /// <summary>
    /// Until the engine exists, checks the schema and the recipe themselves: the role signs in, sees every table, column,
    /// foreign key, comment and row the generator made, and cannot write.
    /// </summary>
    private static async Task RequireReadOnlyAsync(MySqlConnectionStringBuilder reader, IReadOnlyList<SchemaTable> schema)
    {
        await using var connection = await OpenAsync(reader);
        var big = schema.First(t => t.Rows == CatalogSchema.BigTableRows);
        (string What, string Sql, long Expected)[] checks =
        [
            ("tables", "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()", schema.Count),
            ("columns", "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()", schema.Sum(t => t.Columns.Count)),
            ("foreign keys", "SELECT COUNT(*) FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE()",
                schema.Sum(t => t.Columns.Count(c => c.Kind == ColumnKind.Reference))),
            ("commented tables", "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_comment <> ''",
                schema.Count(t => t.Comment is not null)),
            ("commented columns", "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND column_comment <> ''",
                schema.Sum(t => t.Columns.Count(c => c.Comment is not null))),
            ($"rows of {big.Name}", $"SELECT COUNT(*) FROM `{big.Name}`", big.Rows),
        ];
        foreach (var (what, sql, expected) in checks)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = sql;
            var seen = Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            if (seen != expected)
            {
                throw new InvalidOperationException($"The read-only role sees {seen} {what}, the generator made {expected}.");
            }
        }

        await using var write = connection.CreateCommand();
        write.CommandText = "CREATE TABLE catbench_write_probe (id INT)";
        try
        {
            await write.ExecuteNonQueryAsync();
        }
        catch (MySqlException)
        {
            return;
        }

        throw new InvalidOperationException("The read-only role could create a table.");
    }

    private static async Task<MySqlConnection> OpenAsync(MySqlConnectionStringBuilder builder)
    {
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
