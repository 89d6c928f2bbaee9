using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MySqlConnector;
using Planck.Tests.Fixtures;
using Planck.Tests.Support;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Databases;

/// <summary>
/// A real MariaDB database (the server build/test.sh starts, PLANCK_TEST_MARIADB) connected through the Admin API: the
/// test's all-privileges user is refused with the recipe, a SELECT-only user connects, its schema reads with comments,
/// a question over it answers with rows, a write the model slipped in is refused by the engine, and the secret is in no
/// response.
/// </summary>
[Collection(SqliteServer.Name)]
public sealed class ConnectedMySqlDatabaseTests(SqliteApiFactory api) : IAsyncLifetime
{
    private readonly string _name = "planck_shop_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _reader = "reader_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _password = "Pw-" + Guid.NewGuid().ToString("N");

    private static string Server => Environment.GetEnvironmentVariable("PLANCK_TEST_MARIADB") is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException("PLANCK_TEST_MARIADB is not set. Run the tests with build/test.sh, which starts MariaDB.");

    private string OwnerConnectionString => new MySqlConnectionStringBuilder(Server) { Database = _name }.ConnectionString;

    private string ReaderConnectionString => new MySqlConnectionStringBuilder(OwnerConnectionString) { UserID = _reader, Password = _password }.ConnectionString;

    public async Task InitializeAsync() => await ExecuteAsync(Server,
        $"CREATE DATABASE `{_name}`",
        $"CREATE TABLE `{_name}`.customers (id int PRIMARY KEY, name varchar(60) NOT NULL, country char(2) NOT NULL) COMMENT='People who bought something'",
        $"CREATE TABLE `{_name}`.orders (id int PRIMARY KEY, customer_id int NOT NULL, total decimal(10,2) NOT NULL, ordered_on date NOT NULL, FOREIGN KEY (customer_id) REFERENCES `{_name}`.customers(id))",
        $"INSERT INTO `{_name}`.customers VALUES (1, 'Ada', 'DE'), (2, 'Bea', 'FR'), (3, 'Cem', 'NL')",
        $"INSERT INTO `{_name}`.orders VALUES (1, 1, 10.50, '2026-01-03'), (2, 1, 20.00, '2026-02-04'), (3, 2, 7.25, '2026-02-09')",
        $"CREATE USER '{_reader}'@'%' IDENTIFIED BY '{_password}'",
        $"GRANT SELECT, SHOW VIEW ON `{_name}`.* TO '{_reader}'@'%'");

    public async Task DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await ExecuteAsync(Server, $"DROP DATABASE IF EXISTS `{_name}`", $"DROP USER IF EXISTS '{_reader}'@'%'");
    }

    [Fact]
    public async Task The_all_privileges_user_is_refused_with_the_read_only_recipe()
    {
        var workspace = await api.CreateWorkspaceAsync();

        var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/databases",
            new { name = "Shop", type = "mysql", connection_string = OwnerConnectionString });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors!.Keys.ShouldBe(["connection_string"]);
        problem.Detail.ShouldContain("CREATE USER 'planck_reader'");
        problem.Detail.ShouldContain($"GRANT SELECT, SHOW VIEW ON `{_name}`.*");
        problem.Detail.ShouldNotContain(new MySqlConnectionStringBuilder(Server).Password);
    }

    [Fact]
    public async Task A_select_only_user_connects_and_a_question_is_answered_with_rows()
    {
        var with = await api.WithFakeModelAsync();
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var bodies = new List<string>();

        var created = await api.Admin.PostAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/databases",
            new { name = "Shop", type = "mysql", connection_string = ReaderConnectionString });
        bodies.Add(await created.Content.ReadAsStringAsync());
        created.StatusCode.ShouldBe(HttpStatusCode.Created, bodies[^1]);
        var databaseId = JsonDocument.Parse(bodies[^1]).RootElement.GetProperty("id").GetGuid();
        var schemaResponse = await member.Client.GetAsync($"/api/v1/workspaces/{workspace}/databases/{databaseId}/schema");
        bodies.Add(await schemaResponse.Content.ReadAsStringAsync());
        var tables = JsonDocument.Parse(bodies[^1]).RootElement.GetProperty("tables").EnumerateArray().ToList();
        tables.Select(t => t.GetProperty("name").GetString()).ShouldBe(["customers", "orders"]);
        tables[0].GetProperty("description").GetString().ShouldBe("People who bought something");

        var client = with.ClientFor(member);
        const string Sql = "SELECT c.name, SUM(o.total) AS spent FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.name ORDER BY spent DESC";
        var blocks = AnswerEvents.AssembleBlocks(await (await client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/chat", new
        {
            message = $"Who spent most? [[fake:sql {Sql}]]",
            settings = new { chat_metadata = new { database = new { id = databaseId } } },
        })).ReadEventsAsync());
        bodies.AddRange(blocks.Select(b => b.GetRawText()));
        var table = blocks.Single(b => b.GetProperty("type").GetString() == "table");
        table.GetProperty("rows").GetRawText().ShouldBe("""[["Ada",30.5],["Bea",7.25]]""");
        blocks.Single(b => b.GetProperty("type").GetString() == "code").GetProperty("code").GetString().ShouldBe(Sql);

        foreach (var body in bodies)
        {
            body.ShouldNotContain(_password);
        }
    }

    private static async Task ExecuteAsync(string connectionString, params string[] statements)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new MySqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
