using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Planck.Domain.Identity;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Admin;

/// <summary>PATCH /api/v1/admin/users/{user_id}.</summary>
public abstract class UpdateUserTests(PlanckApiFactory api)
{
    /// <summary>A brand-new server of the same provider with its own empty database, for tests that need to know every user.</summary>
    protected abstract PlanckApiFactory CreateIsolatedServer();

    [Fact]
    public async Task Changing_the_full_name_is_returned_and_stored()
    {
        var user = await api.CreateUserAsync();

        var updated = await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { full_name = "  Grace Hopper  " }))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

        updated.Id.ShouldBe(user.Id);
        updated.FullName.ShouldBe("Grace Hopper");
        updated.Role.ShouldBe("User");
        updated.IsActive.ShouldBeTrue();
        updated.Email.ShouldBe(user.Email);
        (await api.QueryDatabaseAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id))).FullName.ShouldBe("Grace Hopper");
        var me = await (await user.Client.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        me.FullName.ShouldBe("Grace Hopper");
    }

    [Fact]
    public async Task Promoting_a_user_to_admin_takes_effect_on_their_existing_key_at_once()
    {
        var user = await api.CreateUserAsync();
        (await user.Client.GetAsync("/api/v1/admin/users")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var promoted = await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { role = "Admin" }))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

        promoted.Role.ShouldBe("Admin");
        (await user.Client.GetAsync("/api/v1/admin/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.QueryDatabaseAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id))).Role.ShouldBe(Role.Admin);
    }

    [Fact]
    public async Task Demoting_an_admin_takes_effect_on_their_existing_key_at_once()
    {
        var user = await api.CreateUserAsync("Admin");
        (await user.Client.GetAsync("/api/v1/admin/users")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var demoted = await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { role = "User" }))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

        demoted.Role.ShouldBe("User");
        await (await user.Client.GetAsync("/api/v1/admin/users")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var me = await (await user.Client.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        me.Role.ShouldBe("User");
    }

    [Fact]
    public async Task A_promoted_then_demoted_user_loses_admin_rights_again()
    {
        var user = await api.CreateUserAsync();

        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { role = "Admin" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await user.Client.GetAsync("/api/v1/admin/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { role = "User" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await user.Client.GetAsync("/api/v1/admin/users")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Deactivating_a_user_rejects_their_keys_but_keeps_the_user_and_memberships()
    {
        var user = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, user.Id);
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var deactivated = await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { is_active = false }))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

        deactivated.IsActive.ShouldBeFalse();
        var problem = await (await user.Client.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.Detail.ShouldBe("Invalid or missing API key");
        await (await user.Client.GetAsync($"/api/v1/workspaces/{workspace}")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        var found = await (await api.Admin.GetAsync($"/api/v1/admin/users/by-email?email={Uri.EscapeDataString(user.Email)}"))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        found.Id.ShouldBe(user.Id);
        found.IsActive.ShouldBeFalse();
        (await api.QueryDatabaseAsync(db => db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspace && m.UserId == user.Id))).ShouldBeTrue();
        var members = await (await api.Admin.GetAsync($"/api/v1/admin/workspaces/{workspace}/members")).ShouldBeAsync<ListResponse<MemberResponse>>(HttpStatusCode.OK);
        members.Data.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            m => m.UserId.ShouldBe(user.Id),
            m => m.IsActive.ShouldBeFalse());
    }

    [Fact]
    public async Task Deactivating_a_user_ends_their_sessions()
    {
        var user = await api.CreateUserAsync();
        var session = await api.SignInAsync(user.Email, user.Password);
        (await session.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { is_active = false })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await session.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await api.QueryDatabaseAsync(db => db.Sessions.AnyAsync(s => s.UserId == user.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task Reactivating_a_user_with_restore_keys_makes_their_keys_work_again()
    {
        var user = await api.CreateUserAsync();
        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { is_active = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var reactivated = await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { is_active = true, restore_keys = true }))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

        reactivated.IsActive.ShouldBeTrue();
        var me = await (await user.Client.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        me.Id.ShouldBe(user.Id);
    }

    [Fact]
    public async Task Several_fields_change_in_one_request()
    {
        var user = await api.CreateUserAsync();

        var updated = await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { full_name = "Both Changed", role = "Admin", is_active = false }))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

        updated.FullName.ShouldBe("Both Changed");
        updated.Role.ShouldBe("Admin");
        updated.IsActive.ShouldBeFalse();
        var stored = await api.QueryDatabaseAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id));
        stored.ShouldSatisfyAllConditions(
            s => s.FullName.ShouldBe("Both Changed"),
            s => s.Role.ShouldBe(Role.Admin),
            s => s.IsActive.ShouldBeFalse());
    }

    [Fact]
    public async Task Fields_left_out_stay_as_they_are()
    {
        var user = await api.CreateUserAsync("Admin");

        var updated = await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { full_name = "Only Name" }))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

        updated.Role.ShouldBe("Admin");
        updated.IsActive.ShouldBeTrue();
    }

    [Fact]
    public async Task An_unknown_user_is_404()
    {
        var response = await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{Guid.NewGuid()}", new { full_name = "Nobody" });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("12345")]
    public async Task A_malformed_user_id_is_400(string userId)
    {
        var response = await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{userId}", new { full_name = "Nobody" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Detail.ShouldContain("user_id");
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("ADMIN")]
    [InlineData("")]
    [InlineData("Owner")]
    public async Task A_bad_role_is_400_and_changes_nothing(string role)
    {
        var user = await api.CreateUserAsync();

        var response = await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { role, full_name = "Should Not Stick" });

        await response.ShouldBeValidationProblemAsync("role");
        var stored = await api.QueryDatabaseAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id));
        stored.Role.ShouldBe(Role.User);
        stored.FullName.ShouldBe("Test User");
    }

    [Fact]
    public async Task An_empty_body_object_is_400()
    {
        var user = await api.CreateUserAsync();

        var response = await api.Admin.SendRawAsync(HttpMethod.Patch, $"/api/v1/admin/users/{user.Id}", "{}");

        var problem = await response.ShouldBeValidationProblemAsync("body");
        problem.Detail.ShouldContain("full_name");
    }

    [Fact]
    public async Task A_blank_full_name_is_400()
    {
        var user = await api.CreateUserAsync();

        var response = await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { full_name = " " });

        await response.ShouldBeValidationProblemAsync("full_name");
    }

    [Theory]
    [InlineData("\"false\"")]
    [InlineData("0")]
    [InlineData("\"no\"")]
    public async Task An_is_active_that_is_not_a_boolean_is_400(string value)
    {
        var user = await api.CreateUserAsync();

        var response = await api.Admin.SendRawAsync(HttpMethod.Patch, $"/api/v1/admin/users/{user.Id}", $"{{\"is_active\": {value}}}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Detail.ShouldContain("is_active");
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_non_admin_cannot_update_users()
    {
        var caller = await api.CreateUserAsync();

        var response = await caller.Client.PatchAsJsonAsync($"/api/v1/admin/users/{caller.Id}", new { role = "Admin" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await api.QueryDatabaseAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == caller.Id))).Role.ShouldBe(Role.User);
    }

    [Fact]
    public async Task An_admin_may_demote_themselves_while_another_admin_remains()
    {
        var admin = await api.CreateUserAsync("Admin");

        var demoted = await (await admin.Client.PatchAsJsonAsync($"/api/v1/admin/users/{admin.Id}", new { role = "User" }))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

        demoted.Role.ShouldBe("User");
        (await admin.Client.GetAsync("/api/v1/admin/users")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_last_active_admin_cannot_be_demoted_or_deactivated()
    {
        var fresh = CreateIsolatedServer();
        try
        {
            await fresh.InitializeAsync();
            var admin = await (await fresh.Admin.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
            admin.Role.ShouldBe("Admin");
            (await fresh.QueryDatabaseAsync(db => db.Users.CountAsync(u => u.Role == Role.Admin && u.IsActive))).ShouldBe(1);

            var demote = await fresh.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{admin.Id}", new { role = "User" });
            var deactivate = await fresh.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{admin.Id}", new { is_active = false });
            var both = await fresh.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{admin.Id}", new { full_name = "Renamed", role = "User", is_active = false });

            (await demote.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail.ShouldContain("Admin");
            await deactivate.ShouldBeProblemAsync(HttpStatusCode.Conflict);
            await both.ShouldBeProblemAsync(HttpStatusCode.Conflict);

            var stored = await fresh.QueryDatabaseAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == admin.Id));
            stored.ShouldSatisfyAllConditions(
                s => s.Role.ShouldBe(Role.Admin),
                s => s.IsActive.ShouldBeTrue(),
                s => s.FullName.ShouldBe(admin.FullName));
            (await fresh.Admin.GetAsync("/api/v1/admin/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
            var me = await (await fresh.Admin.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
            me.Role.ShouldBe("Admin");
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }

    [Fact]
    public async Task Admins_deactivating_each_other_at_the_same_time_leave_one_active_admin()
    {
        var fresh = CreateIsolatedServer();
        try
        {
            await fresh.InitializeAsync();
            var bootstrap = await (await fresh.Admin.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
            var admins = new List<(Guid Id, HttpClient Client)> { (bootstrap.Id, fresh.Admin) };
            for (var i = 0; i < 3; i++)
            {
                var created = await (await fresh.Admin.PostAsJsonAsync("/api/v1/admin/users",
                    new { email = $"racing-admin-{i}@tests.planck.local", password = "a long enough password", full_name = $"Racer {i}", role = "Admin" }))
                    .ShouldBeAsync<UserResponse>(HttpStatusCode.Created);
                var key = await (await fresh.Admin.PostAsJsonAsync($"/api/v1/admin/users/{created.Id}/api-keys", new { name = "race" }))
                    .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
                admins.Add((created.Id, fresh.CreateKeyClient(key.Key!)));
            }

            // Every Admin deactivates the next one, all at once: whatever the interleaving, one must stay. A race is not
            // certain to interleave badly, so it runs several rounds, each starting again from four active Admins.
            for (var round = 0; round < 5; round++)
            {
                var responses = await Task.WhenAll(admins.Select((admin, i) =>
                    admin.Client.PatchAsJsonAsync($"/api/v1/admin/users/{admins[(i + 1) % admins.Count].Id}", new { is_active = false })));

                responses.Select(r => r.StatusCode).ShouldAllBe(s => s == HttpStatusCode.OK || s == HttpStatusCode.Conflict || s == HttpStatusCode.Unauthorized);
                var stillActive = await fresh.QueryDatabaseAsync(db => db.Users.Where(u => u.Role == Role.Admin && u.IsActive).Select(u => u.Id).ToListAsync());
                stillActive.ShouldNotBeEmpty($"round {round} left no active Admin");

                var survivor = admins.First(a => stillActive.Contains(a.Id)).Client;
                foreach (var admin in admins.Where(a => !stillActive.Contains(a.Id)))
                {
                    (await survivor.PatchAsJsonAsync($"/api/v1/admin/users/{admin.Id}", new { is_active = true, restore_keys = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
                }
            }
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_first_admin_can_step_down_once_a_second_admin_exists()
    {
        var fresh = CreateIsolatedServer();
        try
        {
            await fresh.InitializeAsync();
            var first = await (await fresh.Admin.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
            var second = await (await fresh.Admin.PostAsJsonAsync("/api/v1/admin/users",
                new { email = "second-admin@tests.planck.local", password = "a long enough password", full_name = "Second", role = "User" }))
                .ShouldBeAsync<UserResponse>(HttpStatusCode.Created);

            // An inactive Admin does not count: the first admin must still stay.
            (await fresh.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{second.Id}", new { role = "Admin", is_active = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
            await (await fresh.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{first.Id}", new { role = "User" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);

            (await fresh.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{second.Id}", new { is_active = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
            var demoted = await (await fresh.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{first.Id}", new { role = "User" }))
                .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

            demoted.Role.ShouldBe("User");
            await (await fresh.Admin.GetAsync("/api/v1/admin/users")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteUpdateUserTests(SqliteApiFactory api) : UpdateUserTests(api)
{
    protected override PlanckApiFactory CreateIsolatedServer() => new SqliteApiFactory();
}

[Collection(PostgresServer.Name)]
public sealed class PostgresUpdateUserTests(PostgresApiFactory api) : UpdateUserTests(api)
{
    protected override PlanckApiFactory CreateIsolatedServer() => new PostgresApiFactory();
}
