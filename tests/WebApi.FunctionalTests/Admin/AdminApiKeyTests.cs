using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Admin;

/// <summary>POST /api/v1/admin/users/{user_id}/api-keys and DELETE /api/v1/admin/api-keys/{key_id}.</summary>
public abstract class AdminApiKeyTests(PlanckApiFactory api)
{
    [Fact]
    public async Task An_admin_issues_a_key_that_is_shown_once_with_all_its_fields()
    {
        var user = await api.CreateUserAsync();
        var expiresAt = DateTimeOffset.UtcNow.AddDays(30);

        var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "  integration  ", expires_at = expiresAt });

        var key = await response.ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        (await response.ReadPropertyNamesAsync()).ShouldBe(["created_at", "expires_at", "id", "key", "last_used_at", "name", "prefix", "user_id"]);
        key.Id.ShouldNotBe(Guid.Empty);
        key.Name.ShouldBe("integration");
        key.UserId.ShouldBe(user.Id);
        key.LastUsedAt.ShouldBeNull();
        key.ExpiresAt.ShouldNotBeNull().ShouldBe(expiresAt, TimeSpan.FromMilliseconds(1));
        key.Key.ShouldNotBeNull().ShouldStartWith("pk_live_");
        key.Prefix.ShouldStartWith("pk_live_");
        key.Key.ShouldStartWith(key.Prefix);
        key.Prefix.Length.ShouldBeLessThan(key.Key.Length);
        response.Headers.Location.ShouldNotBeNull().ToString().ShouldEndWith(key.Id.ToString());

        var stored = await api.QueryDatabaseAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == key.Id));
        stored.UserId.ShouldBe(user.Id);
        stored.Prefix.ShouldBe(key.Prefix);
        stored.Hash.Length.ShouldBe(32, "only an HMAC-SHA-256 of the key is stored");
        stored.Hash.ShouldNotBe(Encoding.UTF8.GetBytes(key.Key));
    }

    [Fact]
    public async Task An_issued_key_acts_as_its_user()
    {
        var user = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, user.Id);

        var key = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "second key" }))
            .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        var client = api.CreateKeyClient(key.Key!);

        var me = await (await client.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        me.Id.ShouldBe(user.Id);
        me.Email.ShouldBe(user.Email);
        (await client.GetAsync($"/api/v1/workspaces/{workspace}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/v1/admin/users")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        key.ExpiresAt.ShouldBeNull();
    }

    [Fact]
    public async Task The_key_secret_is_never_shown_again()
    {
        var user = await api.CreateUserAsync();
        var key = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "shown once" }))
            .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        var session = await api.SignInAsync(user.Email, user.Password);

        var listing = await session.GetAsync("/api/v1/users/me/api-keys");

        var body = await listing.Content.ReadAsStringAsync();
        listing.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldContain(key.Id.ToString());
        body.ShouldNotContain(key.Key!);
        body.ShouldNotContain("\"key\"");
    }

    [Fact]
    public async Task Issuing_a_key_for_an_inactive_user_is_400()
    {
        var user = await api.CreateUserAsync();
        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { is_active = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var keysBefore = await api.QueryDatabaseAsync(db => db.ApiKeys.CountAsync(k => k.UserId == user.Id));

        var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "for inactive" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Detail.ShouldContain("inactive");
        (await api.QueryDatabaseAsync(db => db.ApiKeys.CountAsync(k => k.UserId == user.Id))).ShouldBe(keysBefore);
    }

    [Fact]
    public async Task Issuing_a_key_for_an_unknown_user_is_404()
    {
        var unknown = Guid.NewGuid();

        var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{unknown}/api-keys", new { name = "nobody" });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await api.QueryDatabaseAsync(db => db.ApiKeys.AnyAsync(k => k.UserId == unknown))).ShouldBeFalse();
    }

    [Fact]
    public async Task Issuing_a_key_for_a_malformed_user_id_is_400()
    {
        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/users/not-a-uuid/api-keys", new { name = "bad id" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail.ShouldContain("user_id");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"name\": \"\"}")]
    [InlineData("{\"name\": \"   \"}")]
    [InlineData("{\"name\": null}")]
    public async Task A_missing_name_is_400(string body)
    {
        var user = await api.CreateUserAsync();

        var response = await api.Admin.SendRawAsync(HttpMethod.Post, $"/api/v1/admin/users/{user.Id}/api-keys", body);

        await response.ShouldBeValidationProblemAsync("name");
    }

    [Fact]
    public async Task A_name_over_100_characters_is_400()
    {
        var user = await api.CreateUserAsync();

        var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = new string('k', 101) });

        await response.ShouldBeValidationProblemAsync("name");
    }

    [Fact]
    public async Task An_expiry_in_the_past_is_400()
    {
        var user = await api.CreateUserAsync();
        var keysBefore = await api.QueryDatabaseAsync(db => db.ApiKeys.CountAsync(k => k.UserId == user.Id));

        var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "expired", expires_at = DateTimeOffset.UtcNow.AddMinutes(-5) });

        await response.ShouldBeValidationProblemAsync("expires_at");
        (await api.QueryDatabaseAsync(db => db.ApiKeys.CountAsync(k => k.UserId == user.Id))).ShouldBe(keysBefore);
    }

    [Theory]
    [InlineData("\"tomorrow\"")]
    [InlineData("12345")]
    [InlineData("\"2030-13-45T00:00:00Z\"")]
    public async Task An_expiry_that_is_not_a_time_is_400(string value)
    {
        var user = await api.CreateUserAsync();

        var response = await api.Admin.SendRawAsync(HttpMethod.Post, $"/api/v1/admin/users/{user.Id}/api-keys", $"{{\"name\": \"bad expiry\", \"expires_at\": {value}}}");

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail.ShouldContain("expires_at");
    }

    [Fact]
    public async Task An_expiry_in_another_time_zone_is_stored_in_utc()
    {
        var user = await api.CreateUserAsync();
        var expiresAt = new DateTimeOffset(DateTime.UtcNow.AddDays(2).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(5));

        var key = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "offset", expires_at = expiresAt }))
            .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);

        key.ExpiresAt.ShouldNotBeNull().ShouldBe(expiresAt);
        key.ExpiresAt!.Value.Offset.ShouldBe(TimeSpan.Zero);
        (await api.CreateKeyClient(key.Key!).GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_non_admin_cannot_issue_keys_even_for_themselves()
    {
        var caller = await api.CreateUserAsync();
        var keysBefore = await api.QueryDatabaseAsync(db => db.ApiKeys.CountAsync(k => k.UserId == caller.Id));

        var response = await caller.Client.PostAsJsonAsync($"/api/v1/admin/users/{caller.Id}/api-keys", new { name = "self-minted" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await api.QueryDatabaseAsync(db => db.ApiKeys.CountAsync(k => k.UserId == caller.Id))).ShouldBe(keysBefore);
    }

    [Fact]
    public async Task Revoking_a_key_is_204_and_the_key_then_gets_401()
    {
        var user = await api.CreateUserAsync();
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await api.Admin.DeleteAsync($"/api/v1/admin/api-keys/{user.ApiKeyId}");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        var problem = await (await user.Client.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.Detail.ShouldBe("Invalid or missing API key");
        (await api.QueryDatabaseAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == user.ApiKeyId))).RevokedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task Revoking_one_key_leaves_the_users_other_keys_working()
    {
        var user = await api.CreateUserAsync();
        var other = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "other" }))
            .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        var otherClient = api.CreateKeyClient(other.Key!);
        (await otherClient.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await api.Admin.DeleteAsync($"/api/v1/admin/api-keys/{user.ApiKeyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await otherClient.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Revoking_a_key_of_an_admin_removes_their_admin_access()
    {
        var admin = await api.CreateUserAsync("Admin");
        (await admin.Client.GetAsync("/api/v1/admin/users")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await api.Admin.DeleteAsync($"/api/v1/admin/api-keys/{admin.ApiKeyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await admin.Client.GetAsync("/api/v1/admin/users")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revoking_an_unknown_key_is_404()
    {
        var response = await api.Admin.DeleteAsync($"/api/v1/admin/api-keys/{Guid.NewGuid()}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Revoking_with_a_malformed_key_id_is_400()
    {
        var response = await api.Admin.DeleteAsync("/api/v1/admin/api-keys/pk_live_not_an_id");

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail.ShouldContain("key_id");
    }

    [Fact]
    public async Task A_non_admin_cannot_revoke_keys_and_the_key_keeps_working()
    {
        var caller = await api.CreateUserAsync();
        var victim = await api.CreateUserAsync();

        var response = await caller.Client.DeleteAsync($"/api/v1/admin/api-keys/{victim.ApiKeyId}");

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await victim.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.QueryDatabaseAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == victim.ApiKeyId))).RevokedAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_non_admin_cannot_revoke_their_own_key_through_the_admin_api()
    {
        var caller = await api.CreateUserAsync();

        var response = await caller.Client.DeleteAsync($"/api/v1/admin/api-keys/{caller.ApiKeyId}");

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await caller.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteAdminApiKeyTests(SqliteApiFactory api) : AdminApiKeyTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresAdminApiKeyTests(PostgresApiFactory api) : AdminApiKeyTests(api);
