using System.Net;
using Microsoft.EntityFrameworkCore;
using Planck.Tests.Fixtures;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Documents;

/// <summary>POST /documents/{id}/cancel and /retry through HTTP: who may, from which state, and what the answer says.</summary>
public abstract class CancelAndRetryEndpointTests(PlanckApiFactory api)
{
    [Fact]
    public async Task A_failed_document_retried_is_pending_with_a_fresh_start_and_fails_again_with_the_same_readable_error()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var uploaded = await (await member.Client.UploadAsync(workspace, "broken.pdf", DocumentFixtures.TruncatedPdf())).ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);
        (await member.Client.WaitUntilProcessedAsync(uploaded.Id)).Status.ShouldBe("failed");

        var retried = await (await member.Client.PostAsync($"/api/v1/documents/{uploaded.Id}/retry", null)).ShouldBeAsync<DocumentResponse>(HttpStatusCode.OK);

        retried.Status.ShouldBe("pending");
        retried.Error.ShouldBeNull();
        retried.Progress.ShouldBe(new ProgressResponse("queued", 0, 0));
        var again = await member.Client.WaitUntilProcessedAsync(uploaded.Id);
        again.Status.ShouldBe("failed");
        again.Error.ShouldNotBeNull().ShouldContain("not a valid PDF");
        (await api.QueryDatabaseAsync(db => db.Documents.Where(d => d.Id == uploaded.Id).Select(d => d.Attempts).SingleAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task A_ready_document_can_be_neither_cancelled_nor_retried_and_says_why()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var uploaded = await (await member.Client.UploadAsync(workspace, "notes.txt", "Some notes")).ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);
        (await member.Client.WaitUntilProcessedAsync(uploaded.Id)).Status.ShouldBe("ready");

        var cancel = await (await member.Client.PostAsync($"/api/v1/documents/{uploaded.Id}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var retry = await (await member.Client.PostAsync($"/api/v1/documents/{uploaded.Id}/retry/", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        cancel.Detail.ShouldBe("Only a pending or processing document can be cancelled; this one is ready.");
        retry.Detail.ShouldBe("Only a failed or cancelled document can be retried; this one is ready.");
        (await api.QueryDatabaseAsync(db => db.DocumentChunks.CountAsync(c => c.DocumentId == uploaded.Id))).ShouldBe(1, "a refused cancel removes nothing");
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("retry")]
    public async Task Someone_outside_the_workspace_gets_404_and_the_document_is_untouched(string action)
    {
        var member = await api.CreateUserAsync();
        var outsider = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var uploaded = await (await member.Client.UploadAsync(workspace, "private.pdf", DocumentFixtures.TruncatedPdf())).ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);
        var before = await member.Client.WaitUntilProcessedAsync(uploaded.Id);

        await (await outsider.Client.PostAsync($"/api/v1/documents/{uploaded.Id}/{action}", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await member.Client.PostAsync($"/api/v1/documents/{Guid.NewGuid()}/{action}", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var after = await (await member.Client.GetAsync($"/api/v1/documents/{uploaded.Id}")).ShouldBeAsync<DocumentResponse>(HttpStatusCode.OK);
        after.Status.ShouldBe(before.Status);
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteCancelAndRetryEndpointTests(SqliteApiFactory api) : CancelAndRetryEndpointTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresCancelAndRetryEndpointTests(PostgresApiFactory api) : CancelAndRetryEndpointTests(api);
