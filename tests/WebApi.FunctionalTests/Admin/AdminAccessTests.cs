using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planck.Domain.Identity;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Admin;

/// <summary>Who may call the Admin API: only Admins (403 for other users, 401 without a valid credential), on every endpoint.</summary>
public abstract class AdminAccessTests(PlanckApiFactory api)
{
    private const string AdminPrefix = "/api/v1/admin";

    /// <summary>One call to an admin endpoint: its route as mapped, and a concrete URL and valid body for it.</summary>
    private sealed record AdminCall(HttpMethod Method, string Route, string Url, object? Body)
    {
        public override string ToString() => $"{Method} {Url}";
    }

    /// <summary>
    /// Every endpoint of the Admin API, aimed at things that really exist and with valid bodies, so the only thing
    /// that can stop an Admin-less caller is the role check.
    /// </summary>
    private static List<AdminCall> EveryAdminEndpoint(Guid userId, Guid keyId, Guid workspaceId, Guid memberId, string email) =>
    [
        new(HttpMethod.Get, "/users", "/users", null),
        new(HttpMethod.Post, "/users", "/users", new { email = $"new-{Guid.NewGuid():N}@tests.planck.local", password = "a long enough password", full_name = "New", role = "Admin" }),
        new(HttpMethod.Get, "/users/by-email", $"/users/by-email?email={Uri.EscapeDataString(email)}", null),
        new(HttpMethod.Patch, "/users/{userId}", $"/users/{userId}", new { full_name = "Renamed By Intruder", role = "Admin", is_active = false }),
        new(HttpMethod.Post, "/users/{userId}/api-keys", $"/users/{userId}/api-keys", new { name = "minted by intruder" }),
        new(HttpMethod.Delete, "/api-keys/{keyId}", $"/api-keys/{keyId}", null),
        new(HttpMethod.Post, "/workspaces", "/workspaces", new { name = "Created by intruder", description = "x" }),
        new(HttpMethod.Patch, "/workspaces/{workspaceId}", $"/workspaces/{workspaceId}", new { name = "Renamed by intruder" }),
        new(HttpMethod.Delete, "/workspaces/{workspaceId}", $"/workspaces/{workspaceId}", null),
        new(HttpMethod.Get, "/workspaces/{workspaceId}/members", $"/workspaces/{workspaceId}/members", null),
        new(HttpMethod.Post, "/workspaces/{workspaceId}/members", $"/workspaces/{workspaceId}/members", new { user_ids = new[] { userId } }),
        new(HttpMethod.Delete, "/workspaces/{workspaceId}/members/{userId}", $"/workspaces/{workspaceId}/members/{memberId}", null),
        new(HttpMethod.Get, "/usage", $"/usage?user_id={userId}", null),
        new(HttpMethod.Post, "/workspaces/{workspaceId}/databases", $"/workspaces/{workspaceId}/databases",
            new { name = "Intruder's", type = "sqlite", connection_string = "intruder.db" }),
        new(HttpMethod.Patch, "/workspaces/{workspaceId}/databases/{databaseId}", $"/workspaces/{workspaceId}/databases/{Guid.NewGuid()}", new { name = "Renamed by intruder" }),
        new(HttpMethod.Post, "/workspaces/{workspaceId}/databases/{databaseId}/refresh", $"/workspaces/{workspaceId}/databases/{Guid.NewGuid()}/refresh", null),
        new(HttpMethod.Delete, "/workspaces/{workspaceId}/databases/{databaseId}", $"/workspaces/{workspaceId}/databases/{Guid.NewGuid()}", null),
        new(HttpMethod.Put, "/workspaces/{workspaceId}/context", $"/workspaces/{workspaceId}/context", new { description = "Rewritten by intruder" }),
        new(HttpMethod.Post, "/reindex", "/reindex", new { workspace_id = workspaceId }),
        new(HttpMethod.Get, "/audit", "/audit", null),
        new(HttpMethod.Get, "/server", "/server", null),
    ];

    private sealed record Victim(TestUser User, TestUser Member, Guid WorkspaceId)
    {
        public List<AdminCall> Calls => EveryAdminEndpoint(User.Id, User.ApiKeyId, WorkspaceId, Member.Id, User.Email);
    }

    private async Task<Victim> CreateVictimAsync()
    {
        var user = await api.CreateUserAsync();
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync("Target", member.Id);
        return new Victim(user, member, workspace);
    }

    private static async Task<List<string>> CallAllAsync(HttpClient client, IEnumerable<AdminCall> calls, HttpStatusCode expected, string? expectedDetail = null)
    {
        var failures = new List<string>();
        foreach (var call in calls)
        {
            using var response = await client.SendJsonAsync(call.Method, AdminPrefix + call.Url, call.Body);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != expected)
            {
                failures.Add($"{call}: expected {(int)expected}, got {(int)response.StatusCode} {body}");
                continue;
            }

            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{call}: not a problem document ({response.Content.Headers.ContentType})");
                continue;
            }

            var detail = JsonSerializer.Deserialize<ProblemResponse>(body, HttpExtensions.Json)?.Detail;
            if (string.IsNullOrWhiteSpace(detail) || (expectedDetail is not null && detail != expectedDetail))
            {
                failures.Add($"{call}: unexpected detail \"{detail}\"");
            }
        }

        return failures;
    }

    private async Task ShouldBeUntouchedAsync(Victim victim)
    {
        var user = await api.QueryDatabaseAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == victim.User.Id));
        user.ShouldSatisfyAllConditions(
            u => u.FullName.ShouldBe("Test User"),
            u => u.Role.ShouldBe(Role.User),
            u => u.IsActive.ShouldBeTrue());
        (await api.QueryDatabaseAsync(db => db.ApiKeys.CountAsync(k => k.UserId == victim.User.Id))).ShouldBe(1);
        (await api.QueryDatabaseAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == victim.User.ApiKeyId))).RevokedAt.ShouldBeNull();
        var workspace = await api.QueryDatabaseAsync(db => db.Workspaces.AsNoTracking().SingleOrDefaultAsync(w => w.Id == victim.WorkspaceId));
        workspace.ShouldNotBeNull().Name.ShouldBe("Target");
        var members = await api.QueryDatabaseAsync(db => db.WorkspaceMembers.Where(m => m.WorkspaceId == victim.WorkspaceId).Select(m => m.UserId).ToListAsync());
        members.ShouldBe([victim.Member.Id]);
        (await api.QueryDatabaseAsync(db => db.Workspaces.AnyAsync(w => w.Name == "Created by intruder"))).ShouldBeFalse();
        (await victim.User.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void The_access_checks_cover_every_admin_endpoint_the_server_maps()
    {
        var mapped = api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(AdminPrefix, StringComparison.OrdinalIgnoreCase) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var covered = EveryAdminEndpoint(Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, "x@y.z")
            .Select(c => $"{c.Method.Method} {AdminPrefix}{c.Route}")
            .Order(StringComparer.Ordinal)
            .ToList();

        mapped.ShouldNotBeEmpty();
        mapped.ShouldBe(covered, "a new admin endpoint must be added to EveryAdminEndpoint so its access rules are tested");
    }

    [Fact]
    public async Task A_non_admin_gets_403_on_every_admin_endpoint_and_changes_nothing()
    {
        var caller = await api.CreateUserAsync();
        var victim = await CreateVictimAsync();

        var failures = await CallAllAsync(caller.Client, victim.Calls, HttpStatusCode.Forbidden);

        failures.ShouldBeEmpty();
        await ShouldBeUntouchedAsync(victim);
    }

    [Fact]
    public async Task A_member_of_the_workspace_gets_403_on_every_admin_endpoint()
    {
        var victim = await CreateVictimAsync();

        var failures = await CallAllAsync(victim.Member.Client, victim.Calls, HttpStatusCode.Forbidden);

        failures.ShouldBeEmpty();
        await ShouldBeUntouchedAsync(victim);
    }

    [Fact]
    public async Task A_non_admin_session_gets_403_on_every_admin_endpoint()
    {
        var caller = await api.CreateUserAsync();
        var session = await api.SignInAsync(caller.Email, caller.Password);
        var victim = await CreateVictimAsync();

        var failures = await CallAllAsync(session, victim.Calls, HttpStatusCode.Forbidden);

        failures.ShouldBeEmpty();
        await ShouldBeUntouchedAsync(victim);
    }

    [Fact]
    public async Task No_credential_gets_401_on_every_admin_endpoint()
    {
        var victim = await CreateVictimAsync();

        var failures = await CallAllAsync(api.CreateAnonymousClient(), victim.Calls, HttpStatusCode.Unauthorized, "Invalid or missing API key");

        failures.ShouldBeEmpty();
        await ShouldBeUntouchedAsync(victim);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("pk_live_")]
    [InlineData("")]
    [InlineData("well-formed but unknown")]
    public async Task A_bad_key_gets_401_on_every_admin_endpoint(string key)
    {
        var victim = await CreateVictimAsync();
        var presented = key == "well-formed but unknown" ? ApiKeyToken.Generate() : key;
        var client = api.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-API-Key", presented);

        var failures = await CallAllAsync(client, victim.Calls, HttpStatusCode.Unauthorized, "Invalid or missing API key");

        failures.ShouldBeEmpty();
        await ShouldBeUntouchedAsync(victim);
    }

    [Fact]
    public async Task A_revoked_admin_key_gets_401_on_every_admin_endpoint()
    {
        var admin = await api.CreateUserAsync("Admin");
        (await api.Admin.DeleteAsync($"/api/v1/admin/api-keys/{admin.ApiKeyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var victim = await CreateVictimAsync();

        var failures = await CallAllAsync(admin.Client, victim.Calls, HttpStatusCode.Unauthorized, "Invalid or missing API key");

        failures.ShouldBeEmpty();
        await ShouldBeUntouchedAsync(victim);
    }

    [Fact]
    public async Task A_deactivated_admin_gets_401_on_every_admin_endpoint()
    {
        var admin = await api.CreateUserAsync("Admin");
        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{admin.Id}", new { is_active = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var victim = await CreateVictimAsync();

        var failures = await CallAllAsync(admin.Client, victim.Calls, HttpStatusCode.Unauthorized, "Invalid or missing API key");

        failures.ShouldBeEmpty();
        await ShouldBeUntouchedAsync(victim);
    }

    [Fact]
    public async Task An_expired_admin_key_gets_401()
    {
        var admin = await api.CreateUserAsync("Admin");
        var key = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{admin.Id}/api-keys", new { name = "short-lived", expires_at = DateTimeOffset.UtcNow.AddDays(1) }))
            .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        await api.QueryDatabaseAsync(db => db.ApiKeys.Where(k => k.Id == key.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.ExpiresAt, DateTimeOffset.UtcNow.AddDays(-1))));

        var response = await api.CreateKeyClient(key.Key!).GetAsync($"{AdminPrefix}/users");

        (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail.ShouldBe("Invalid or missing API key");
    }

    [Fact]
    public async Task An_admin_session_can_use_the_admin_api()
    {
        var session = await api.SignInAsync(PlanckApiFactory.AdminEmail, PlanckApiFactory.AdminPassword);
        var name = $"Via session {Guid.NewGuid():N}";

        var created = await (await session.PostAsJsonAsync($"{AdminPrefix}/workspaces", new { name }))
            .ShouldBeAsync<WorkspaceResponse>(HttpStatusCode.Created);

        created.Name.ShouldBe(name);
        (await session.GetAsync($"{AdminPrefix}/users?limit=1")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Admin_routes_accept_a_trailing_slash()
    {
        var user = await api.CreateUserAsync();

        var found = await (await api.Admin.GetAsync($"{AdminPrefix}/users/by-email/?email={Uri.EscapeDataString(user.Email)}"))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        var page = await (await api.Admin.GetAsync($"{AdminPrefix}/users/?limit=1")).ShouldBeAsync<ListResponse<UserResponse>>(HttpStatusCode.OK);

        found.Id.ShouldBe(user.Id);
        page.Data.Count.ShouldBe(1);
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteAdminAccessTests(SqliteApiFactory api) : AdminAccessTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresAdminAccessTests(PostgresApiFactory api) : AdminAccessTests(api);
