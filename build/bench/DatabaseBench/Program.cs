using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Planck.Application;
using Planck.Application.Chat;
using Planck.Application.Chat.Answering.Context;
using Planck.Application.Common.Abstractions;
using Planck.Application.Databases;
using Planck.Application.Databases.Answering;
using Planck.Application.Databases.Catalog;
using Planck.Application.Databases.Engines;
using Planck.Bench.Databases;
using Planck.Domain.Databases;
using Planck.Domain.Documents;
using Planck.Domain.Identity;
using Planck.Domain.Workspaces;
using Planck.Infrastructure;
using Planck.Infrastructure.Persistence;

// Verbs (each prints one JSON object):
//   uploaded PROVIDER [CONNECTION_STRING]   a 100,000-row table in a workspace's uploaded tables: the first query (which loads
//                                           the copy) and 50 warm grouped aggregates, p50/p95 of the engine's own time
//   overhead                                the server's own time per database answer over a 200-table catalog, with an
//                                           instant model and an instant query (both excluded by construction): p50/p95
//   catalog sqlite|postgres|mysql CONNECTION  builds a 200-table schema (sqlite: CONNECTION is a directory for the file;
//                                           otherwise an owner's connection string), makes the read-only role, and reads and
//                                           profiles its catalog through the server's engine: 1 cold run + 5; drops it all after.
//                                           Exit code 3: this build has no engine for the type.
var verb = args.Length > 0 ? args[0] : "";
var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
switch (verb)
{
    case "uploaded":
        Console.WriteLine(JsonSerializer.Serialize(await UploadedTables.RunAsync(args[1], args.Length > 2 ? args[2] : null), json));
        return 0;
    case "overhead":
        Console.WriteLine(JsonSerializer.Serialize(await AnswerOverhead.RunAsync(), json));
        return 0;
    case "catalog" when args.Length == 3:
        return await CatalogRead.RunAsync(args[1], args[2], json);
    default:
        Console.Error.WriteLine("usage: Planck.Bench.Databases uploaded sqlite|postgres [CONNECTION_STRING] | overhead | catalog sqlite|postgres|mysql CONNECTION");
        return 2;
}

internal static class Host
{
    public static ServiceProvider Build(
        string provider, string? connectionString, Action<IServiceCollection>? replace = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "planck-dbbench-" + Guid.NewGuid().ToString("N"));
        var values = new Dictionary<string, string?>
        {
            ["Planck:DataDirectory"] = dataDirectory,
            ["Planck:Database:Provider"] = provider == "postgres" ? "Postgres" : "Sqlite",
            ["Planck:Embeddings:Provider"] = "None",
            ["Planck:Documents:RunWorkers"] = "false",
            ["ConnectionStrings:Planck"] = connectionString,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddApplication();
        services.AddInfrastructure(configuration);
        services.AddScoped<ICurrentUser, CurrentUser>();
        replace?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public static double Percentile(List<double> values, double share)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}

internal static class UploadedTables
{
    private const int Rows = 100_000;
    private const string Aggregate = "SELECT customer, count(*) AS invoices, sum(amount) AS total, avg(amount) AS average FROM rows_100000 GROUP BY customer ORDER BY total DESC";

    public static async Task<object> RunAsync(string provider, string? connectionString)
    {
        await using var services = Host.Build(provider, connectionString);
        Guid workspaceId;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
            await db.Database.MigrateAsync();
            workspaceId = await SeedAsync(db);
        }

        await using var query = services.CreateAsyncScope();
        var engine = query.ServiceProvider.GetServices<IDatabaseEngine>().Single(e => e.Type == DatabaseType.Documents);
        var target = new DatabaseTarget(DatabaseDirectory.UploadedTablesId(workspaceId), workspaceId, DatabaseType.Documents, string.Empty);
        var limits = new QueryLimits(1000, TimeSpan.FromSeconds(30));
        var first = Stopwatch.StartNew();
        var firstResult = await engine.QueryAsync(target, Aggregate, limits, CancellationToken.None);
        first.Stop();
        var warm = new List<double>();
        var engineOnly = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var started = Stopwatch.StartNew();
            var result = await engine.QueryAsync(target, Aggregate, limits, CancellationToken.None);
            warm.Add(started.Elapsed.TotalMilliseconds);
            engineOnly.Add(result.Elapsed.TotalMilliseconds);
        }

        return new
        {
            provider,
            rows = Rows,
            groups = firstResult.Rows.Count,
            first_query_with_load_ms = Math.Round(first.Elapsed.TotalMilliseconds, 1),
            warm_p50_ms = Math.Round(Host.Percentile(warm, 0.5), 1),
            warm_p95_ms = Math.Round(Host.Percentile(warm, 0.95), 1),
            statement_only_p50_ms = Math.Round(Host.Percentile(engineOnly, 0.5), 1),
            statement_only_p95_ms = Math.Round(Host.Percentile(engineOnly, 0.95), 1),
        };
    }

    private static async Task<Guid> SeedAsync(PlanckDbContext db)
    {
        var now = DateTimeOffset.UtcNow;
        var user = User.Create($"bench-{Guid.NewGuid():N}@bench.local", "Bench", Role.User, now);
        var workspace = Workspace.Create("Bench " + Guid.NewGuid().ToString("N")[..6], null, now);
        var document = Document.Upload(Guid.CreateVersion7(), workspace.Id, "rows-100000.csv", "bench", DocumentKind.Csv, 1, "00", user.Id, now);
        db.Users.Add(user);
        db.Workspaces.Add(workspace);
        db.Documents.Add(document);
        await db.SaveChangesAsync(CancellationToken.None);
        await db.Documents.Where(d => d.Id == document.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DocumentStatus.Ready).SetProperty(d => d.IndexGeneration, 1));
        var table = new DocumentTable(document.Id, 0, "rows-100000.csv",
            """[{"name":"id","type":"number"},{"name":"customer","type":"string"},{"name":"amount","type":"number"},{"name":"issued_on","type":"date"},{"name":"paid","type":"boolean"}]""", Rows);
        db.DocumentTables.Add(table);
        await db.SaveChangesAsync(CancellationToken.None);
        string[] customers = ["Contoso", "Fabrikam", "Tailspin Toys", "Wide World Importers", "Northwind Labs"];
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var batch = 0; batch < Rows; batch += 5000)
        {
            for (var i = batch + 1; i <= batch + 5000; i++)
            {
                var cells = string.Create(CultureInfo.InvariantCulture,
                    $"[{i},\"{customers[i % customers.Length]}\",{i * 7 % 1000 + 0.5},\"{start.AddDays(i % 365):yyyy-MM-dd}\",{(i % 3 == 0 ? "false" : "true")}]");
                db.DocumentTableRows.Add(new DocumentTableRow(table.Id, i, cells));
            }

            await db.SaveChangesAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
        }

        return workspace.Id;
    }
}

internal static class AnswerOverhead
{
    private const int Tables = 200;

    public static async Task<object> RunAsync()
    {
        var catalog = Catalog(Tables);
        await using var services = Host.Build("sqlite", null, services =>
        {
            services.RemoveAll<IChatModel>();
            services.AddSingleton<IChatModel, InstantModel>();
            services.RemoveAll<IDatabaseEngine>();
            services.AddSingleton<IDatabaseEngine>(new InstantEngine(catalog));
        });
        Guid workspaceId;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
            await db.Database.MigrateAsync();
            var workspace = Workspace.Create("Overhead", null, DateTimeOffset.UtcNow);
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync(CancellationToken.None);
            workspaceId = workspace.Id;
        }

        var databaseId = DatabaseDirectory.UploadedTablesId(workspaceId);
        var context = new AnswerContext(Guid.NewGuid(), Guid.NewGuid(), workspaceId,
            "What was the monthly revenue of invoices by customer region this year?", null, databaseId, []);
        var times = new List<double>();
        for (var i = 0; i < 220; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var source = ActivatorUtilities.CreateInstance<DatabaseQuerySource>(scope.ServiceProvider);
            var started = Stopwatch.StartNew();
            var offer = (await source.OffersAsync(context, CancellationToken.None)).Single();
            var gathered = await source.GatherAsync(context, offer, CancellationToken.None);
            started.Stop();
            if (gathered.Blocks.Count < 2)
            {
                throw new InvalidOperationException("The answer did not reach its table: " + gathered.Text);
            }

            if (i >= 20)
            {
                times.Add(started.Elapsed.TotalMilliseconds);
            }
        }

        return new
        {
            tables = Tables,
            answers = times.Count,
            p50_ms = Math.Round(Host.Percentile(times, 0.5), 2),
            p95_ms = Math.Round(Host.Percentile(times, 0.95), 2),
            max_ms = Math.Round(times.Max(), 2),
        };
    }

    private static DatabaseCatalog Catalog(int tables)
    {
        string[] areas = ["sales", "purchasing", "inventory", "finance", "hr", "support", "marketing", "logistics"];
        return new DatabaseCatalog(Enumerable.Range(0, tables).Select(i =>
        {
            var name = $"{areas[i % areas.Length]}_entity_{i}";
            var columns = new List<CatalogColumn>
            {
                new("id", "integer", false, null, null),
                new("name", "text", true, $"Name of the {name}", new ColumnProfile(["alpha", "beta", "gamma"], null, null)),
                new("amount", "numeric", true, null, new ColumnProfile(null, "0", "1000")),
                new("created_on", "date", true, null, new ColumnProfile(null, "2025-01-01", "2026-12-01")),
            };
            if (i > 0)
            {
                columns.Add(new CatalogColumn($"parent_{i - 1}_id", "integer", true, null, null));
            }

            IReadOnlyList<CatalogForeignKey> keys = i > 0 ? [new CatalogForeignKey([$"parent_{i - 1}_id"], null, $"{areas[(i - 1) % areas.Length]}_entity_{i - 1}", ["id"])] : [];
            return new CatalogTable(null, name, CatalogTableKind.Table, $"The {areas[i % areas.Length]} records, kind {i}", 1000, columns, ["id"], keys);
        }).ToList());
    }

    /// <summary>Answers at once: the SQL for the SQL prompt, a sentence for the result prompt.</summary>
    private sealed class InstantModel : IChatModel
    {
        public bool IsConfigured => true;

        public async IAsyncEnumerable<ChatModelUpdate> StreamAsync(ChatModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            yield return new ChatTextUpdate(request.Messages[0].Text.StartsWith(DatabasePrompts.SqlInstructionsOpening, StringComparison.Ordinal)
                ? "```sql\nSELECT created_on AS month, sum(amount) AS revenue FROM sales_entity_0 GROUP BY created_on ORDER BY created_on\n```"
                : "Revenue grew.");
            yield return new ChatUsageUpdate(100, 10);
        }
    }

    /// <summary>Returns a canned 12-month result at once: the query's own time is not the server's.</summary>
    private sealed class InstantEngine(DatabaseCatalog catalog) : IDatabaseEngine
    {
        private static readonly QueryResult Result = new(
            [new ResultColumn("month", "date", ResultKind.Date), new ResultColumn("revenue", "numeric", ResultKind.Number)],
            Enumerable.Range(1, 12).Select(m => new object?[] { new DateOnly(2026, m, 1), (decimal)(m * 1000) }).ToList(), false, TimeSpan.Zero);

        public DatabaseType Type => DatabaseType.Documents;

        public Task<DatabaseCatalog> ReadCatalogAsync(DatabaseTarget target, CatalogLimits limits, CancellationToken cancellationToken) => Task.FromResult(catalog);

        public Task<QueryResult> QueryAsync(DatabaseTarget target, string sql, QueryLimits limits, CancellationToken cancellationToken) => Task.FromResult(Result);
    }
}
