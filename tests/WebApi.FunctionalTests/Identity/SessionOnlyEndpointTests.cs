using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Identity;

/// <summary>A leaked key must not be able to mint keys or take over the account: credential management needs the session.</summary>
public abstract class SessionOnlyEndpointTests(PlanckApiFactory api)
{
    private const string NotViaApiKey = "This endpoint is not available via API key: ";

    [Fact]
    public async Task Listing_own_keys_with_an_api_key_is_403()
    {
        var user = await api.CreateUserAsync();

        var problem = await (await user.Client.GetAsync("/api/v1/users/me/api-keys")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        problem.Detail.ShouldBe(NotViaApiKey + "GET /api/v1/users/me/api-keys");
    }

    [Fact]
    public async Task Creating_a_key_with_an_api_key_is_403_and_creates_nothing()
    {
        var user = await api.CreateUserAsync();

        var response = await user.Client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "minted by a leaked key" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.Detail.ShouldBe(NotViaApiKey + "POST /api/v1/users/me/api-keys");
        var keys = await api.QueryDatabaseAsync(db => db.ApiKeys.CountAsync(k => k.UserId == user.Id));
        keys.ShouldBe(1);
    }

    [Fact]
    public async Task An_admin_key_cannot_create_keys_through_the_self_service_endpoint_either()
    {
        var response = await api.Admin.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "minted by the admin key" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.Detail.ShouldBe(NotViaApiKey + "POST /api/v1/users/me/api-keys");
    }

    [Fact]
    public async Task Revoking_a_key_with_an_api_key_is_403_and_revokes_nothing()
    {
        var user = await api.CreateUserAsync();

        var response = await user.Client.DeleteAsync($"/api/v1/users/me/api-keys/{user.ApiKeyId}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.Detail.ShouldBe($"{NotViaApiKey}DELETE /api/v1/users/me/api-keys/{user.ApiKeyId}");
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var revokedAt = await api.QueryDatabaseAsync(db => db.ApiKeys.Where(k => k.Id == user.ApiKeyId).Select(k => k.RevokedAt).SingleAsync());
        revokedAt.ShouldBeNull();
    }

    [Fact]
    public async Task Changing_the_password_with_an_api_key_is_403_and_changes_nothing()
    {
        var user = await api.CreateUserAsync();

        var response = await user.Client.PostAsJsonAsync(
            "/api/v1/users/me/password", new { current_password = user.Password, new_password = "a brand new password" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.Detail.ShouldBe(NotViaApiKey + "POST /api/v1/users/me/password");
        (await api.PostLoginAsync(user.Email, user.Password)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.PostLoginAsync(user.Email, "a brand new password")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_sent_alongside_a_session_cookie_still_cannot_create_keys()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users/me/api-keys")
        {
            Content = JsonContent.Create(new { name = "key plus cookie" }),
        };
        request.Headers.Add("X-API-Key", user.ApiKey);

        var problem = await (await session.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        problem.Detail.ShouldBe(NotViaApiKey + "POST /api/v1/users/me/api-keys");
    }

    [Fact]
    public async Task The_same_endpoints_work_with_the_session()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        (await session.GetAsync("/api/v1/users/me/api-keys")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "via session" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await session.DeleteAsync($"/api/v1/users/me/api-keys/{user.ApiKeyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Other_endpoints_accept_the_session_as_well_as_a_key()
    {
        var user = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, user.Id);
        using var session = await api.SignInAsync(user.Email, user.Password);

        var viaSession = await (await session.GetAsync("/api/v1/workspaces")).ShouldBeAsync<ListResponse<WorkspaceResponse>>(HttpStatusCode.OK);
        var viaKey = await (await user.Client.GetAsync("/api/v1/workspaces")).ShouldBeAsync<ListResponse<WorkspaceResponse>>(HttpStatusCode.OK);

        viaSession.Data.Select(w => w.Id).ShouldBe([workspace]);
        viaKey.Data.Select(w => w.Id).ShouldBe([workspace]);
        (await (await session.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK)).Id.ShouldBe(user.Id);
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteSessionOnlyEndpointTests(SqliteApiFactory api) : SessionOnlyEndpointTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresSessionOnlyEndpointTests(PostgresApiFactory api) : SessionOnlyEndpointTests(api);
