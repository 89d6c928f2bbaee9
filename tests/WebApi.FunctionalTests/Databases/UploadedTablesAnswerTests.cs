using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Planck.Application.Databases;
using Planck.Tests.Fixtures;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Databases;

/// <summary>
/// A workspace's uploaded CSV tables as its built-in database, answered through the same path as a connected one, with
/// the fake model writing scripted SQL (<c>[[fake:sql A || B]]</c>).
/// </summary>
public abstract class UploadedTablesAnswerTests(PlanckApiFactory api)
{
    private const string Sales = "region,amount,sold_on\nEurope,120,2026-01-15\nEurope,80,2026-02-10\nAmericas,95,2026-01-20\nAsia,40,2026-03-05\n";

    [Fact]
    public async Task Every_workspace_lists_its_uploaded_tables_with_their_schema()
    {
        var setup = await SetUpAsync();

        var list = await (await setup.Member.Client.GetAsync($"/api/v1/workspaces/{setup.Workspace}/databases")).ShouldBeAsync<JsonElement>(HttpStatusCode.OK);

        list.GetProperty("count").GetInt32().ShouldBe(1);
        var uploaded = list.GetProperty("data")[0];
        uploaded.GetProperty("id").GetGuid().ShouldBe(setup.Database);
        uploaded.GetProperty("type").GetString().ShouldBe("documents");
        uploaded.GetProperty("table_count").GetInt32().ShouldBe(1);
        uploaded.TryGetProperty("connection_string", out _).ShouldBeFalse();
        var schema = await (await setup.Member.Client.GetAsync($"/api/v1/workspaces/{setup.Workspace}/databases/{setup.Database}/schema"))
            .ShouldBeAsync<JsonElement>(HttpStatusCode.OK);
        var table = schema.GetProperty("tables")[0];
        table.GetProperty("name").GetString().ShouldBe("sales");
        table.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ShouldBe(["region", "amount", "sold_on"]);
        table.GetProperty("columns")[1].GetProperty("type").GetString().ShouldBe("REAL");
    }

    [Fact]
    public async Task A_question_at_the_uploaded_tables_answers_with_text_sql_table_chart_and_sources()
    {
        var setup = await SetUpAsync();
        const string Sql = "SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY total DESC";

        var events = await (await AskAsync(setup, $"Sales by region? [[fake:sql {Sql}]]")).ReadEventsAsync();

        AnswerEvents.ShouldBeWellFormed(events);
        var blocks = AnswerEvents.AssembleBlocks(events);
        blocks.Select(Type).ShouldBe(["text", "code", "table", "chart", "sources"]);
        blocks[0].GetProperty("text").GetString().ShouldBe(FakeScript.ResultAnswer);
        blocks[1].GetProperty("language").GetString().ShouldBe("sql");
        blocks[1].GetProperty("code").GetString().ShouldBe(Sql);
        blocks[2].GetProperty("rows").GetRawText().ShouldBe("""[["Europe",200],["Americas",95],["Asia",40]]""");
        blocks[2].TryGetProperty("truncated", out _).ShouldBeFalse();
        blocks[3].GetProperty("spec").GetProperty("mark").ToString().ShouldContain("bar");
        var source = blocks[4].GetProperty("sources")[0];
        source.GetProperty("database_id").GetGuid().ShouldBe(setup.Database);
        source.GetProperty("tables").EnumerateArray().Select(t => t.GetString()).ShouldBe(["sales"]);
        var described = setup.Model.Requests.Last(r => r.Messages.Any(m => m.Content.StartsWith(FakeScript.ResultMarker, StringComparison.Ordinal)));
        described.LastUserText.ShouldContain("Europe | 200");
    }

    [Fact]
    public async Task A_result_over_the_row_limit_is_cut_marked_truncated_and_gets_no_chart()
    {
        var setup = await SetUpAsync();

        var blocks = AnswerEvents.AssembleBlocks(await (await AskAsync(
            setup, "Every sale [[fake:sql SELECT region, amount FROM sales ORDER BY amount DESC]]")).ReadEventsAsync());

        blocks.Select(Type).ShouldBe(["text", "code", "table", "sources"]);
        blocks[2].GetProperty("rows").GetArrayLength().ShouldBe(ModelServers.MaxRows);
        blocks[2].GetProperty("truncated").GetBoolean().ShouldBeTrue();
        var described = setup.Model.Requests.Last(r => r.Messages[0].Content.StartsWith(FakeScript.ResultMarker, StringComparison.Ordinal) && r.LastUserText.Contains("Every sale", StringComparison.Ordinal));
        described.LastUserText.ShouldContain("(cut at the row limit)");
    }

    [Fact]
    public async Task A_failing_query_goes_back_to_the_model_with_the_error_and_the_corrected_one_answers()
    {
        var setup = await SetUpAsync();

        var blocks = AnswerEvents.AssembleBlocks(await (await AskAsync(
            setup, "Which regions? [[fake:sql SELECT regoin FROM sales || SELECT DISTINCT region FROM sales ORDER BY region]]")).ReadEventsAsync());

        blocks.Select(Type).ShouldBe(["text", "code", "table", "sources"]);
        blocks[1].GetProperty("code").GetString().ShouldBe("SELECT DISTINCT region FROM sales ORDER BY region");
        blocks[2].GetProperty("rows").GetRawText().ShouldBe("""[["Americas"],["Asia"],["Europe"]]""");
        var retry = setup.Model.Requests.Last(r => r.Messages.Count(m => m.Role == "assistant") == 1 && r.LastUserText.Contains("regoin", StringComparison.Ordinal));
        retry.LastUserText.ShouldContain("no such column: regoin");
    }

    [Fact]
    public async Task A_query_that_writes_is_refused_and_said_plainly_without_running()
    {
        var setup = await SetUpAsync();

        var blocks = AnswerEvents.AssembleBlocks(await (await AskAsync(setup, "Clean up [[fake:sql DELETE FROM sales]]")).ReadEventsAsync());

        blocks.Select(Type).ShouldBe(["text", "code", "sources"]);
        blocks[0].GetProperty("text").GetString()!.ShouldStartWith("This question was not answered: the query written for it was refused.");
        var again = AnswerEvents.AssembleBlocks(await (await AskAsync(setup, "Count [[fake:sql SELECT count(*) AS n FROM sales]]")).ReadEventsAsync());
        again[2].GetProperty("rows").GetRawText().ShouldBe("[[4]]");
    }

    [Fact]
    public async Task A_question_is_routed_to_the_tables_when_the_model_chooses_them()
    {
        var setup = await SetUpAsync();

        var response = await setup.Client.PostAsJsonAsync(
            $"/api/v1/workspaces/{setup.Workspace}/chat", new { message = "Total sales? [[fake:route 2]] [[fake:sql SELECT sum(amount) AS total FROM sales]]" });
        var blocks = AnswerEvents.AssembleBlocks(await response.ReadEventsAsync());

        blocks.Select(Type).ShouldBe(["text", "code", "table", "sources"]);
        blocks[2].GetProperty("rows").GetRawText().ShouldBe("[[335]]");
        var routing = setup.Model.Requests.Last(r => r.Messages[0].Content.StartsWith(FakeScript.RoutingMarker, StringComparison.Ordinal) && r.LastUserText.Contains("Total sales?", StringComparison.Ordinal));
        routing.LastUserText.ShouldContain("1. Documents:");
        routing.LastUserText.ShouldContain("2. Database \"Uploaded tables\"");
    }

    [Fact]
    public async Task An_unreadable_routing_choice_answers_from_the_documents()
    {
        var setup = await SetUpAsync();

        var response = await setup.Client.PostAsJsonAsync($"/api/v1/workspaces/{setup.Workspace}/chat", new { message = "What is in the files? [[fake:cite 1]]" });
        var blocks = AnswerEvents.AssembleBlocks(await response.ReadEventsAsync());

        blocks.Select(Type).ShouldBe(["text", "sources"]);
        blocks[1].GetProperty("sources")[0].TryGetProperty("document_id", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task A_database_outside_the_workspace_is_not_found_and_nothing_is_saved()
    {
        var setup = await SetUpAsync();
        var elsewhere = await api.CreateWorkspaceAsync();
        var conversation = await setup.Client.CreateConversationAsync(setup.Workspace);

        var response = await setup.Client.PostAsJsonAsync(
            $"/api/v1/workspaces/{setup.Workspace}/conversations/{conversation}/messages",
            new { message = "Sales?", settings = new { chat_metadata = new { database = new { id = DatabaseDirectory.UploadedTablesId(elsewhere) } } } });

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail.ShouldBe("Database not found.");
        var history = await (await setup.Client.GetAsync($"/api/v1/workspaces/{setup.Workspace}/conversations/{conversation}/messages")).ShouldBeAsync<JsonElement>(HttpStatusCode.OK);
        history.GetProperty("count").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Without_a_model_the_answer_says_so_and_shows_what_the_database_holds()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var sales = await member.Client.UploadOkAsync(workspace, "sales.csv", Sales);
        (await member.Client.WaitUntilProcessedAsync(sales.Id)).Status.ShouldBe("ready");

        var response = await member.Client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/chat",
            new { message = "Sales by region?", settings = new { chat_metadata = new { database = new { id = DatabaseDirectory.UploadedTablesId(workspace) } } } });
        var blocks = AnswerEvents.AssembleBlocks(await response.ReadEventsAsync());

        blocks.Select(Type).ShouldBe(["text", "table", "sources"]);
        blocks[0].GetProperty("text").GetString()!.ShouldStartWith("No language model is configured on this server");
        blocks[1].GetProperty("rows")[0][0].GetString().ShouldBe("sales");
    }

    [Fact]
    public async Task Outsiders_learn_nothing_about_a_workspaces_databases_or_context()
    {
        var setup = await SetUpAsync();
        var outsider = await api.CreateUserAsync();

        foreach (var path in new[] { "databases", $"databases/{setup.Database}/schema", "context" })
        {
            (await (await outsider.Client.GetAsync($"/api/v1/workspaces/{setup.Workspace}/{path}")).ShouldBeProblemAsync(HttpStatusCode.NotFound))
                .Detail.ShouldBe("Workspace not found.");
        }

        (await (await setup.Member.Client.GetAsync($"/api/v1/workspaces/{setup.Workspace}/databases/{Guid.NewGuid()}/schema"))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail.ShouldBe("Database not found.");
    }

    [Fact]
    public async Task The_context_is_checked_against_the_tables_and_its_synonyms_reach_the_prompt()
    {
        var setup = await SetUpAsync();
        var url = $"/api/v1/admin/workspaces/{setup.Workspace}/context";

        var unknown = await api.Admin.PutAsJsonAsync(url, new
        {
            entities = new[] { new { name = "Sale", table = "sales", fields = new[] { new { name = "Territory", column = "regoin", synonyms = new[] { "territory" } } } } },
        });
        var problem = await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors!["entities[0].fields[0].column"].Single().ShouldBe("Unknown column \"regoin\" in table sales. Did you mean region?");

        var saved = await api.Admin.PutAsJsonAsync(url, new
        {
            description = "EU shop sales",
            entities = new[] { new { name = "Sale", table = "sales", fields = new[] { new { name = "Territory", column = "region", synonyms = new[] { "territory", "market" } } } } },
            rules = new[] { new { text = "Amounts are in euros" } },
        });
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var read = await (await setup.Member.Client.GetAsync($"/api/v1/workspaces/{setup.Workspace}/context")).ShouldBeAsync<JsonElement>(HttpStatusCode.OK);
        read.GetProperty("entities")[0].GetProperty("fields")[0].GetProperty("synonyms").EnumerateArray().Select(s => s.GetString()).ShouldBe(["territory", "market"]);

        await (await AskAsync(setup, "Sales per territory? [[fake:sql SELECT region FROM sales]]")).ReadEventsAsync();
        var writing = setup.Model.Requests.Last(r => r.Messages[0].Content.StartsWith(FakeScript.SqlWritingMarker, StringComparison.Ordinal) && r.LastUserText.Contains("territory?", StringComparison.Ordinal));
        writing.LastUserText.ShouldContain("market");
        writing.LastUserText.ShouldContain("Rule: Amounts are in euros");
        writing.LastUserText.ShouldContain("About: EU shop sales");
    }

    [Fact]
    public async Task The_contexts_terms_reach_document_answers_as_a_glossary()
    {
        var setup = await SetUpAsync();
        (await api.Admin.PutAsJsonAsync($"/api/v1/admin/workspaces/{setup.Workspace}/context", new
        {
            terms = new[] { new { name = "Net revenue", description = "Invoiced amount after refunds", sql = "sum(amount)" } },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var notes = await setup.Member.Client.UploadOkAsync(setup.Workspace, "notes.txt", "Net revenue is reported monthly.");
        (await setup.Member.Client.WaitUntilProcessedAsync(notes.Id)).Status.ShouldBe("ready");

        await (await setup.Client.AskAsync(setup.Workspace, "What is net revenue? [[fake:cite 1]]", null, notes.Id)).ReadEventsAsync();

        var answering = setup.Model.Requests.Last(r => r.LastUserText.Contains("What is net revenue?", StringComparison.Ordinal));
        answering.LastUserText.ShouldContain("<glossary>\n- Net revenue: Invoiced amount after refunds\n</glossary>");
    }

    [Fact]
    public async Task A_forbidden_column_is_refused_and_an_example_that_writes_cannot_be_saved()
    {
        var setup = await SetUpAsync();
        var url = $"/api/v1/admin/workspaces/{setup.Workspace}/context";
        var writing = await api.Admin.PutAsJsonAsync(url, new { examples = new[] { new { question = "Reset", database_id = setup.Database, sql = "DELETE FROM sales" } } });
        (await writing.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.ShouldBe(["examples[0].sql"]);
        (await api.Admin.PutAsJsonAsync(url, new { rules = new[] { new { text = "Amounts are confidential", forbidden_columns = new[] { "sales.amount" } } } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var blocks = AnswerEvents.AssembleBlocks(await (await AskAsync(setup, "Amounts? [[fake:sql SELECT region, amount FROM sales]]")).ReadEventsAsync());

        blocks.Select(Type).ShouldBe(["text", "code", "sources"]);
        blocks[0].GetProperty("text").GetString()!.ShouldStartWith("This question was not answered: the query written for it was refused.");
        blocks[0].GetProperty("text").GetString()!.ShouldContain("amount");
        var allowed = AnswerEvents.AssembleBlocks(await (await AskAsync(setup, "Regions? [[fake:sql SELECT DISTINCT region FROM sales ORDER BY region]]")).ReadEventsAsync());
        allowed.Select(Type).ShouldBe(["text", "code", "table", "sources"]);
    }

    private static Task<HttpResponseMessage> AskAsync(Setup setup, string message) =>
        setup.Client.PostAsJsonAsync(
            $"/api/v1/workspaces/{setup.Workspace}/chat", new { message, settings = new { chat_metadata = new { database = new { id = setup.Database } } } });

    private static string? Type(JsonElement block) => block.GetProperty("type").GetString();

    private async Task<Setup> SetUpAsync()
    {
        var with = await api.WithFakeModelAsync();
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var sales = await member.Client.UploadOkAsync(workspace, "sales.csv", Sales);
        (await member.Client.WaitUntilProcessedAsync(sales.Id)).Status.ShouldBe("ready");
        return new Setup(with, member, with.ClientFor(member), workspace, DatabaseDirectory.UploadedTablesId(workspace));
    }

    private sealed record Setup(WithModel With, TestUser Member, HttpClient Client, Guid Workspace, Guid Database)
    {
        public FakeModelServer Model => With.Model;
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteUploadedTablesAnswerTests(SqliteApiFactory api) : UploadedTablesAnswerTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresUploadedTablesAnswerTests(PostgresApiFactory api) : UploadedTablesAnswerTests(api);
