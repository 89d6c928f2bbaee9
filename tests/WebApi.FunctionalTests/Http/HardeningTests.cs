using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Planck.Infrastructure.Documents.Storage;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Http;

/// <summary>The black-box probe's findings (issue 12), one or more tests each.</summary>
public abstract class HardeningTests(PlanckApiFactory api)
{
    private const string NewPassword = "a different long password";

    [Fact]
    public async Task Wrong_current_passwords_are_throttled_like_sign_in_and_then_refused_with_429()
    {
        var user = await api.CreateUserAsync();
        await using var server = api.WithWebHostBuilder(builder => builder.UseClientAddressHeader());
        using var session = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        session.DefaultRequestHeaders.Add(ClientAddress.Header, "203.0.113.77");
        (await session.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password })).StatusCode.ShouldBe(HttpStatusCode.OK);

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var wrong = await session.PostAsJsonAsync("/api/v1/users/me/password", new { current_password = $"wrong guess {attempt}", new_password = NewPassword });
            (await wrong.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.ShouldBe(["current_password"]);
        }

        var refused = await session.PostAsJsonAsync("/api/v1/users/me/password", new { current_password = user.Password, new_password = NewPassword });
        (await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests)).Detail.ShouldContain("try again in");
        int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture).ShouldBeGreaterThan(1);

        // The same counters as sign-in: that address cannot sign in to the account either, and nothing changed.
        using var signIn = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var login = ClientAddress.Request(HttpMethod.Post, "/api/v1/auth/login", "203.0.113.77", json: new { email = user.Email, password = user.Password });
        await (await signIn.SendAsync(login)).ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        (await api.PostLoginAsync(user.Email, user.Password)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_user_at_the_key_limit_gets_409_until_one_is_revoked()
    {
        var user = await api.CreateUserAsync();
        await using var server = api.WithWebHostBuilder(builder => builder.UseSetting("Planck:Security:MaxKeysPerUser", "3"));
        using var admin = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        admin.DefaultRequestHeaders.Add("X-API-Key", await AdminKeyAsync());
        using var session = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        (await session.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The user holds one key already (from CreateUserAsync); a revoked one does not count.
        var revoked = await (await session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "revoked" })).ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        (await session.DeleteAsync($"/api/v1/users/me/api-keys/{revoked.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "second" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var third = await (await admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "third" })).ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);

        var mine = await (await session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "fourth" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        mine.Detail.ShouldContain("MaxKeysPerUser");
        var byAdmin = await (await admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "fourth" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        byAdmin.Detail.ShouldContain("revoke one");
        (await api.QueryDatabaseAsync(db => db.ApiKeys.CountAsync(k => k.UserId == user.Id && k.RevokedAt == null))).ShouldBe(3);

        (await session.DeleteAsync($"/api/v1/users/me/api-keys/{third.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "fourth" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Keys_created_at_once_never_pass_the_key_limit()
    {
        var user = await api.CreateUserAsync();
        await using var server = api.WithWebHostBuilder(builder => builder.UseSetting("Planck:Security:MaxKeysPerUser", "3"));
        using var session = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        (await session.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The user holds one key (from CreateUserAsync): of eight creates sent together, exactly two fit.
        var creates = Enumerable.Range(0, 8).Select(i => session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = $"racing {i}" }));
        var statuses = (await Task.WhenAll(creates)).Select(response => response.StatusCode).ToList();

        statuses.Count(status => status == HttpStatusCode.Created).ShouldBe(2, string.Join(", ", statuses));
        statuses.Count(status => status == HttpStatusCode.Conflict).ShouldBe(6, string.Join(", ", statuses));
        (await api.QueryDatabaseAsync(db => db.ApiKeys.CountAsync(k => k.UserId == user.Id && k.RevokedAt == null))).ShouldBe(3);
    }

    [Theory]
    [InlineData("POST", "/api/v1/admin/users", "")]
    [InlineData("POST", "/api/v1/admin/users", "null")]
    [InlineData("POST", "/api/v1/admin/workspaces", "")]
    [InlineData("POST", "/api/v1/admin/workspaces", "null")]
    [InlineData("PATCH", "/api/v1/admin/users/0190a5a0-0000-7000-8000-000000000000", "null")]
    public async Task An_empty_or_null_body_is_400_body_required_without_framework_text(string method, string path, string body)
    {
        var response = await api.Admin.SendRawAsync(new HttpMethod(method), path, body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Detail.ShouldBe("The request body is required.");
    }

    [Fact]
    public async Task A_request_with_no_body_at_all_is_400_body_required()
    {
        var response = await api.Admin.SendRawAsync(HttpMethod.Post, "/api/v1/admin/workspaces", body: null);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Detail.ShouldBe("The request body is required.");
    }

    [Fact]
    public async Task Responses_that_carry_a_key_or_a_session_are_no_store_and_every_response_is_nosniff()
    {
        var user = await api.CreateUserAsync();
        using var anonymous = api.CreateAnonymousClient();

        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password });
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        login.Headers.CacheControl!.NoStore.ShouldBeTrue();
        using var session = await api.SignInAsync(user.Email, user.Password);
        var created = await session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "no-store" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var issued = await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "issued" });
        issued.Headers.CacheControl!.NoStore.ShouldBeTrue();
        (await session.GetAsync("/api/v1/users/me")).Headers.CacheControl!.NoStore.ShouldBeTrue();

        foreach (var response in new[] { login, created, await anonymous.GetAsync("/api/v1/nowhere"), await anonymous.GetAsync("/api/v1/config"), await anonymous.GetAsync("/") })
        {
            response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"], response.RequestMessage!.RequestUri!.ToString());
        }
    }

    [Fact]
    public async Task Kestrel_sends_no_Server_header()
    {
        api.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader.ShouldBeFalse();
        (await api.CreateAnonymousClient().GetAsync("/health/live")).Headers.Server.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_docs_page_has_a_content_security_policy()
    {
        using var anonymous = api.CreateAnonymousClient();

        var docs = await anonymous.GetAsync("/docs/");

        docs.StatusCode.ShouldBe(HttpStatusCode.OK);
        var policy = docs.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem();
        policy.ShouldContain("default-src 'self'");
        policy.ShouldContain("frame-ancestors 'none'");
    }

    [Fact]
    public async Task The_OpenAPI_server_url_never_comes_from_a_forged_Host_header()
    {
        using var anonymous = api.CreateAnonymousClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "evil.example";

        var response = await anonymous.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        text.ShouldNotContain("evil.example");
        using var document = JsonDocument.Parse(text);
        document.RootElement.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString()).ShouldBe(["/"]);

        await using var configured = api.WithWebHostBuilder(builder => builder.UseSetting("Planck:PublicUrl", "https://planck.example.com"));
        using var client = configured.CreateClient();
        var forged = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        forged.Headers.Host = "evil.example";
        using var configuredDocument = JsonDocument.Parse(await (await client.SendAsync(forged)).Content.ReadAsStringAsync());
        configuredDocument.RootElement.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString())
            .ShouldBe(["https://planck.example.com"]);
    }

    [Fact]
    public async Task Reactivating_a_user_does_not_bring_back_their_old_keys()
    {
        var user = await api.CreateUserAsync();
        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { is_active = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var reactivated = await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { is_active = true }))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

        reactivated.IsActive.ShouldBeTrue();
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await api.QueryDatabaseAsync(db => db.ApiKeys.SingleAsync(k => k.Id == user.ApiKeyId))).RevokedAt.ShouldNotBeNull();
        var fresh = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "after" })).ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        using var freshClient = api.CreateKeyClient(fresh.Key!);
        (await freshClient.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reactivating_with_restore_keys_keeps_the_old_keys_usable()
    {
        var user = await api.CreateUserAsync();
        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { is_active = false })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { is_active = true, restore_keys = true })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { full_name = "x", restore_keys = true }))
            .ShouldBeValidationProblemAsync("restore_keys");
    }

    [Fact]
    public async Task Only_the_uploader_or_an_Admin_may_delete_a_document()
    {
        var uploader = await api.CreateUserAsync();
        var member = await api.CreateUserAsync();
        var outsider = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, uploader.Id, member.Id);
        var first = await uploader.Client.UploadOkAsync(workspace, "first.txt", "The first document.");
        var second = await uploader.Client.UploadOkAsync(workspace, "second.txt", "The second document.");

        var refused = await (await member.Client.DeleteAsync($"/api/v1/documents/{first.Id}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        refused.Detail.ShouldBe("Only the member who uploaded this document, or an Admin, may delete it.");
        await (await outsider.Client.DeleteAsync($"/api/v1/documents/{first.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await api.QueryDatabaseAsync(db => db.Documents.CountAsync(d => d.Id == first.Id))).ShouldBe(1);

        (await uploader.Client.DeleteAsync($"/api/v1/documents/{first.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.Admin.DeleteAsync($"/api/v1/documents/{second.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.QueryDatabaseAsync(db => db.Documents.CountAsync(d => d.Id == first.Id || d.Id == second.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task Display_names_lose_bidirectional_override_characters_on_create_and_update()
    {
        var email = $"bidi-{Guid.NewGuid():N}@tests.planck.local";
        var created = await (await api.Admin.PostAsJsonAsync("/api/v1/admin/users",
                new { email, password = "a long enough password", full_name = "Mallory \u202Egnp.exe\u202C", role = "User" }))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.Created);
        created.FullName.ShouldBe("Mallory gnp.exe");

        var renamed = await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{created.Id}", new { full_name = "\u2066Eve\u2069 \u202AAdmin\u202B\u202D" }))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        renamed.FullName.ShouldBe("Eve Admin");
        (await api.QueryDatabaseAsync(db => db.Users.SingleAsync(u => u.Id == created.Id))).FullName.ShouldBe("Eve Admin");

        await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{created.Id}", new { full_name = "\u202E\u2067" }))
            .ShouldBeValidationProblemAsync("full_name");
    }

    [Fact]
    public async Task The_sweeper_removes_old_partial_and_unowned_files_and_keeps_owned_and_recent_ones()
    {
        var user = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, user.Id);
        var document = await user.Client.UploadOkAsync(workspace, "kept.txt", "A document whose file must stay.");
        var storageKey = await api.QueryDatabaseAsync(db => db.Documents.Where(d => d.Id == document.Id).Select(d => d.StorageKey).SingleAsync());
        var root = Path.Combine(api.DataDirectory, "files");
        var owned = Path.Combine(root, storageKey);
        var folder = Path.Combine(root, $"{workspace:N}");
        var oldPartial = Path.Combine(folder, $"{Guid.NewGuid():N}-crashed.txt.partial-{Guid.NewGuid():N}");
        var oldUnowned = Path.Combine(folder, $"{Guid.NewGuid():N}-never-committed.txt");
        var recentUnowned = Path.Combine(folder, $"{Guid.NewGuid():N}-still-uploading.txt");
        var recentPartial = Path.Combine(folder, $"{Guid.NewGuid():N}-uploading.txt.partial-{Guid.NewGuid():N}");
        foreach (var path in new[] { oldPartial, oldUnowned, recentUnowned, recentPartial })
        {
            await File.WriteAllTextAsync(path, "bytes");
        }

        var longAgo = DateTime.UtcNow.AddHours(-3);
        foreach (var path in new[] { oldPartial, oldUnowned, owned })
        {
            File.SetLastWriteTimeUtc(path, longAgo);
        }

        var result = await api.Services.GetRequiredService<StoredFileSweeper>().SweepAsync(CancellationToken.None);

        File.Exists(oldPartial).ShouldBeFalse();
        File.Exists(oldUnowned).ShouldBeFalse();
        File.Exists(owned).ShouldBeTrue();
        File.Exists(recentUnowned).ShouldBeTrue();
        File.Exists(recentPartial).ShouldBeTrue();
        result.PartialFiles.ShouldBeGreaterThanOrEqualTo(1);
        result.UnownedFiles.ShouldBeGreaterThanOrEqualTo(1);
        (await api.QueryDatabaseAsync(db => db.Documents.CountAsync(d => d.Id == document.Id))).ShouldBe(1);
        var content = await user.Client.GetAsync($"/api/v1/documents/{document.Id}/content");
        (await content.Content.ReadAsStringAsync()).ShouldBe("A document whose file must stay.");
    }

    private async Task<string> AdminKeyAsync()
    {
        using var session = await api.SignInAsync(PlanckApiFactory.AdminEmail, PlanckApiFactory.AdminPassword);
        var created = await (await session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "hardening" })).ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        return created.Key!;
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteHardeningTests(SqliteApiFactory api) : HardeningTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresHardeningTests(PostgresApiFactory api) : HardeningTests(api);
