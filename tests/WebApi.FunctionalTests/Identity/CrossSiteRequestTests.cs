using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Identity;

/// <summary>The session cookie is an ambient credential: unsafe requests riding on it from another site are refused.</summary>
public abstract class CrossSiteRequestTests(PlanckApiFactory api)
{
    private const string EvilOrigin = "https://evil.example";

    // The in-process test client talks to http://localhost, so that is the server's own origin.
    private const string OwnOrigin = "http://localhost";

    [Fact]
    public async Task A_cookie_request_from_another_origin_is_403_and_does_nothing()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.SendAsync(CreateKeyRequest(("Origin", EvilOrigin)));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.Detail.ShouldContain("Cross-site");
        (await CountKeysAsync(user.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task A_cookie_request_marked_cross_site_by_the_browser_is_403()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.SendAsync(CreateKeyRequest(("Sec-Fetch-Site", "cross-site")));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await CountKeysAsync(user.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task A_cookie_request_from_a_sibling_site_is_403_even_with_a_matching_origin()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.SendAsync(CreateKeyRequest(("Sec-Fetch-Site", "same-site"), ("Origin", OwnOrigin)));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_cookie_request_from_another_port_is_403()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.SendAsync(CreateKeyRequest(("Origin", "http://localhost:8080")));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_cookie_request_with_an_opaque_null_origin_is_403()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.SendAsync(CreateKeyRequest(("Origin", "null")));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Cookie_revocations_from_another_origin_are_403_too()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/users/me/api-keys/{user.ApiKeyId}");
        request.Headers.Add("Origin", EvilOrigin);

        var response = await session.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_cookie_request_from_the_servers_own_origin_is_allowed()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.SendAsync(CreateKeyRequest(("Origin", OwnOrigin), ("Sec-Fetch-Site", "same-origin")));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        (await CountKeysAsync(user.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task A_cookie_request_without_an_origin_is_allowed()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.SendAsync(CreateKeyRequest());

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_safe_cookie_request_from_another_origin_is_not_blocked()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me/api-keys");
        request.Headers.Add("Origin", EvilOrigin);

        var response = await session.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_api_key_request_is_not_checked_for_its_origin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/workspaces")
        {
            Content = JsonContent.Create(new { name = $"Cross-origin {Guid.NewGuid():N}", description = "made with a key" }),
        };
        request.Headers.Add("Origin", EvilOrigin);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        var response = await api.Admin.SendAsync(request);

        var workspace = await response.ShouldBeAsync<WorkspaceResponse>(HttpStatusCode.Created);
        workspace.Description.ShouldBe("made with a key");
    }

    [Fact]
    public async Task A_sign_in_from_another_origin_is_403_and_sets_no_cookie()
    {
        var user = await api.CreateUserAsync();
        using var client = api.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { email = user.Email, password = user.Password }),
        };
        request.Headers.Add("Origin", EvilOrigin);

        var response = await client.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        response.SessionCookie().ShouldBeNull();
    }

    [Fact]
    public async Task A_sign_out_from_another_origin_is_403_and_the_session_survives()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout");
        request.Headers.Add("Origin", EvilOrigin);

        var response = await session.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await session.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_sign_in_from_the_servers_own_origin_is_allowed()
    {
        var user = await api.CreateUserAsync();
        using var client = api.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { email = user.Email, password = user.Password }),
        };
        request.Headers.Add("Origin", OwnOrigin);

        var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.SessionCookie().ShouldNotBeNull();
    }

    private static HttpRequestMessage CreateKeyRequest(params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users/me/api-keys")
        {
            Content = JsonContent.Create(new { name = "cross-site check" }),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return request;
    }

    private Task<int> CountKeysAsync(Guid userId) => api.QueryDatabaseAsync(db => db.ApiKeys.CountAsync(k => k.UserId == userId));
}

[Collection(SqliteServer.Name)]
public sealed class SqliteCrossSiteRequestTests(SqliteApiFactory api) : CrossSiteRequestTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresCrossSiteRequestTests(PostgresApiFactory api) : CrossSiteRequestTests(api);
