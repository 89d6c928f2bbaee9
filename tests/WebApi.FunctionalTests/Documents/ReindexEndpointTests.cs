using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Planck.Domain.Documents;
using Planck.Tests.Fixtures;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Documents;

/// <summary>POST /api/v1/admin/reindex: who may, what it queues, and that search answers from the old passages throughout.</summary>
public abstract class ReindexEndpointTests(PlanckApiFactory api)
{
    private sealed record QueuedResponse(int Queued);

    [Fact]
    public async Task An_admin_requeues_the_ready_and_failed_documents_of_a_workspace_and_search_answers_throughout()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var other = await api.CreateWorkspaceAsync(null, member.Id);
        var notes = await member.Client.UploadOkAsync(workspace, "notes.txt", "The heron nests beside the old mill.");
        var broken = await (await member.Client.UploadAsync(workspace, "broken.pdf", DocumentFixtures.TruncatedPdf())).ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);
        var elsewhere = await member.Client.UploadOkAsync(other, "elsewhere.txt", "Not in the re-indexed workspace.");
        (await member.Client.WaitUntilProcessedAsync(notes.Id)).Status.ShouldBe("ready");
        (await member.Client.WaitUntilProcessedAsync(broken.Id)).Status.ShouldBe("failed");
        (await member.Client.WaitUntilProcessedAsync(elsewhere.Id)).Status.ShouldBe("ready");

        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/reindex/", new { workspace_id = workspace });

        (await response.ShouldBeAsync<QueuedResponse>(HttpStatusCode.Accepted)).Queued.ShouldBe(2);
        (await response.ReadPropertyNamesAsync()).ShouldBe(["queued"]);
        (await SearchAsync(member, workspace, "heron")).ShouldHaveSingleItem().DocumentId.ShouldBe(notes.Id, "the old passages serve while it is processed again");
        (await member.Client.WaitUntilProcessedAsync(notes.Id)).Status.ShouldBe("ready");
        (await member.Client.WaitUntilProcessedAsync(broken.Id)).Status.ShouldBe("failed");
        (await SearchAsync(member, workspace, "heron")).ShouldHaveSingleItem().Text.ShouldContain("heron");
        var generations = await api.QueryDatabaseAsync(db => db.Documents.AsNoTracking()
            .Where(d => d.Id == notes.Id || d.Id == broken.Id || d.Id == elsewhere.Id)
            .ToDictionaryAsync(d => d.Id, d => d.IndexGeneration));
        generations[notes.Id].ShouldBe(2, "processed again onto the next generation");
        generations[broken.Id].ShouldBe(0);
        generations[elsewhere.Id].ShouldBe(1, "another workspace is left alone");
        (await api.QueryDatabaseAsync(db => db.DocumentChunks.Where(c => c.DocumentId == notes.Id).Select(c => c.Generation).ToListAsync()))
            .ShouldBe([2], "the old generation went at the swap");
    }

    [Fact]
    public async Task A_workspace_without_documents_queues_none()
    {
        var workspace = await api.CreateWorkspaceAsync();

        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/reindex", new { workspace_id = workspace });

        (await response.ShouldBeAsync<QueuedResponse>(HttpStatusCode.Accepted)).Queued.ShouldBe(0);
    }

    [Fact]
    public async Task A_non_admin_gets_403_and_nothing_is_queued()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var notes = await member.Client.UploadOkAsync(workspace, "notes.txt", "Kept as it is.");
        (await member.Client.WaitUntilProcessedAsync(notes.Id)).Status.ShouldBe("ready");

        var problem = await (await member.Client.PostAsJsonAsync("/api/v1/admin/reindex", new { workspace_id = workspace })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        problem.Detail.ShouldContain("Admin");
        var stored = await api.QueryDatabaseAsync(db => db.Documents.AsNoTracking().SingleAsync(d => d.Id == notes.Id));
        stored.Status.ShouldBe(DocumentStatus.Ready);
        stored.IndexGeneration.ShouldBe(1);
    }

    [Fact]
    public async Task An_unknown_workspace_is_404()
    {
        var problem = await (await api.Admin.PostAsJsonAsync("/api/v1/admin/reindex", new { workspace_id = Guid.NewGuid() })).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.Detail.ShouldBe("Workspace not found.");
    }

    [Theory]
    [InlineData("{\"workspace_id\": \"not-a-uuid\"}", "workspace_id")]
    [InlineData("{\"workspace_id\": 12}", "workspace_id")]
    [InlineData("{\"workspace_id\": ", "The request body is not valid")]
    public async Task A_malformed_body_is_400_with_a_readable_detail(string body, string detail)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var problem = await (await api.Admin.PostAsync("/api/v1/admin/reindex", content)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Detail.ShouldContain(detail);
    }

    private static async Task<List<SearchResultResponse>> SearchAsync(TestUser member, Guid workspace, string query) =>
        (await (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}/search?q={query}")).ShouldBeAsync<ListResponse<SearchResultResponse>>(HttpStatusCode.OK)).Data;
}

[Collection(SqliteServer.Name)]
public sealed class SqliteReindexEndpointTests(SqliteApiFactory api) : ReindexEndpointTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresReindexEndpointTests(PostgresApiFactory api) : ReindexEndpointTests(api);
