using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planck.Domain.Identity;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Identity;

public abstract class ApiKeyAuthenticationTests(PlanckApiFactory api)
{
    private const string InvalidKey = "Invalid or missing API key";

    [Fact]
    public async Task A_valid_key_reads_its_own_user()
    {
        var before = DateTimeOffset.UtcNow;
        var user = await api.CreateUserAsync();

        var response = await user.Client.GetAsync("/api/v1/users/me");

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)
            .ShouldBe(["created_at", "email", "full_name", "id", "is_active", "role"]);
        var me = JsonSerializer.Deserialize<UserResponse>(body, HttpExtensions.Json)!;
        me.Id.ShouldBe(user.Id);
        me.Email.ShouldBe(user.Email);
        me.FullName.ShouldBe("Test User");
        me.Role.ShouldBe("User");
        me.IsActive.ShouldBeTrue();
        me.CreatedAt.ShouldBeInRange(before.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task An_admin_key_reads_the_admin_role()
    {
        var admin = await api.CreateUserAsync("Admin");

        var me = await (await admin.Client.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

        me.Id.ShouldBe(admin.Id);
        me.Role.ShouldBe("Admin");
    }

    [Fact]
    public async Task A_request_without_a_key_is_401_with_the_documented_problem()
    {
        using var anonymous = api.CreateAnonymousClient();

        var response = await anonymous.GetAsync("/api/v1/users/me");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.Detail.ShouldBe(InvalidKey);
        problem.Status.ShouldBe(401);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("pk_live_nope")]
    [InlineData("not a key at all")]
    [InlineData("Bearer pk_live_")]
    [InlineData("pk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_malformed_key_is_401(string key)
    {
        using var client = api.CreateKeyClient(key);

        var problem = await (await client.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.ShouldBe(InvalidKey);
    }

    [Fact]
    public async Task An_empty_key_header_is_401()
    {
        using var client = api.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
        request.Headers.TryAddWithoutValidation("X-API-Key", string.Empty);

        var problem = await (await client.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.ShouldBe(InvalidKey);
    }

    [Fact]
    public async Task A_valid_key_with_one_character_changed_is_401()
    {
        var user = await api.CreateUserAsync();
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        foreach (var position in new[] { ApiKeyToken.Scheme.Length, ApiKeyToken.Scheme.Length + 20, user.ApiKey.Length - 1 })
        {
            var chars = user.ApiKey.ToCharArray();
            chars[position] = chars[position] == 'A' ? 'B' : 'A';
            using var client = api.CreateKeyClient(new string(chars));

            var problem = await (await client.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

            problem.Detail.ShouldBe(InvalidKey);
        }
    }

    [Fact]
    public async Task A_well_formed_key_the_server_never_issued_is_401()
    {
        var unknown = ApiKeyToken.Generate();
        ApiKeyToken.IsWellFormed(unknown).ShouldBeTrue();
        using var client = api.CreateKeyClient(unknown);

        var problem = await (await client.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.ShouldBe(InvalidKey);
    }

    [Fact]
    public async Task A_key_revoked_by_an_admin_is_rejected_on_the_very_next_request()
    {
        var user = await api.CreateUserAsync();
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var revoke = await api.Admin.DeleteAsync($"/api/v1/admin/api-keys/{user.ApiKeyId}");
        revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent, await revoke.Content.ReadAsStringAsync());

        var problem = await (await user.Client.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.Detail.ShouldBe(InvalidKey);
        var revokedAt = await api.QueryDatabaseAsync(db => db.ApiKeys.Where(k => k.Id == user.ApiKeyId).Select(k => k.RevokedAt).SingleAsync());
        revokedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task Revoking_one_key_leaves_the_owners_other_keys_working()
    {
        var user = await api.CreateUserAsync();
        var second = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "second" }))
            .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        using var secondClient = api.CreateKeyClient(second.Key!);
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await secondClient.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await api.Admin.DeleteAsync($"/api/v1/admin/api-keys/{user.ApiKeyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await secondClient.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_admin_revoking_an_unknown_key_gets_404()
    {
        var response = await api.Admin.DeleteAsync($"/api/v1/admin/api-keys/{Guid.NewGuid()}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_expired_key_is_401()
    {
        var user = await api.CreateUserAsync();
        var fresh = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "short-lived" }))
            .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        var past = DateTimeOffset.UtcNow.AddMinutes(-5);
        var updated = await api.QueryDatabaseAsync(db =>
            db.ApiKeys.Where(k => k.Id == fresh.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.ExpiresAt, past)));
        updated.ShouldBe(1);
        using var client = api.CreateKeyClient(fresh.Key!);

        var problem = await (await client.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.ShouldBe(InvalidKey);
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_key_with_a_future_expiry_works()
    {
        var user = await api.CreateUserAsync();
        var expiresAt = DateTimeOffset.UtcNow.AddDays(1);
        var key = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "expiring", expires_at = expiresAt }))
            .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        using var client = api.CreateKeyClient(key.Key!);

        var me = await (await client.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

        me.Id.ShouldBe(user.Id);
        key.ExpiresAt.ShouldNotBeNull();
        key.ExpiresAt.Value.ShouldBe(expiresAt, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_key_stops_working_when_it_expires_even_after_it_has_been_used()
    {
        var user = await api.CreateUserAsync();
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(3);
        var key = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "about to expire", expires_at = expiresAt }))
            .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        using var client = api.CreateKeyClient(key.Key!);
        (await client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(500));

        var problem = await (await client.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.Detail.ShouldBe(InvalidKey);
    }

    [Fact]
    public async Task Two_key_headers_are_401_even_if_both_are_valid()
    {
        var user = await api.CreateUserAsync();
        using var client = api.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
        request.Headers.Add("X-API-Key", [user.ApiKey, user.ApiKey]);

        var problem = await (await client.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.ShouldBe(InvalidKey);
    }

    [Fact]
    public async Task An_api_key_sent_as_the_session_cookie_is_401()
    {
        var user = await api.CreateUserAsync();
        using var client = api.CreateSessionClient(user.ApiKey);

        var problem = await (await client.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.ShouldBe(InvalidKey);
    }

    [Fact]
    public async Task A_role_change_applies_to_the_users_existing_key_at_once()
    {
        var user = await api.CreateUserAsync();
        (await user.Client.GetAsync("/api/v1/admin/users")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { role = "Admin", full_name = "Promoted User" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var me = await (await user.Client.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        me.Role.ShouldBe("Admin");
        me.FullName.ShouldBe("Promoted User");
        (await user.Client.GetAsync("/api/v1/admin/users")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { role = "User" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await user.Client.GetAsync("/api/v1/admin/users")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await (await user.Client.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK)).Role.ShouldBe("User");
    }

    [Fact]
    public async Task A_deactivated_users_key_is_rejected_at_once_and_works_again_after_reactivation_with_restore_keys()
    {
        var user = await api.CreateUserAsync();
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var deactivated = await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { is_active = false }))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        deactivated.IsActive.ShouldBeFalse();

        var problem = await (await user.Client.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.Detail.ShouldBe(InvalidKey);

        var reactivated = await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { is_active = true, restore_keys = true }))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        reactivated.IsActive.ShouldBeTrue();

        var me = await (await user.Client.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        me.Id.ShouldBe(user.Id);
        me.IsActive.ShouldBeTrue();
    }

    [Fact]
    public async Task Deactivating_a_user_disables_every_one_of_their_keys()
    {
        var user = await api.CreateUserAsync();
        var second = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "second" }))
            .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        using var secondClient = api.CreateKeyClient(second.Key!);
        (await secondClient.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { is_active = false })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await secondClient.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Deactivating_a_user_ends_their_web_sessions()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);
        (await session.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { is_active = false })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var problem = await (await session.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.Detail.ShouldBe(InvalidKey);
        var sessions = await api.QueryDatabaseAsync(db => db.Sessions.CountAsync(s => s.UserId == user.Id));
        sessions.ShouldBe(0);
    }

    [Fact]
    public async Task A_bad_key_wins_over_a_valid_session_cookie()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);
        (await session.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
        request.Headers.Add("X-API-Key", "pk_live_nope");

        var problem = await (await session.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.ShouldBe(InvalidKey);
    }

    [Fact]
    public async Task A_valid_key_wins_over_another_users_session_cookie()
    {
        var cookieOwner = await api.CreateUserAsync();
        var keyOwner = await api.CreateUserAsync();
        using var session = await api.SignInAsync(cookieOwner.Email, cookieOwner.Password);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
        request.Headers.Add("X-API-Key", keyOwner.ApiKey);

        var me = await (await session.SendAsync(request)).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

        me.Id.ShouldBe(keyOwner.Id);
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteApiKeyAuthenticationTests(SqliteApiFactory api) : ApiKeyAuthenticationTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresApiKeyAuthenticationTests(PostgresApiFactory api) : ApiKeyAuthenticationTests(api);
