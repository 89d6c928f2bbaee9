using System.Net;
using System.Text;
using Planck.Tests.Fixtures;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Documents;

/// <summary>
/// A PDF opens in the browser's viewer (the web app links citations to <c>#page=N</c>); everything else downloads.
/// Both stay under a sandbox, so an uploaded page never runs in the server's origin.
/// </summary>
public abstract class DocumentContentTests(PlanckApiFactory api)
{
    [Fact]
    public async Task A_pdf_opens_inline_under_its_name_still_sandboxed()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var pdf = DocumentFixtures.Pdf([["The first page of the handbook."], ["The second page."]]);
        var document = await (await member.Client.UploadAsync(workspace, "Rapport d'été.pdf", pdf)).ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);

        var response = await member.Client.GetAsync($"/api/v1/documents/{document.Id}/content");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(pdf);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var disposition = response.Content.Headers.ContentDisposition!;
        disposition.DispositionType.ShouldBe("inline");
        disposition.FileNameStar.ShouldBe("Rapport d'été.pdf");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldBe("sandbox; default-src 'none'");
    }

    [Theory]
    [InlineData("page.html", "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>", "text/html")]
    [InlineData("disguised.pdf", "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>", "text/html")]
    [InlineData("notes.md", "# Notes\n\nPlain words.", "text/markdown")]
    [InlineData("notes.txt", "Plain words.", "text/plain")]
    public async Task Anything_but_a_pdf_downloads_as_a_sandboxed_attachment_whatever_its_name(string fileName, string content, string contentType)
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var document = await (await member.Client.UploadAsync(workspace, fileName, Encoding.UTF8.GetBytes(content))).ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);

        var response = await member.Client.GetAsync($"/api/v1/documents/{document.Id}/content");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(contentType);
        var disposition = response.Content.Headers.ContentDisposition!;
        disposition.DispositionType.ShouldBe("attachment");
        disposition.FileNameStar.ShouldBe(fileName);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldBe("sandbox; default-src 'none'");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteDocumentContentTests(SqliteApiFactory api) : DocumentContentTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresDocumentContentTests(PostgresApiFactory api) : DocumentContentTests(api);
