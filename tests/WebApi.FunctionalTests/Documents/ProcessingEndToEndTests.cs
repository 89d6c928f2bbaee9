using System.Net;
using Microsoft.EntityFrameworkCore;
using Planck.Tests.Fixtures;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Documents;

/// <summary>Uploads real files through HTTP and follows them through the server's own background workers.</summary>
public abstract class ProcessingEndToEndTests(PlanckApiFactory api)
{
    public static TheoryData<string> AcceptedFiles() => new(DocumentFixtures.RetrievalSet().Select(f => f.Name));

    [Theory]
    [MemberData(nameof(AcceptedFiles))]
    public async Task Every_accepted_format_becomes_ready_with_passages(string fileName)
    {
        var file = DocumentFixtures.RetrievalSet().Single(f => f.Name == fileName);
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);

        var uploaded = await (await member.Client.UploadAsync(workspace, file.Name, file.Content)).ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);
        var processed = await member.Client.WaitUntilProcessedAsync(uploaded.Id);

        processed.Status.ShouldBe("ready", processed.Error);
        processed.Error.ShouldBeNull();
        processed.ChunkCount.ShouldNotBeNull().ShouldBeGreaterThan(0);
        var stored = await api.QueryDatabaseAsync(db => db.DocumentChunks.CountAsync(c => c.DocumentId == uploaded.Id));
        stored.ShouldBe(processed.ChunkCount!.Value);
        processed.Progress.ShouldBe(new ProgressResponse("indexing", 100, stored));
        var listed = await (await member.Client.GetAsync($"/api/v1/documents?workspace_id={workspace}")).ShouldBeAsync<ListResponse<DocumentResponse>>(HttpStatusCode.OK);
        listed.Data.ShouldHaveSingleItem().Progress.ShouldBe(processed.Progress);
        if (fileName.EndsWith(".pdf", StringComparison.Ordinal))
        {
            processed.PageCount.ShouldNotBeNull().ShouldBeGreaterThan(0);
        }
    }

    [Fact]
    public async Task A_spreadsheet_keeps_its_sheets_as_tables_with_rows()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var uploaded = await (await member.Client.UploadAsync(workspace, "finance.xlsx", DocumentFixtures.Xlsx())).ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);

        (await member.Client.WaitUntilProcessedAsync(uploaded.Id)).Status.ShouldBe("ready");

        var tables = await api.QueryDatabaseAsync(db => db.DocumentTables.Where(t => t.DocumentId == uploaded.Id).OrderBy(t => t.Ordinal).ToListAsync());
        tables.Select(t => t.Name).ShouldBe(["Quarterly results", "Staff"]);
        tables[0].RowCount.ShouldBe(FixtureCorpus.FinanceRows.Count);
        tables[0].ColumnsJson.ShouldContain("\"Revenue\"");
        var rows = await api.QueryDatabaseAsync(db => db.DocumentTableRows.CountAsync(r => r.TableId == tables[1].Id));
        rows.ShouldBe(FixtureCorpus.Staff.Count);
    }

    [Theory]
    [InlineData("truncated.pdf", "not a valid PDF")]
    [InlineData("encrypted.pdf", "encrypted")]
    [InlineData("bomb.xlsx", "spreadsheet")]
    [InlineData("scan.pdf", "No text could be extracted")]
    public async Task A_file_that_cannot_be_read_fails_with_a_readable_error(string fileName, string expected)
    {
        var content = fileName switch
        {
            "truncated.pdf" => DocumentFixtures.TruncatedPdf(),
            "encrypted.pdf" => DocumentFixtures.EncryptedPdf(),
            "bomb.xlsx" => DocumentFixtures.ZipBombXlsx(),
            _ => DocumentFixtures.PdfWithoutText(2),
        };
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);

        var uploaded = await (await member.Client.UploadAsync(workspace, fileName, content)).ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);
        var processed = await member.Client.WaitUntilProcessedAsync(uploaded.Id);

        processed.Status.ShouldBe("failed");
        processed.Error.ShouldNotBeNull().ShouldContain(expected);
        processed.Error.ShouldNotContain("Exception");
        (await api.QueryDatabaseAsync(db => db.DocumentChunks.CountAsync(c => c.DocumentId == uploaded.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task Search_finds_a_processed_passage_with_its_document_and_page()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var manual = await (await member.Client.UploadAsync(workspace, "aquila-3-manual.pdf", DocumentFixtures.Pdf(FixtureCorpus.ProductManual)))
            .ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);
        await member.Client.WaitUntilProcessedAsync(manual.Id);

        var results = await (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}/search?q=error+code+E12+boiler&limit=3"))
            .ShouldBeAsync<ListResponse<SearchResultResponse>>(HttpStatusCode.OK);

        results.Count.ShouldBe(results.Data.Count);
        results.Data.ShouldAllBe(r => r.DocumentId == manual.Id);
        var best = results.Data[0];
        best.DocumentId.ShouldBe(manual.Id);
        best.DocumentName.ShouldBe("aquila-3-manual.pdf");
        best.Text.ShouldContain("E12");
        best.Page.ShouldNotBeNull().ShouldBeGreaterThan(0);
        best.Score.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Search_never_returns_another_workspace_s_passages()
    {
        var alice = await api.CreateUserAsync();
        var bob = await api.CreateUserAsync();
        var workspaceA = await api.CreateWorkspaceAsync(null, alice.Id);
        var workspaceB = await api.CreateWorkspaceAsync(null, bob.Id, alice.Id);
        var secret = await alice.Client.UploadOkAsync(workspaceA, "secret.txt", "The launch code for project Zanzibar is quokka-7731.");
        await bob.Client.UploadOkAsync(workspaceB, "public.txt", "The cafeteria serves soup on Mondays.");
        await alice.Client.WaitUntilProcessedAsync(secret.Id);

        var fromB = await (await bob.Client.GetAsync($"/api/v1/workspaces/{workspaceB}/search?q=launch+code+Zanzibar+quokka"))
            .ShouldBeAsync<ListResponse<SearchResultResponse>>(HttpStatusCode.OK);
        var aliceFromB = await (await alice.Client.GetAsync($"/api/v1/workspaces/{workspaceB}/search?q=launch+code+Zanzibar+quokka"))
            .ShouldBeAsync<ListResponse<SearchResultResponse>>(HttpStatusCode.OK);
        var fromA = await (await alice.Client.GetAsync($"/api/v1/workspaces/{workspaceA}/search?q=launch+code+Zanzibar+quokka"))
            .ShouldBeAsync<ListResponse<SearchResultResponse>>(HttpStatusCode.OK);

        fromB.Data.ShouldNotContain(r => r.DocumentId == secret.Id);
        fromB.Data.ShouldAllBe(r => !r.Text.Contains("Zanzibar"));
        aliceFromB.Data.ShouldAllBe(r => !r.Text.Contains("Zanzibar"));
        fromA.Data.ShouldContain(r => r.DocumentId == secret.Id, "the passage is found where it belongs, so the searches above could have found it");
    }

    [Fact]
    public async Task A_workspace_without_the_text_gets_zero_results_even_when_another_workspace_has_it()
    {
        var alice = await api.CreateUserAsync();
        var bob = await api.CreateUserAsync();
        var workspaceA = await api.CreateWorkspaceAsync(null, alice.Id);
        var workspaceB = await api.CreateWorkspaceAsync(null, bob.Id);
        var secret = await alice.Client.UploadOkAsync(workspaceA, "merger.txt", "The merger with Globex closes on 3 March at a price of 41 euros per share.");
        await alice.Client.WaitUntilProcessedAsync(secret.Id);

        var fromB = await (await bob.Client.GetAsync($"/api/v1/workspaces/{workspaceB}/search?q=merger+Globex+price+per+share"))
            .ShouldBeAsync<ListResponse<SearchResultResponse>>(HttpStatusCode.OK);
        var fromA = await (await alice.Client.GetAsync($"/api/v1/workspaces/{workspaceA}/search?q=merger+Globex+price+per+share"))
            .ShouldBeAsync<ListResponse<SearchResultResponse>>(HttpStatusCode.OK);

        fromB.Count.ShouldBe(0);
        fromB.Data.ShouldBeEmpty();
        fromA.Data.ShouldHaveSingleItem().DocumentId.ShouldBe(secret.Id);
    }

    [Fact]
    public async Task Search_narrowed_to_documents_returns_only_their_passages()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var first = await member.Client.UploadOkAsync(workspace, "first.txt", "Invoices are paid within thirty days of receipt.");
        var second = await member.Client.UploadOkAsync(workspace, "second.txt", "Invoices above ten thousand euros need a director's approval.");
        await member.Client.WaitUntilProcessedAsync(first.Id);
        await member.Client.WaitUntilProcessedAsync(second.Id);

        var all = await (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}/search?q=invoices"))
            .ShouldBeAsync<ListResponse<SearchResultResponse>>(HttpStatusCode.OK);
        var narrowed = await (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}/search?q=invoices&document_ids={second.Id}"))
            .ShouldBeAsync<ListResponse<SearchResultResponse>>(HttpStatusCode.OK);

        all.Data.Select(r => r.DocumentId).ShouldBe([first.Id, second.Id], ignoreOrder: true);
        narrowed.Data.Select(r => r.DocumentId).ShouldBe([second.Id]);
    }

    [Fact]
    public async Task A_deleted_document_leaves_search_at_once()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var document = await member.Client.UploadOkAsync(workspace, "temporary.txt", "The temporary badge for visitors is orange.");
        await member.Client.WaitUntilProcessedAsync(document.Id);
        var before = await (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}/search?q=visitor+badge"))
            .ShouldBeAsync<ListResponse<SearchResultResponse>>(HttpStatusCode.OK);

        (await member.Client.DeleteAsync($"/api/v1/documents/{document.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var after = await (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}/search?q=visitor+badge"))
            .ShouldBeAsync<ListResponse<SearchResultResponse>>(HttpStatusCode.OK);

        before.Data.ShouldContain(r => r.DocumentId == document.Id);
        after.Data.ShouldBeEmpty();
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteProcessingEndToEndTests(SqliteApiFactory api) : ProcessingEndToEndTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresProcessingEndToEndTests(PostgresApiFactory api) : ProcessingEndToEndTests(api);
