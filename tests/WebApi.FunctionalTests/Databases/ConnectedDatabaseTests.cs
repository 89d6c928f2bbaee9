using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Planck.Tests.Fixtures;
using Planck.Tests.Support;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Databases;

/// <summary>
/// A real PostgreSQL database connected to a workspace through the Admin API: refused for a superuser with the recipe,
/// connected through a read-only role, answered over, and its secret never seen again in a response, a log line or
/// Planck's stored rows.
/// </summary>
[Collection(SqliteServer.Name)]
#pragma warning disable CA1001 // CapturedLogs owns nothing to dispose; the host disposes the providers it is given.
public sealed class ConnectedDatabaseTests(SqliteApiFactory api) : IAsyncLifetime
{
    private readonly string _password = "Pw-" + Guid.NewGuid().ToString("N");
    private readonly string _role = "reader_" + Guid.NewGuid().ToString("N")[..12];
    private readonly CapturedLogs _logs = new();
    private PostgresTestDatabase _shop = null!;

    private string ReaderConnectionString =>
        new NpgsqlConnectionStringBuilder(_shop.ConnectionString) { Username = _role, Password = _password }.ConnectionString;

    public async Task InitializeAsync()
    {
        _shop = await PostgresTestDatabase.CreateAsync();
        await using var owner = new NpgsqlConnection(_shop.ConnectionString);
        await owner.OpenAsync();
        foreach (var sql in new[]
        {
            "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, country text NOT NULL)",
            "COMMENT ON TABLE customers IS 'People who bought something'",
            "CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id), total numeric(10,2) NOT NULL, ordered_on date NOT NULL)",
            "INSERT INTO customers SELECT g, 'Customer ' || g, (ARRAY['DE','FR','NL'])[1 + g % 3] FROM generate_series(1, 30) g",
            "INSERT INTO orders SELECT g, 1 + g % 30, (g % 50) * 10 + 5, DATE '2026-01-01' + (g % 300) FROM generate_series(1, 600) g",
            "ANALYZE",
            $"CREATE ROLE {_role} LOGIN PASSWORD '{_password}'",
            $"GRANT CONNECT ON DATABASE \"{_shop.Name}\" TO {_role}",
            $"GRANT USAGE ON SCHEMA public TO {_role}",
            $"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {_role}",
        })
        {
            await using var command = new NpgsqlCommand(sql, owner);
            await command.ExecuteNonQueryAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await _shop.DisposeAsync();
        await using var server = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresTestDatabase.EnvironmentVariable));
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS {_role}", server);
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_superuser_is_refused_with_the_read_only_recipe_and_nothing_is_saved()
    {
        var workspace = await api.CreateWorkspaceAsync();

        var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/databases",
            new { name = "Shop", type = "postgresql", connection_string = _shop.ConnectionString });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors!.Keys.ShouldBe(["connection_string"]);
        problem.Detail.ShouldContain("CREATE ROLE");
        problem.Detail.ShouldContain("GRANT SELECT");
        var list = await (await api.Admin.GetAsync($"/api/v1/workspaces/{workspace}/databases")).ShouldBeAsync<JsonElement>(HttpStatusCode.OK);
        list.GetProperty("count").GetInt32().ShouldBe(1, "only the built-in uploaded tables");
    }

    [Fact]
    public async Task A_read_only_role_connects_answers_and_its_secret_is_never_seen_again()
    {
        var server = api.WithWebHostBuilder(builder => builder
            .UseSetting("Logging:LogLevel:Default", "Debug")
            .ConfigureLogging(logging => logging.AddProvider(_logs).AddFilter<CapturedLogs>(null, LogLevel.Debug)));
        var admin = server.CreateClient();
        admin.DefaultRequestHeaders.Add("X-API-Key", (await api.CreateUserAsync("Admin")).ApiKey);
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var bodies = new List<string>();

        var created = await admin.PostAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/databases",
            new { name = "Shop", type = "postgresql", connection_string = ReaderConnectionString, description = "The web shop" });
        bodies.Add(await created.Content.ReadAsStringAsync());
        created.StatusCode.ShouldBe(HttpStatusCode.Created, bodies[^1]);
        var database = JsonDocument.Parse(bodies[^1]).RootElement;
        var databaseId = database.GetProperty("id").GetGuid();
        database.GetProperty("table_count").GetInt32().ShouldBe(2);
        database.GetProperty("status").GetString().ShouldBe("ready");

        var memberClient = server.CreateClient();
        memberClient.DefaultRequestHeaders.Add("X-API-Key", member.ApiKey);
        foreach (var path in new[] { $"/api/v1/workspaces/{workspace}/databases", $"/api/v1/workspaces/{workspace}/databases/{databaseId}/schema" })
        {
            var read = await memberClient.GetAsync(path);
            bodies.Add(await read.Content.ReadAsStringAsync());
            read.StatusCode.ShouldBe(HttpStatusCode.OK, bodies[^1]);
        }

        JsonDocument.Parse(bodies[^1]).RootElement.GetProperty("tables").EnumerateArray()
            .Single(t => t.GetProperty("name").GetString() == "customers").GetProperty("description").GetString().ShouldBe("People who bought something");
        var refreshed = await admin.PostAsync($"/api/v1/admin/workspaces/{workspace}/databases/{databaseId}/refresh", null);
        bodies.Add(await refreshed.Content.ReadAsStringAsync());
        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK, bodies[^1]);
        var wrongSecret = await admin.PatchAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/databases/{databaseId}",
            new { connection_string = ReaderConnectionString.Replace(_shop.Name, "no_such_database_" + _password, StringComparison.Ordinal) });
        bodies.Add(await wrongSecret.Content.ReadAsStringAsync());
        wrongSecret.StatusCode.ShouldBe(HttpStatusCode.BadRequest, bodies[^1]);
        var answer = await memberClient.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/chat",
            new { message = "Customers?", settings = new { chat_metadata = new { database = new { id = databaseId } } } });
        var blocks = AnswerEvents.AssembleBlocks(await answer.ReadEventsAsync());
        bodies.AddRange(blocks.Select(b => b.GetRawText()));
        blocks[0].GetProperty("text").GetString()!.ShouldStartWith("No language model is configured");

        foreach (var body in bodies)
        {
            body.ShouldNotContain(_password);
        }

        _logs.Lines.ShouldNotBeEmpty();
        _logs.Lines.ShouldAllBe(line => !line.Contains(_password));
        var stored = await api.QueryDatabaseAsync(db => db.DatabaseConnections.AsNoTracking().SingleAsync(d => d.Id == databaseId));
        stored.ProtectedSecret.ShouldNotContain(_password);
        stored.ProtectedSecret.ShouldNotContain(_role);
        stored.CatalogJson.ShouldNotContain(_password);
        var keys = await api.QueryDatabaseAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync());
        keys.ShouldNotBeEmpty();
        keys.ShouldAllBe(xml => xml!.Contains("encryptedKey") && !xml.Contains("<masterKey"));

        (await admin.DeleteAsync($"/api/v1/admin/workspaces/{workspace}/databases/{databaseId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await memberClient.GetAsync($"/api/v1/workspaces/{workspace}/databases/{databaseId}/schema")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_client_that_leaves_cancels_the_query_on_the_database()
    {
        var with = await api.WithFakeModelAsync();
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var created = await api.Admin.PostAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/databases",
            new { name = "Shop", type = "postgresql", connection_string = ReaderConnectionString });
        var databaseId = (await created.ShouldBeAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        // Minutes of work, well inside what the validator allows and longer than the 15 s statement timeout.
        const string Slow = "SELECT COUNT(*) FROM orders a, orders b, orders c, orders d";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/workspaces/{workspace}/chat")
        {
            Content = JsonContent.Create(new
            {
                message = $"How many? [[fake:sql {Slow}]]",
                settings = new { chat_metadata = new { database = new { id = databaseId } } },
            }),
        };

        var response = await with.ClientFor(member).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await WaitForRunningAsync(expected: 1, TimeSpan.FromSeconds(20))).ShouldBe(1, "the statement should be running on the database");
        // The client goes away mid-answer, as a closed browser tab does.
        response.Dispose();

        // Without the cancellation reaching PostgreSQL the statement would run on until its 15 s timeout.
        (await WaitForRunningAsync(expected: 0, TimeSpan.FromSeconds(5))).ShouldBe(0);
    }

    private async Task<int> WaitForRunningAsync(int expected, TimeSpan within)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var server = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresTestDatabase.EnvironmentVariable));
        await server.OpenAsync();
        while (true)
        {
            await using var command = new NpgsqlCommand("SELECT COUNT(*)::int FROM pg_stat_activity WHERE usename = $1 AND state = 'active'", server);
            command.Parameters.Add(new NpgsqlParameter { Value = _role });
            var running = (int)(await command.ExecuteScalarAsync())!;
            if (running == expected || started.Elapsed > within)
            {

                return running;
            }

            await Task.Delay(100);
        }
    }

    [Theory]
    [InlineData("mysql", "Server=127.0.0.1;User ID=x;Password=y", "connection_string")]
    [InlineData("sqlite", "shop.db", "connection_string")]
    [InlineData("oracle", "x", "type")]
    public async Task A_type_or_connection_this_server_cannot_use_is_a_400_naming_the_field(string type, string connectionString, string field)
    {
        var workspace = await api.CreateWorkspaceAsync();

        var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/databases",
            new { name = "Elsewhere", type, connection_string = connectionString });

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.ShouldBe([field]);
    }

    [Fact]
    public async Task The_uploaded_tables_cannot_be_changed_or_removed()
    {
        var workspace = await api.CreateWorkspaceAsync();
        var uploaded = Planck.Application.Databases.DatabaseDirectory.UploadedTablesId(workspace);

        (await api.Admin.DeleteAsync($"/api/v1/admin/workspaces/{workspace}/databases/{uploaded}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/databases/{uploaded}", new { name = "Mine" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.Admin.PostAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/databases", new { name = "X", type = "documents", connection_string = "x" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
#pragma warning restore CA1001
