using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Admin;

/// <summary>POST, PATCH and DELETE /api/v1/admin/workspaces.</summary>
public abstract class AdminWorkspaceTests(PlanckApiFactory api)
{
    [Fact]
    public async Task An_admin_creates_a_workspace_and_gets_201()
    {
        var name = $"Research {Guid.NewGuid():N}";

        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/workspaces", new { name = $"  {name}  ", description = "Papers and notes" });

        var workspace = await response.ShouldBeAsync<WorkspaceResponse>(HttpStatusCode.Created);
        (await response.ReadPropertyNamesAsync()).ShouldBe(["created_at", "description", "id", "name"]);
        workspace.Id.ShouldNotBe(Guid.Empty);
        workspace.Name.ShouldBe(name);
        workspace.Description.ShouldBe("Papers and notes");
        workspace.CreatedAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddHours(-1));
        response.Headers.Location.ShouldNotBeNull().ToString().ShouldEndWith(workspace.Id.ToString());
        var stored = await api.QueryDatabaseAsync(db => db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == workspace.Id));
        stored.Name.ShouldBe(name);
        stored.Description.ShouldBe("Papers and notes");
        (await api.QueryDatabaseAsync(db => db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspace.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_workspace_without_a_description_gets_an_empty_one()
    {
        var workspace = await (await api.Admin.PostAsJsonAsync("/api/v1/admin/workspaces", new { name = "No description" }))
            .ShouldBeAsync<WorkspaceResponse>(HttpStatusCode.Created);

        workspace.Description.ShouldBe(string.Empty);
    }

    [Fact]
    public async Task A_new_workspace_is_visible_to_the_admin()
    {
        var workspace = await (await api.Admin.PostAsJsonAsync("/api/v1/admin/workspaces", new { name = "Visible", description = "d" }))
            .ShouldBeAsync<WorkspaceResponse>(HttpStatusCode.Created);

        var detail = await (await api.Admin.GetAsync($"/api/v1/workspaces/{workspace.Id}")).ShouldBeAsync<WorkspaceDetailResponse>(HttpStatusCode.OK);

        detail.Name.ShouldBe("Visible");
        detail.MemberCount.ShouldBe(0);
    }

    [Theory]
    [InlineData("{\"description\": \"no name\"}")]
    [InlineData("{\"name\": \"\"}")]
    [InlineData("{\"name\": \"   \"}")]
    [InlineData("{\"name\": null}")]
    public async Task A_missing_or_blank_name_is_400(string body)
    {
        var before = await api.QueryDatabaseAsync(db => db.Workspaces.CountAsync());

        var response = await api.Admin.SendRawAsync(HttpMethod.Post, "/api/v1/admin/workspaces", body);

        await response.ShouldBeValidationProblemAsync("name");
        (await api.QueryDatabaseAsync(db => db.Workspaces.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task A_name_over_200_characters_is_400()
    {
        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/workspaces", new { name = new string('w', 201) });

        var problem = await response.ShouldBeValidationProblemAsync("name");
        problem.Errors!["name"].ShouldContain(m => m.Contains("200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_name_of_exactly_200_characters_is_accepted()
    {
        var name = new string('w', 199) + "!";

        var workspace = await (await api.Admin.PostAsJsonAsync("/api/v1/admin/workspaces", new { name }))
            .ShouldBeAsync<WorkspaceResponse>(HttpStatusCode.Created);

        workspace.Name.ShouldBe(name);
        (await api.QueryDatabaseAsync(db => db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == workspace.Id))).Name.ShouldBe(name);
    }

    [Fact]
    public async Task A_description_over_2000_characters_is_400()
    {
        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/workspaces", new { name = "Long description", description = new string('d', 2001) });

        await response.ShouldBeValidationProblemAsync("description");
    }

    [Fact]
    public async Task A_non_admin_cannot_create_a_workspace()
    {
        var caller = await api.CreateUserAsync();
        var name = $"Sneaky {Guid.NewGuid():N}";

        var response = await caller.Client.PostAsJsonAsync("/api/v1/admin/workspaces", new { name });

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await api.QueryDatabaseAsync(db => db.Workspaces.AnyAsync(w => w.Name == name))).ShouldBeFalse();
    }

    [Fact]
    public async Task Patching_a_workspace_changes_the_given_fields()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync("Before", member.Id);

        var renamed = await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/workspaces/{workspace}", new { name = "After" }))
            .ShouldBeAsync<WorkspaceResponse>(HttpStatusCode.OK);

        renamed.Id.ShouldBe(workspace);
        renamed.Name.ShouldBe("After");
        renamed.Description.ShouldBe("for tests");

        var described = await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/workspaces/{workspace}", new { description = "New words" }))
            .ShouldBeAsync<WorkspaceResponse>(HttpStatusCode.OK);

        described.Name.ShouldBe("After");
        described.Description.ShouldBe("New words");
        var seenByMember = await (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}")).ShouldBeAsync<WorkspaceDetailResponse>(HttpStatusCode.OK);
        seenByMember.Name.ShouldBe("After");
        seenByMember.Description.ShouldBe("New words");
        seenByMember.MemberCount.ShouldBe(1);
    }

    [Fact]
    public async Task Patching_the_description_to_empty_clears_it()
    {
        var workspace = await api.CreateWorkspaceAsync("Clear me");

        var cleared = await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/workspaces/{workspace}", new { description = "" }))
            .ShouldBeAsync<WorkspaceResponse>(HttpStatusCode.OK);

        cleared.Description.ShouldBe(string.Empty);
        cleared.Name.ShouldBe("Clear me");
    }

    [Fact]
    public async Task Patching_an_unknown_workspace_is_404()
    {
        var response = await api.Admin.PatchAsJsonAsync($"/api/v1/admin/workspaces/{Guid.NewGuid()}", new { name = "Ghost" });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patching_with_an_empty_body_object_is_400()
    {
        var workspace = await api.CreateWorkspaceAsync("Unchanged");

        var response = await api.Admin.SendRawAsync(HttpMethod.Patch, $"/api/v1/admin/workspaces/{workspace}", "{}");

        var problem = await response.ShouldBeValidationProblemAsync("body");
        problem.Detail.ShouldContain("name");
        (await api.QueryDatabaseAsync(db => db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == workspace))).Name.ShouldBe("Unchanged");
    }

    [Theory]
    [InlineData("{\"name\": \"\"}")]
    [InlineData("{\"name\": \"  \"}")]
    public async Task Patching_to_a_blank_name_is_400(string body)
    {
        var workspace = await api.CreateWorkspaceAsync("Keeps its name");

        var response = await api.Admin.SendRawAsync(HttpMethod.Patch, $"/api/v1/admin/workspaces/{workspace}", body);

        await response.ShouldBeValidationProblemAsync("name");
        (await api.QueryDatabaseAsync(db => db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == workspace))).Name.ShouldBe("Keeps its name");
    }

    [Fact]
    public async Task Patching_to_a_name_over_200_characters_is_400()
    {
        var workspace = await api.CreateWorkspaceAsync("Short");

        var response = await api.Admin.PatchAsJsonAsync($"/api/v1/admin/workspaces/{workspace}", new { name = new string('n', 201) });

        await response.ShouldBeValidationProblemAsync("name");
    }

    [Fact]
    public async Task Patching_a_malformed_workspace_id_is_400()
    {
        var response = await api.Admin.PatchAsJsonAsync("/api/v1/admin/workspaces/not-a-uuid", new { name = "x" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail.ShouldContain("workspace_id");
    }

    [Fact]
    public async Task Deleting_a_workspace_removes_it_and_its_memberships_but_not_its_members()
    {
        var first = await api.CreateUserAsync();
        var second = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync("Doomed", first.Id, second.Id);
        var survivor = await api.CreateWorkspaceAsync("Survivor", first.Id);
        (await first.Client.GetAsync($"/api/v1/workspaces/{workspace}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await api.Admin.DeleteAsync($"/api/v1/admin/workspaces/{workspace}");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await first.Client.GetAsync($"/api/v1/workspaces/{workspace}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await second.Client.GetAsync($"/api/v1/workspaces/{workspace}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await api.Admin.GetAsync($"/api/v1/workspaces/{workspace}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var firstList = await (await first.Client.GetAsync("/api/v1/workspaces")).ShouldBeAsync<ListResponse<WorkspaceResponse>>(HttpStatusCode.OK);
        firstList.Data.Select(w => w.Id).ShouldBe([survivor]);

        (await api.QueryDatabaseAsync(db => db.Workspaces.AnyAsync(w => w.Id == workspace))).ShouldBeFalse();
        (await api.QueryDatabaseAsync(db => db.WorkspaceMembers.CountAsync(m => m.WorkspaceId == workspace))).ShouldBe(0);
        (await api.QueryDatabaseAsync(db => db.WorkspaceMembers.CountAsync(m => m.WorkspaceId == survivor))).ShouldBe(1);
        (await api.QueryDatabaseAsync(db => db.Users.CountAsync(u => u.Id == first.Id || u.Id == second.Id))).ShouldBe(2);
        (await second.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deleting_an_unknown_workspace_is_404()
    {
        var response = await api.Admin.DeleteAsync($"/api/v1/admin/workspaces/{Guid.NewGuid()}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_a_workspace_twice_is_404_the_second_time()
    {
        var workspace = await api.CreateWorkspaceAsync();
        (await api.Admin.DeleteAsync($"/api/v1/admin/workspaces/{workspace}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var response = await api.Admin.DeleteAsync($"/api/v1/admin/workspaces/{workspace}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_a_malformed_workspace_id_is_400()
    {
        var response = await api.Admin.DeleteAsync("/api/v1/admin/workspaces/42");

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail.ShouldContain("workspace_id");
    }

    [Fact]
    public async Task A_member_cannot_delete_their_workspace()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);

        var response = await member.Client.DeleteAsync($"/api/v1/admin/workspaces/{workspace}");

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteAdminWorkspaceTests(SqliteApiFactory api) : AdminWorkspaceTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresAdminWorkspaceTests(PostgresApiFactory api) : AdminWorkspaceTests(api);
