using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Common.Auditing;
using Planck.Application.Databases;
using Planck.Domain.Audit;
using Planck.Infrastructure.Audit;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Tests.Fixtures;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Audit;

/// <summary>The audit trail: what is recorded, by whom and from where, how it is read, and that no action outlives a failed record.</summary>
public abstract class AuditTrailTests(PlanckApiFactory api)
{
    private const string Url = "/api/v1/admin/audit";

    [Fact]
    public async Task Sign_ins_that_succeed_and_fail_are_recorded_with_the_client_address_and_never_the_password()
    {
        var user = await api.CreateUserAsync();
        var server = api.WithWebHostBuilder(builder => builder.UseClientAddressHeader());
        var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var wrong = await client.SendAsync(ClientAddress.Request(HttpMethod.Post, "/api/v1/auth/login", "203.0.113.7", json: new { email = user.Email, password = "not the password" }));
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var right = await client.SendAsync(ClientAddress.Request(HttpMethod.Post, "/api/v1/auth/login", "198.51.100.23", json: new { email = user.Email, password = user.Password }));
        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        var unknown = $"nobody-{Guid.NewGuid():N}@tests.planck.local";
        (await client.SendAsync(ClientAddress.Request(HttpMethod.Post, "/api/v1/auth/login", "203.0.113.8", json: new { email = unknown, password = "whatever it is" })))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var entries = await ListAsync($"?actor_id={user.Id}&action=auth.sign_in");
        entries.Select(e => e.Action).ShouldBe(["auth.sign_in.succeeded", "auth.sign_in.failed"], "newest first");
        entries[0].Actor.Address.ShouldBe("198.51.100.23");
        entries[0].Actor.Display.ShouldBe(user.Email);
        entries[1].Actor.Address.ShouldBe("203.0.113.7");
        entries[1].Details!.Value.GetProperty("reason").GetString().ShouldBe("wrong_password");
        var unknownEntry = (await ListAsync("?action=auth.sign_in.failed&limit=200")).First(e => e.Actor.Display == unknown);
        unknownEntry.Actor.UserId.ShouldBeNull();
        unknownEntry.Actor.Address.ShouldBe("203.0.113.8");
        unknownEntry.Details!.Value.GetProperty("reason").GetString().ShouldBe("unknown_email");
        var stored = await api.QueryDatabaseAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.ActorId == user.Id).Select(e => e.Details).ToListAsync());
        stored.ShouldAllBe(details => details == null || !details.Contains(user.Password));
    }

    [Fact]
    public async Task A_key_is_recorded_when_created_first_used_and_revoked_without_its_secret()
    {
        var user = await api.CreateUserAsync();
        var created = (await ListAsync($"?action=key.created&limit=200")).Single(e => e.Target?.Id == user.ApiKeyId.ToString());
        created.Target!.Type.ShouldBe("api_key");
        created.Actor.UserId.ShouldNotBe(user.Id, "an Admin issued it");
        created.Details!.Value.GetProperty("user_id").GetGuid().ShouldBe(user.Id);
        created.Details.Value.GetRawText().ShouldNotContain(user.ApiKey);

        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Eventually.HoldsAsync(async () => (await ListAsync($"?actor_id={user.Id}&action=key.first_used")).Count == 1))
            .ShouldBeTrue("the key's first use was never recorded");
        (await user.Client.GetAsync("/api/v1/workspaces")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.Admin.DeleteAsync($"/api/v1/admin/api-keys/{user.ApiKeyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var firstUse = (await ListAsync($"?actor_id={user.Id}&action=key.first_used")).ShouldHaveSingleItem();
        firstUse.Target!.Id.ShouldBe(user.ApiKeyId.ToString());
        var revoked = (await ListAsync("?action=key.revoked&limit=200")).Single(e => e.Target?.Id == user.ApiKeyId.ToString());
        revoked.Actor.UserId.ShouldBe(created.Actor.UserId);
    }

    [Fact]
    public async Task Admin_actions_are_recorded_with_their_actor_workspace_and_target()
    {
        var admin = await api.CreateUserAsync("Admin");
        var member = await api.CreateUserAsync();
        var created = await (await admin.Client.PostAsJsonAsync("/api/v1/admin/workspaces", new { name = $"Audited {Guid.NewGuid():N}", description = "x" }))
            .ShouldBeAsync<WorkspaceResponse>(HttpStatusCode.Created);
        (await admin.Client.PostAsJsonAsync($"/api/v1/admin/workspaces/{created.Id}/members", new { user_ids = new[] { member.Id } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.Client.PatchAsJsonAsync($"/api/v1/admin/users/{member.Id}", new { role = "Admin" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Their key's first use is recorded too, in the background; it is not what this test is about.
        var mine = (await ListAsync($"?actor_id={admin.Id}")).Where(e => e.Action != "key.first_used").ToList();
        mine.Select(e => e.Action).ShouldBe(["user.updated", "member.added", "workspace.created"]);
        mine.ShouldAllBe(e => e.Actor.UserId == admin.Id && e.Actor.Display == admin.Email);
        mine[0].Target!.Id.ShouldBe(member.Id.ToString());
        mine[0].Details!.Value.GetProperty("role").GetString().ShouldBe("Admin");
        mine[0].Details!.Value.TryGetProperty("full_name", out _).ShouldBeFalse("only what changed");
        mine[1].WorkspaceId.ShouldBe(created.Id);
        mine[1].Details!.Value.GetProperty("user_ids")[0].GetGuid().ShouldBe(member.Id);
        mine[2].Target!.ShouldBe(new AuditTargetResponse("workspace", created.Id.ToString()));
    }

    [Fact]
    public async Task Every_sql_statement_is_recorded_with_its_rows_and_whether_it_was_refused()
    {
        var with = await api.WithFakeModelAsync();
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var sales = await member.Client.UploadOkAsync(workspace, "sales.csv", "region,amount\nEurope,120\nEurope,80\nAsia,40\n");
        (await member.Client.WaitUntilProcessedAsync(sales.Id)).Status.ShouldBe("ready");
        var client = with.ClientFor(member);
        var database = DatabaseDirectory.UploadedTablesId(workspace);
        const string Sql = "SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY total DESC";

        foreach (var message in new[] { $"Totals? [[fake:sql {Sql}]]", "Clean up [[fake:sql DELETE FROM sales]]" })
        {
            var response = await client.PostAsJsonAsync(
                $"/api/v1/workspaces/{workspace}/chat", new { message, stream = false, settings = new { chat_metadata = new { database = new { id = database } } } });
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        var queries = await ListAsync($"?workspace_id={workspace}&action=database.query");
        queries.Count.ShouldBe(2);
        queries.ShouldAllBe(e => e.Actor.UserId == member.Id && e.Target!.Id == database.ToString());
        var refused = queries[0].Details!.Value;
        refused.GetProperty("refused").GetBoolean().ShouldBeTrue();
        refused.GetProperty("statement").GetString().ShouldBe("DELETE FROM sales");
        refused.GetProperty("reason").GetString().ShouldNotBeNullOrWhiteSpace();
        refused.TryGetProperty("rows", out _).ShouldBeFalse("it never ran");
        var ran = queries[1].Details!.Value;
        ran.GetProperty("refused").GetBoolean().ShouldBeFalse();
        ran.GetProperty("statement").GetString().ShouldBe(Sql);
        ran.GetProperty("rows").GetInt32().ShouldBe(2);
        ran.GetProperty("database_id").GetGuid().ShouldBe(database);
        ran.GetProperty("duration_ms").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task The_trail_is_filtered_by_workspace_action_and_time_and_paged_newest_first()
    {
        var workspace = await api.CreateWorkspaceAsync();
        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/workspaces/{workspace}", new { name = $"Renamed {Guid.NewGuid():N}" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/workspaces/{workspace}", new { description = "again" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var first = await (await api.Admin.GetAsync($"{Url}?workspace_id={workspace}&limit=2")).ShouldBeAsync<AuditPage>(HttpStatusCode.OK);
        first.Count.ShouldBe(3);
        first.Data.Select(e => e.Action).ShouldBe(["workspace.updated", "workspace.updated"]);
        first.Data[0].At.ShouldBeGreaterThanOrEqualTo(first.Data[1].At);
        var second = await (await api.Admin.GetAsync($"{Url}?workspace_id={workspace}&limit=2&offset=2")).ShouldBeAsync<AuditPage>(HttpStatusCode.OK);
        second.Data.Select(e => e.Action).ShouldBe(["workspace.created"]);
        second.Count.ShouldBe(3);

        (await ListAsync($"?workspace_id={workspace}&action=workspace")).Count.ShouldBe(3, "a dotted prefix");
        (await ListAsync($"?workspace_id={workspace}&action=workspace.created")).Count.ShouldBe(1, "an exact name");
        (await ListAsync($"?workspace_id={workspace}&action=work")).ShouldBeEmpty("a prefix matches whole dotted parts only");
        var createdAt = second.Data[0].At;
        (await ListAsync($"?workspace_id={workspace}&from={Iso(createdAt.AddDays(1))}")).ShouldBeEmpty();
        (await ListAsync($"?workspace_id={workspace}&to={Iso(createdAt)}")).ShouldBeEmpty("to is exclusive");
        (await ListAsync($"?workspace_id={workspace}&from={Iso(createdAt)}&to={Iso(createdAt.AddDays(1))}")).Count.ShouldBe(3);
        (await ListAsync($"?workspace_id={workspace}&from={createdAt.UtcDateTime:yyyy-MM-dd}")).Count.ShouldBe(3, "a plain date is midnight UTC");
    }

    [Fact]
    public async Task Only_admins_read_the_trail_and_bad_filters_are_400_with_the_reason()
    {
        var user = await api.CreateUserAsync();
        (await (await user.Client.GetAsync(Url)).ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Detail.ShouldNotBeNullOrWhiteSpace();
        (await api.CreateAnonymousClient().GetAsync(Url)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        (await (await api.Admin.GetAsync($"{Url}?actor_id=not-a-uuid")).ShouldBeValidationProblemAsync("actor_id")).Errors!["actor_id"][0].ShouldContain("UUID");
        await (await api.Admin.GetAsync($"{Url}?workspace_id=42")).ShouldBeValidationProblemAsync("workspace_id");
        (await (await api.Admin.GetAsync($"{Url}?from=yesterday")).ShouldBeValidationProblemAsync("from")).Errors!["from"][0].ShouldContain("ISO 8601");
        await (await api.Admin.GetAsync($"{Url}?from=12/01/2026")).ShouldBeValidationProblemAsync("from");
        await (await api.Admin.GetAsync($"{Url}?from=2026-12-02&to=2026-12-01")).ShouldBeValidationProblemAsync("to");
        await (await api.Admin.GetAsync($"{Url}?limit=0")).ShouldBeValidationProblemAsync("limit");
        await (await api.Admin.GetAsync($"{Url}?action=" + new string('a', 65))).ShouldBeValidationProblemAsync("action");
    }

    [Fact]
    public async Task When_the_audit_entry_cannot_be_written_the_action_fails_and_leaves_nothing()
    {
        var server = api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddScoped<IAuditTrail, UnwritableAuditTrail>()));
        var admin = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        admin.DefaultRequestHeaders.Add("X-API-Key", (await api.CreateUserAsync("Admin")).ApiKey);
        var email = $"unaudited-{Guid.NewGuid():N}@tests.planck.local";
        var name = $"Unaudited {Guid.NewGuid():N}";

        var user = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password = "a long enough password", full_name = "Never", role = "User" });
        var workspace = await admin.PostAsJsonAsync("/api/v1/admin/workspaces", new { name, description = "x" });
        var existing = await api.CreateUserAsync();
        var signIn = await server.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = existing.Email, password = existing.Password });

        (await user.ShouldBeProblemAsync(HttpStatusCode.InternalServerError)).Detail.ShouldBe("Internal server error");
        await workspace.ShouldBeProblemAsync(HttpStatusCode.InternalServerError);
        await signIn.ShouldBeProblemAsync(HttpStatusCode.InternalServerError);
        signIn.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await api.QueryDatabaseAsync(db => db.Users.AnyAsync(u => u.Email == email))).ShouldBeFalse("the user must not exist without its record");
        (await api.QueryDatabaseAsync(db => db.Workspaces.AnyAsync(w => w.Name == name))).ShouldBeFalse();
        (await api.QueryDatabaseAsync(db => db.Sessions.AnyAsync(s => s.UserId == existing.Id))).ShouldBeFalse("no session without its record");
    }

    [Fact]
    public async Task Retention_prunes_entries_older_than_the_setting_and_zero_keeps_them()
    {
        var now = DateTimeOffset.UtcNow;
        var old = AuditEntry.Record(now.AddDays(-400), null, "retention test", null, "test.retention", null, null, null, null);
        var recent = AuditEntry.Record(now.AddDays(-300), null, "retention test", null, "test.retention", null, null, null, null);
        await api.QueryDatabaseAsync(async db =>
        {
            db.AuditEntries.AddRange(old, recent);
            return await db.SaveChangesAsync();
        });

        var keepForever = api.WithWebHostBuilder(builder => builder.UseSetting("Planck:Audit:RetentionDays", "0"));
        (await keepForever.Services.GetRequiredService<AuditRetention>().PruneAsync(CancellationToken.None)).ShouldBe(0);
        (await StoredAsync(old.Id)).ShouldBeTrue();

        (await api.Services.GetRequiredService<AuditRetention>().PruneAsync(CancellationToken.None)).ShouldBeGreaterThanOrEqualTo(1);
        (await StoredAsync(old.Id)).ShouldBeFalse("older than the default 365 days");
        (await StoredAsync(recent.Id)).ShouldBeTrue();
    }

    private Task<bool> StoredAsync(Guid id) => api.QueryDatabaseAsync(db => db.AuditEntries.AnyAsync(e => e.Id == id));

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));

    private async Task<List<AuditEntryResponse>> ListAsync(string query) =>
        (await (await api.Admin.GetAsync(Url + query)).ShouldBeAsync<AuditPage>(HttpStatusCode.OK)).Data;

    private sealed class UnwritableAuditTrail : IAuditTrail
    {
        public void Add(AuditEntry entry) => throw new InvalidOperationException("The audit store is unavailable.");

        public Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken) => throw new InvalidOperationException("The audit store is unavailable.");
    }
}

public sealed record AuditPage(List<AuditEntryResponse> Data, int Count);

public sealed record AuditEntryResponse(
    Guid Id, DateTimeOffset At, AuditActorResponse Actor, string Action, Guid? WorkspaceId, AuditTargetResponse? Target, JsonElement? Details);

public sealed record AuditActorResponse(Guid? UserId, string? Display, string? Address);

public sealed record AuditTargetResponse(string Type, string? Id);

[Collection(SqliteServer.Name)]
public sealed class SqliteAuditTrailTests(SqliteApiFactory api) : AuditTrailTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresAuditTrailTests(PostgresApiFactory api) : AuditTrailTests(api);
