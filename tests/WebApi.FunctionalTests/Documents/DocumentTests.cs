using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Documents;

public abstract class DocumentTests(PlanckApiFactory api)
{
    private const string Handbook = "Employees may work remotely up to three days a week.\n\nThe office opens at 8 am.";

    [Fact]
    public async Task An_upload_is_accepted_as_pending_with_its_size_hash_and_type()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var bytes = Encoding.UTF8.GetBytes(Handbook);

        var response = await member.Client.UploadAsync(workspace, "handbook.txt", bytes);

        var document = await response.ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/documents/{document.Id}");
        document.WorkspaceId.ShouldBe(workspace);
        document.Name.ShouldBe("handbook.txt");
        document.Status.ShouldBeOneOf("pending", "processing", "ready");
        document.ContentType.ShouldBe("text/plain");
        document.SizeBytes.ShouldBe(bytes.Length);
        document.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        var uploader = await api.QueryDatabaseAsync(db => db.Documents.Where(d => d.Id == document.Id).Select(d => d.UploadedBy).SingleAsync());
        uploader.ShouldBe(member.Id);
    }

    [Fact]
    public async Task The_document_json_has_the_contract_fields()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var document = await member.Client.UploadOkAsync(workspace, "fields.md", "# Title\n\nBody");

        var names = await (await member.Client.GetAsync($"/api/v1/documents/{document.Id}")).ReadPropertyNamesAsync();

        foreach (var required in (string[])["id", "workspace_id", "name", "status", "content_type", "size_bytes", "error", "progress", "searchable", "created_at", "updated_at"])
        {
            names.ShouldContain(required);
        }
    }

    [Fact]
    public async Task The_type_comes_from_the_content_not_the_name()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        byte[] executable = [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00];

        var problem = await (await member.Client.UploadAsync(workspace, "invoice.pdf", executable)).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);

        problem.Detail.ShouldContain("PDF");
        problem.Detail.ShouldContain(".xlsx");
        problem.Detail.ShouldContain(".docx");
        await ShouldHoldNothingAsync(workspace);
    }

    [Fact]
    public async Task An_empty_file_is_400_and_leaves_nothing_behind()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);

        var problem = await (await member.Client.UploadAsync(workspace, "empty.txt", [])).ShouldBeValidationProblemAsync("file");

        problem.Detail.ShouldContain("empty");
        await ShouldHoldNothingAsync(workspace);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_413_and_leaves_nothing_behind()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var tooBig = Encoding.UTF8.GetBytes(new string('a', (int)PlanckApiFactory.MaxUploadBytes + 1));

        var problem = await (await member.Client.UploadAsync(workspace, "big.txt", tooBig)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        problem.Detail.ShouldContain("2 MB");
        await ShouldHoldNothingAsync(workspace);
    }

    [Fact]
    public async Task A_streamed_upload_without_a_length_is_stopped_at_the_limit()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var form = DocumentUploads.Form(workspace.ToString(), "streamed.txt", Encoding.UTF8.GetBytes(new string('b', (int)PlanckApiFactory.MaxUploadBytes + 10)));
        var body = new StreamContent(await form.ReadAsStreamAsync());
        body.Headers.ContentType = form.Headers.ContentType;
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/documents/") { Content = body };
        request.Headers.TransferEncodingChunked = true;

        await (await member.Client.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        await ShouldHoldNothingAsync(workspace);
    }

    [Fact]
    public async Task A_file_just_under_the_limit_is_accepted()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var line = "The quick brown fox jumps over the lazy dog.\n";
        var text = new StringBuilder();
        while (text.Length + line.Length <= PlanckApiFactory.MaxUploadBytes)
        {
            text.Append(line);
        }

        var document = await member.Client.UploadOkAsync(workspace, "large.txt", text.ToString());

        document.SizeBytes.ShouldBe(text.Length);
    }

    [Fact]
    public async Task A_non_member_cannot_upload_into_a_workspace_and_nothing_is_stored()
    {
        var outsider = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync();

        var problem = await (await outsider.Client.UploadAsync(workspace, "intrusion.txt", Handbook)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.Detail.ShouldBe("Workspace not found.");
        await ShouldHoldNothingAsync(workspace);
    }

    [Fact]
    public async Task The_form_may_name_the_workspace_after_the_file()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var bytes = Encoding.UTF8.GetBytes(Handbook);
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(bytes), "file", "late.txt" },
            { new StringContent(workspace.ToString()), "workspace_id" },
        };

        var document = await (await member.Client.PostAsync("/api/v1/documents", form)).ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);

        document.WorkspaceId.ShouldBe(workspace);
        document.SizeBytes.ShouldBe(bytes.Length);
        (await member.Client.GetByteArrayAsync($"/api/v1/documents/{document.Id}/content")).ShouldBe(bytes);
    }

    [Fact]
    public async Task A_file_before_the_workspace_is_still_stopped_at_the_limit()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(new byte[PlanckApiFactory.MaxUploadBytes + 1]), "file", "late-and-big.txt" },
            { new StringContent(workspace.ToString()), "workspace_id" },
        };

        await (await member.Client.PostAsync("/api/v1/documents", form)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        await ShouldHoldNothingAsync(workspace);
    }

    [Fact]
    public async Task A_file_without_any_workspace_is_400()
    {
        var member = await api.CreateUserAsync();
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Handbook)), "file", "nowhere.txt" } };

        var problem = await (await member.Client.PostAsync("/api/v1/documents", form)).ShouldBeValidationProblemAsync("workspace_id");

        problem.Detail.ShouldContain("workspace_id is required");
    }

    [Fact]
    public async Task A_non_member_sending_the_file_first_is_refused_and_nothing_is_stored()
    {
        var outsider = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync();
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Handbook)), "file", "sneaky.txt" },
            { new StringContent(workspace.ToString()), "workspace_id" },
        };

        await (await outsider.Client.PostAsync("/api/v1/documents", form)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        await ShouldHoldNothingAsync(workspace);
    }

    [Theory]
    [InlineData("not-a-uuid", "workspace_id")]
    [InlineData(null, "file")]
    public async Task A_form_without_a_valid_workspace_is_400(string? workspaceId, string field)
    {
        var member = await api.CreateUserAsync();
        var form = new MultipartFormDataContent();
        if (workspaceId is not null)
        {
            form.Add(new StringContent(workspaceId), "workspace_id");
        }

        await (await member.Client.PostAsync("/api/v1/documents/", form)).ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task A_form_with_a_workspace_but_no_file_is_400()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var form = new MultipartFormDataContent { { new StringContent(workspace.ToString()), "workspace_id" } };

        var problem = await (await member.Client.PostAsync("/api/v1/documents/", form)).ShouldBeValidationProblemAsync("file");

        problem.Detail.ShouldContain("file is required");
    }

    [Fact]
    public async Task A_json_body_instead_of_a_form_is_415_with_a_readable_detail()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);

        var problem = await (await member.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/documents/", new { workspace_id = workspace }))
            .ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);

        problem.Detail.ShouldContain("application/json");
    }

    [Fact]
    public async Task A_form_cut_short_is_400_and_leaves_nothing_behind()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        const string boundary = "cut-short-boundary";
        var raw = $"--{boundary}\r\nContent-Disposition: form-data; name=\"workspace_id\"\r\n\r\n{workspace}\r\n" +
                  $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.txt\"\r\n\r\n{Handbook}";
        var truncated = new ByteArrayContent(Encoding.UTF8.GetBytes(raw));
        truncated.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");

        var problem = await (await member.Client.PostAsync("/api/v1/documents/", truncated)).ShouldBeValidationProblemAsync("file");

        problem.Detail.ShouldContain("malformed");
        await ShouldHoldNothingAsync(workspace);
    }

    [Fact]
    public async Task Names_are_kept_for_display_but_never_used_as_paths()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);

        var traversal = await member.Client.UploadOkAsync(workspace, "../../../etc/passwd.txt", Handbook);

        traversal.Name.ShouldBe("passwd.txt");
        var stored = Directory.GetFiles(Path.Combine(api.DataDirectory, "files"), "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName).ToList();
        stored.ShouldContain(f => f!.EndsWith("-passwd.txt", StringComparison.Ordinal));
        stored.ShouldAllBe(f => f!.All(c => char.IsAsciiLetterOrDigit(c) || c == '.' || c == '-' || c == '_'));
        File.Exists(Path.Combine(api.DataDirectory, "etc", "passwd.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task The_list_is_paged_newest_first_for_members()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var first = await member.Client.UploadOkAsync(workspace, "one.txt", "first");
        var second = await member.Client.UploadOkAsync(workspace, "two.txt", "second");
        var third = await member.Client.UploadOkAsync(workspace, "three.txt", "third");

        var page = await (await member.Client.GetAsync($"/api/v1/documents/?workspace_id={workspace}&limit=2"))
            .ShouldBeAsync<ListResponse<DocumentResponse>>(HttpStatusCode.OK);
        var rest = await (await member.Client.GetAsync($"/api/v1/documents?workspace_id={workspace}&limit=2&offset=2"))
            .ShouldBeAsync<ListResponse<DocumentResponse>>(HttpStatusCode.OK);

        page.Count.ShouldBe(3);
        page.Data.Select(d => d.Id).ShouldBe([third.Id, second.Id]);
        rest.Data.Select(d => d.Id).ShouldBe([first.Id]);
        rest.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("", "workspace_id")]
    [InlineData("?workspace_id=nope", "workspace_id")]
    public async Task Listing_needs_a_valid_workspace_id(string query, string expectedInDetail)
    {
        var member = await api.CreateUserAsync();

        var problem = await (await member.Client.GetAsync($"/api/v1/documents/{query}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Detail.ShouldContain(expectedInDetail);
    }

    [Fact]
    public async Task Every_document_route_is_404_to_someone_outside_the_workspace()
    {
        var owner = await api.CreateUserAsync();
        var outsider = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, owner.Id);
        await api.CreateWorkspaceAsync(null, outsider.Id);
        var document = await owner.Client.UploadOkAsync(workspace, "private.txt", Handbook);
        var missing = Guid.NewGuid();

        var list = await (await outsider.Client.GetAsync($"/api/v1/documents/?workspace_id={workspace}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var get = await (await outsider.Client.GetAsync($"/api/v1/documents/{document.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var getMissing = await (await outsider.Client.GetAsync($"/api/v1/documents/{missing}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var content = await (await outsider.Client.GetAsync($"/api/v1/documents/{document.Id}/content")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var delete = await (await outsider.Client.DeleteAsync($"/api/v1/documents/{document.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var search = await (await outsider.Client.GetAsync($"/api/v1/workspaces/{workspace}/search?q=office")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        get.Detail.ShouldBe(getMissing.Detail);
        content.Detail.ShouldBe(getMissing.Detail);
        delete.Detail.ShouldBe(getMissing.Detail);
        list.Detail.ShouldBe("Workspace not found.");
        search.Detail.ShouldBe("Workspace not found.");
        (await owner.Client.GetAsync($"/api/v1/documents/{document.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK, "the refused delete left it in place");
    }

    [Fact]
    public async Task An_admin_reaches_documents_of_any_workspace()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var document = await member.Client.UploadOkAsync(workspace, "admin-visible.txt", Handbook);

        var seen = await (await api.Admin.GetAsync($"/api/v1/documents/{document.Id}")).ShouldBeAsync<DocumentResponse>(HttpStatusCode.OK);

        seen.Id.ShouldBe(document.Id);
    }

    [Fact]
    public async Task Document_routes_need_a_credential()
    {
        var anonymous = api.CreateAnonymousClient();

        var problem = await (await anonymous.GetAsync($"/api/v1/documents/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var upload = await anonymous.UploadAsync(Guid.NewGuid(), "a.txt", Handbook);

        problem.Detail.ShouldBe("Invalid or missing API key");
        await upload.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_malformed_document_id_is_400()
    {
        var member = await api.CreateUserAsync();

        var problem = await (await member.Client.GetAsync("/api/v1/documents/not-a-uuid")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Detail.ShouldContain("document_id");
    }

    [Fact]
    public async Task The_content_is_the_original_bytes_as_a_safe_attachment()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var html = "<!DOCTYPE html><html><body><script>alert(1)</script><p>Hello</p></body></html>";
        var form = new MultipartFormDataContent { { new StringContent(workspace.ToString()), "workspace_id" } };
        var file = new StringContent(html);
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileNameStar = "Rapport d'été \"v2\".html" };
        form.Add(file);
        var document = await (await member.Client.PostAsync("/api/v1/documents/", form)).ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);

        var response = await member.Client.GetAsync($"/api/v1/documents/{document.Id}/content");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe(html);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var disposition = response.Content.Headers.ContentDisposition!;
        disposition.DispositionType.ShouldBe("attachment");
        disposition.FileNameStar.ShouldBe("Rapport d'été \"v2\".html");
        response.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("sandbox");
    }

    [Fact]
    public async Task Deleting_removes_the_document_its_file_and_its_passages()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var document = await member.Client.UploadOkAsync(workspace, "doomed.txt", Handbook);

        (await member.Client.DeleteAsync($"/api/v1/documents/{document.Id}/")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await member.Client.GetAsync($"/api/v1/documents/{document.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await member.Client.DeleteAsync($"/api/v1/documents/{document.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await api.QueryDatabaseAsync(db => db.DocumentChunks.CountAsync(c => c.DocumentId == document.Id))).ShouldBe(0);
        (await Eventually.HoldsAsync(() => Task.FromResult(!FilesOf(workspace).Any()))).ShouldBeTrue("the stored file is removed after the commit");
    }

    [Fact]
    public async Task Deleting_a_workspace_deletes_its_documents()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var document = await member.Client.UploadOkAsync(workspace, "goes-with-workspace.txt", Handbook);

        (await api.Admin.DeleteAsync($"/api/v1/admin/workspaces/{workspace}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await api.QueryDatabaseAsync(db => db.Documents.CountAsync(d => d.Id == document.Id))).ShouldBe(0);
        (await Eventually.HoldsAsync(() => Task.FromResult(!FilesOf(workspace).Any()))).ShouldBeTrue("the workspace's files are removed");
    }

    [Fact]
    public async Task The_workspace_detail_counts_its_documents()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        await member.Client.UploadOkAsync(workspace, "a.txt", "alpha");
        await member.Client.UploadOkAsync(workspace, "b.txt", "beta");

        var detail = await (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}")).ShouldBeAsync<WorkspaceDetailResponse>(HttpStatusCode.OK);

        detail.DocumentCount.ShouldBe(2);
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("?q=%20%20", "q")]
    [InlineData("?q=office&limit=0", "limit")]
    [InlineData("?q=office&limit=51", "limit")]
    [InlineData("?q=office&document_ids=nope", "document_ids")]
    public async Task Search_refuses_bad_parameters_with_400(string query, string field)
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);

        await (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}/search{query}")).ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task Search_refuses_an_overlong_query_and_too_many_document_ids()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var ids = string.Join(',', Enumerable.Range(0, 101).Select(_ => Guid.NewGuid()));

        await (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}/search?q={new string('a', 1001)}")).ShouldBeValidationProblemAsync("q");
        await (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}/search?q=office&document_ids={ids}")).ShouldBeValidationProblemAsync("document_ids");
        (await (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}/search?q=office&limit=ten")).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Detail.ShouldContain("limit must be a whole number");
    }

    [Theory]
    [InlineData("%22%2A%28%29NEAR%3A-OR%00")]
    [InlineData("%27%3B+DROP+TABLE+documents%3B--")]
    [InlineData("%E2%80%AE%F0%9F%93%84")]
    public async Task Search_with_hostile_text_answers_200(string q)
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        await member.Client.UploadOkAsync(workspace, "plain.txt", Handbook);

        var results = await (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}/search?q={q}"))
            .ShouldBeAsync<ListResponse<SearchResultResponse>>(HttpStatusCode.OK);

        results.Count.ShouldBe(results.Data.Count);
        (await api.QueryDatabaseAsync(db => db.Documents.CountAsync(d => d.WorkspaceId == workspace))).ShouldBe(1);
    }

    [Fact]
    public async Task Search_for_a_document_of_another_workspace_is_404_not_a_wider_search()
    {
        var member = await api.CreateUserAsync();
        var mine = await api.CreateWorkspaceAsync(null, member.Id);
        var theirs = await api.CreateWorkspaceAsync();
        var foreign = await api.Admin.UploadOkAsync(theirs, "foreign.txt", Handbook);

        var problem = await (await member.Client.GetAsync($"/api/v1/workspaces/{mine}/search?q=office&document_ids={foreign.Id}"))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.Detail.ShouldContain(foreign.Id.ToString());
    }

    private IEnumerable<string> FilesOf(Guid workspace)
    {
        var directory = Path.Combine(api.DataDirectory, "files", workspace.ToString("N"));
        return Directory.Exists(directory) ? Directory.EnumerateFiles(directory) : [];
    }

    private async Task ShouldHoldNothingAsync(Guid workspace)
    {
        (await api.QueryDatabaseAsync(db => db.Documents.CountAsync(d => d.WorkspaceId == workspace))).ShouldBe(0, "no document row");
        FilesOf(workspace).ShouldBeEmpty("no stored file, not even a partial one");
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteDocumentTests(SqliteApiFactory api) : DocumentTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresDocumentTests(PostgresApiFactory api) : DocumentTests(api);
