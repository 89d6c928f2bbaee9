using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Identity;

/// <summary>A signed-in user manages their own keys.</summary>
public abstract class OwnApiKeyTests(PlanckApiFactory api)
{
    [Fact]
    public async Task The_list_holds_the_callers_keys_in_the_envelope()
    {
        var user = await api.CreateUserAsync();
        var someoneElse = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);
        var created = await (await session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "second" }))
            .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);

        var list = await (await session.GetAsync("/api/v1/users/me/api-keys")).ShouldBeAsync<ListResponse<ApiKeyResponse>>(HttpStatusCode.OK);

        list.Count.ShouldBe(2);
        list.Data.Select(k => k.Id).ShouldBe([created.Id, user.ApiKeyId], ignoreOrder: true);
        list.Data.ShouldAllBe(k => k.UserId == user.Id && k.Key == null);
        list.Data.ShouldNotContain(k => k.Id == someoneElse.ApiKeyId);
        var listed = list.Data.Single(k => k.Id == created.Id);
        listed.Name.ShouldBe("second");
        listed.Prefix.ShouldBe(created.Prefix);
        listed.CreatedAt.ShouldBe(created.CreatedAt, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task The_list_pages_with_limit_and_offset_and_counts_everything()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);
        for (var i = 0; i < 2; i++)
        {
            (await session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = $"extra {i}" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var firstPage = await (await session.GetAsync("/api/v1/users/me/api-keys?limit=2")).ShouldBeAsync<ListResponse<ApiKeyResponse>>(HttpStatusCode.OK);
        var secondPage = await (await session.GetAsync("/api/v1/users/me/api-keys?limit=2&offset=2")).ShouldBeAsync<ListResponse<ApiKeyResponse>>(HttpStatusCode.OK);

        firstPage.Count.ShouldBe(3);
        firstPage.Data.Count.ShouldBe(2);
        secondPage.Count.ShouldBe(3);
        secondPage.Data.Count.ShouldBe(1);
        firstPage.Data.Concat(secondPage.Data).Select(k => k.Id).Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public async Task Creating_a_key_returns_201_with_the_key_and_it_works()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);
        var expiresAt = DateTimeOffset.UtcNow.AddDays(30);

        var response = await session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "  ci pipeline  ", expires_at = expiresAt });

        var created = await response.ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        created.Name.ShouldBe("ci pipeline");
        created.UserId.ShouldBe(user.Id);
        created.ExpiresAt.ShouldNotBeNull();
        created.ExpiresAt.Value.ShouldBe(expiresAt, TimeSpan.FromMilliseconds(1));
        created.LastUsedAt.ShouldBeNull();
        created.Key.ShouldNotBeNull();
        created.Prefix.ShouldBe(created.Key[..16]);
        using var keyClient = api.CreateKeyClient(created.Key);
        var me = await (await keyClient.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        me.Id.ShouldBe(user.Id);
        var stored = await api.QueryDatabaseAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == created.Id));
        stored.UserId.ShouldBe(user.Id);
        stored.Name.ShouldBe("ci pipeline");
        stored.RevokedAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_key_made_by_a_regular_user_has_only_that_users_rights()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);
        var created = await (await session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "mine" }))
            .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        using var keyClient = api.CreateKeyClient(created.Key!);

        var response = await keyClient.GetAsync("/api/v1/admin/users");

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Revoking_an_own_key_is_204_and_the_key_stops_working_at_once()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await session.DeleteAsync($"/api/v1/users/me/api-keys/{user.ApiKeyId}");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        var problem = await (await user.Client.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.Detail.ShouldBe("Invalid or missing API key");
        var list = await (await session.GetAsync("/api/v1/users/me/api-keys")).ShouldBeAsync<ListResponse<ApiKeyResponse>>(HttpStatusCode.OK);
        list.Data.ShouldNotContain(k => k.Id == user.ApiKeyId);
        list.Count.ShouldBe(0);
        (await session.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Revoking_a_key_twice_is_harmless()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);
        (await session.DeleteAsync($"/api/v1/users/me/api-keys/{user.ApiKeyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var firstRevocation = await api.QueryDatabaseAsync(db => db.ApiKeys.Where(k => k.Id == user.ApiKeyId).Select(k => k.RevokedAt).SingleAsync());

        var again = await session.DeleteAsync($"/api/v1/users/me/api-keys/{user.ApiKeyId}");

        again.StatusCode.ShouldBeOneOf(HttpStatusCode.NoContent, HttpStatusCode.NotFound);
        var revokedAt = await api.QueryDatabaseAsync(db => db.ApiKeys.Where(k => k.Id == user.ApiKeyId).Select(k => k.RevokedAt).SingleAsync());
        revokedAt.ShouldBe(firstRevocation);
    }

    [Fact]
    public async Task Revoking_another_users_key_is_404_and_their_key_keeps_working()
    {
        var user = await api.CreateUserAsync();
        var victim = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.DeleteAsync($"/api/v1/users/me/api-keys/{victim.ApiKeyId}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await victim.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var revokedAt = await api.QueryDatabaseAsync(db => db.ApiKeys.Where(k => k.Id == victim.ApiKeyId).Select(k => k.RevokedAt).SingleAsync());
        revokedAt.ShouldBeNull();
    }

    [Fact]
    public async Task Revoking_an_unknown_key_is_404()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.DeleteAsync($"/api/v1/users/me/api-keys/{Guid.NewGuid()}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_malformed_key_id_is_400()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.DeleteAsync("/api/v1/users/me/api-keys/not-a-uuid");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Detail.ShouldContain("key_id");
    }

    [Fact]
    public async Task An_expiry_in_the_past_is_400_naming_expires_at()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.PostAsJsonAsync(
            "/api/v1/users/me/api-keys", new { name = "already expired", expires_at = DateTimeOffset.UtcNow.AddHours(-1) });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors.ShouldNotBeNull();
        problem.Errors.Keys.ShouldBe(["expires_at"]);
        (await api.QueryDatabaseAsync(db => db.ApiKeys.CountAsync(k => k.UserId == user.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task A_missing_name_is_400_naming_name()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { expires_at = DateTimeOffset.UtcNow.AddDays(1) });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors.ShouldNotBeNull();
        problem.Errors.Keys.ShouldBe(["name"]);
        (await api.QueryDatabaseAsync(db => db.ApiKeys.CountAsync(k => k.UserId == user.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task A_blank_or_overlong_name_is_400_naming_name()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        foreach (var name in new[] { "   ", new string('n', 101) })
        {
            var response = await session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name });

            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.Errors.ShouldNotBeNull();
            problem.Errors.Keys.ShouldBe(["name"]);
        }
    }

    [Fact]
    public async Task Without_any_credential_the_own_key_endpoints_are_401()
    {
        using var anonymous = api.CreateAnonymousClient();

        (await anonymous.GetAsync("/api/v1/users/me/api-keys")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "x" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.DeleteAsync($"/api/v1/users/me/api-keys/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteOwnApiKeyTests(SqliteApiFactory api) : OwnApiKeyTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresOwnApiKeyTests(PostgresApiFactory api) : OwnApiKeyTests(api);
