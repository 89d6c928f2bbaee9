using System.Net;
using Planck.Tests.Fixtures;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Documents;

/// <summary>A PDF whose third page is a scan goes through the server's workers and OCR (build/test.sh installs the tools).</summary>
public abstract class ScannedPdfTests(PlanckApiFactory api)
{
    [Fact]
    public async Task Words_on_a_scanned_page_are_found_by_search_with_that_page()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var uploaded = await (await member.Client.UploadAsync(workspace, "keeper-log.pdf", ScannedPdf.Pdf()))
            .ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);

        var processed = await member.Client.WaitUntilProcessedAsync(uploaded.Id);

        processed.Status.ShouldBe("ready", processed.Error);
        processed.PageCount.ShouldBe(ScannedPdf.ScannedPageNumber);
        var results = await (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}/search?q=barometer+harbour+ledger&limit=3"))
            .ShouldBeAsync<ListResponse<SearchResultResponse>>(HttpStatusCode.OK);
        results.Data.ShouldNotBeEmpty();
        var best = results.Data[0];
        best.DocumentId.ShouldBe(uploaded.Id);
        best.Text.ShouldContain("barometer");
        best.Page.ShouldBe(ScannedPdf.ScannedPageNumber);
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteScannedPdfTests(SqliteApiFactory api) : ScannedPdfTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresScannedPdfTests(PostgresApiFactory api) : ScannedPdfTests(api);
