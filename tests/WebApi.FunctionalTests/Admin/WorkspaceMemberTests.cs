using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Admin;

/// <summary>GET, POST and DELETE /api/v1/admin/workspaces/{workspace_id}/members.</summary>
public abstract class WorkspaceMemberTests(PlanckApiFactory api)
{
    private Task<int> MemberRowsAsync(Guid workspaceId) =>
        api.QueryDatabaseAsync(db => db.WorkspaceMembers.CountAsync(m => m.WorkspaceId == workspaceId));

    [Fact]
    public async Task Adding_members_returns_the_whole_member_list()
    {
        var existing = await api.CreateUserAsync();
        var first = await api.CreateUserAsync();
        var second = await api.CreateUserAsync("Admin");
        var workspace = await api.CreateWorkspaceAsync(null, existing.Id);

        var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/members", new { user_ids = new[] { first.Id, second.Id } });

        var members = await response.ShouldBeAsync<ListResponse<MemberResponse>>(HttpStatusCode.OK);
        (await response.ReadPropertyNamesAsync()).ShouldBe(["count", "data"]);
        members.Count.ShouldBe(3);
        members.Data.Select(m => m.UserId).ShouldBe([existing.Id, first.Id, second.Id], ignoreOrder: true);
        var added = members.Data.Single(m => m.UserId == second.Id);
        added.Email.ShouldBe(second.Email);
        added.FullName.ShouldBe("Test User");
        added.Role.ShouldBe("Admin");
        added.IsActive.ShouldBeTrue();
        added.AddedAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddHours(-1));
        (await MemberRowsAsync(workspace)).ShouldBe(3);
        (await first.Client.GetAsync($"/api/v1/workspaces/{workspace}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Adding_an_existing_member_again_is_a_no_op()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var before = await (await api.Admin.GetAsync($"/api/v1/admin/workspaces/{workspace}/members")).ShouldBeAsync<ListResponse<MemberResponse>>(HttpStatusCode.OK);

        var again = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/members", new { user_ids = new[] { member.Id, member.Id } }))
            .ShouldBeAsync<ListResponse<MemberResponse>>(HttpStatusCode.OK);

        again.Count.ShouldBe(1);
        again.Data.ShouldHaveSingleItem().UserId.ShouldBe(member.Id);
        again.Data[0].AddedAt.ShouldBe(before.Data.ShouldHaveSingleItem().AddedAt);
        (await MemberRowsAsync(workspace)).ShouldBe(1);
    }

    [Fact]
    public async Task Adding_an_inactive_user_is_400_and_adds_nobody()
    {
        var active = await api.CreateUserAsync();
        var inactive = await api.CreateUserAsync();
        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{inactive.Id}", new { is_active = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var workspace = await api.CreateWorkspaceAsync();

        var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/members", new { user_ids = new[] { active.Id, inactive.Id } });

        var problem = await response.ShouldBeValidationProblemAsync("user_ids");
        problem.Detail.ShouldContain(inactive.Id.ToString());
        (await MemberRowsAsync(workspace)).ShouldBe(0);
    }

    [Fact]
    public async Task Adding_an_unknown_user_is_404_and_adds_nobody()
    {
        var known = await api.CreateUserAsync();
        var unknown = Guid.NewGuid();
        var workspace = await api.CreateWorkspaceAsync();

        var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/members", new { user_ids = new[] { known.Id, unknown } });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.Detail.ShouldContain(unknown.ToString());
        (await MemberRowsAsync(workspace)).ShouldBe(0);
    }

    [Fact]
    public async Task Adding_members_to_an_unknown_workspace_is_404()
    {
        var user = await api.CreateUserAsync();
        var unknown = Guid.NewGuid();

        var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/workspaces/{unknown}/members", new { user_ids = new[] { user.Id } });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await MemberRowsAsync(unknown)).ShouldBe(0);
    }

    [Theory]
    [InlineData("{\"user_ids\": []}")]
    [InlineData("{\"user_ids\": null}")]
    [InlineData("{}")]
    public async Task An_empty_or_missing_user_id_list_is_400(string body)
    {
        var workspace = await api.CreateWorkspaceAsync();

        var response = await api.Admin.SendRawAsync(HttpMethod.Post, $"/api/v1/admin/workspaces/{workspace}/members", body);

        await response.ShouldBeValidationProblemAsync("user_ids");
    }

    [Theory]
    [InlineData("[\"not-a-uuid\"]")]
    [InlineData("[42]")]
    [InlineData("\"00000000-0000-0000-0000-000000000000\"")]
    [InlineData("[null]")]
    public async Task A_user_id_list_with_a_non_uuid_is_400(string userIds)
    {
        var workspace = await api.CreateWorkspaceAsync();

        var response = await api.Admin.SendRawAsync(HttpMethod.Post, $"/api/v1/admin/workspaces/{workspace}/members", $"{{\"user_ids\": {userIds}}}");

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail.ShouldContain("user_ids");
        (await MemberRowsAsync(workspace)).ShouldBe(0);
    }

    [Fact]
    public async Task More_than_500_user_ids_in_one_call_is_400()
    {
        var workspace = await api.CreateWorkspaceAsync();
        var userIds = Enumerable.Range(0, 501).Select(_ => Guid.NewGuid()).ToArray();

        var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/members", new { user_ids = userIds });

        await response.ShouldBeValidationProblemAsync("user_ids");
    }

    [Fact]
    public async Task Listing_members_returns_the_envelope()
    {
        var first = await api.CreateUserAsync();
        var second = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, first.Id, second.Id);

        var response = await api.Admin.GetAsync($"/api/v1/admin/workspaces/{workspace}/members");

        var members = await response.ShouldBeAsync<ListResponse<MemberResponse>>(HttpStatusCode.OK);
        (await response.ReadPropertyNamesAsync()).ShouldBe(["count", "data"]);
        members.Count.ShouldBe(2);
        members.Data.Select(m => m.UserId).ShouldBe([first.Id, second.Id], ignoreOrder: true);
        members.Data.Single(m => m.UserId == first.Id).Email.ShouldBe(first.Email);
    }

    [Fact]
    public async Task Listing_members_pages_with_limit_and_offset()
    {
        var users = new[] { await api.CreateUserAsync(), await api.CreateUserAsync(), await api.CreateUserAsync() };
        var workspace = await api.CreateWorkspaceAsync(null, users.Select(u => u.Id).ToArray());

        var page1 = await (await api.Admin.GetAsync($"/api/v1/admin/workspaces/{workspace}/members?limit=2")).ShouldBeAsync<ListResponse<MemberResponse>>(HttpStatusCode.OK);
        var page2 = await (await api.Admin.GetAsync($"/api/v1/admin/workspaces/{workspace}/members?limit=2&offset=2")).ShouldBeAsync<ListResponse<MemberResponse>>(HttpStatusCode.OK);

        page1.Data.Count.ShouldBe(2);
        page1.Count.ShouldBe(3);
        page2.Data.Count.ShouldBe(1);
        page2.Count.ShouldBe(3);
        page1.Data.Concat(page2.Data).Select(m => m.UserId).ShouldBe(users.Select(u => u.Id), ignoreOrder: true);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    [InlineData("offset=-1")]
    [InlineData("limit=abc")]
    public async Task Listing_members_with_bad_paging_is_400(string query)
    {
        var workspace = await api.CreateWorkspaceAsync();

        var response = await api.Admin.GetAsync($"/api/v1/admin/workspaces/{workspace}/members?{query}");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Listing_members_of_an_unknown_workspace_is_404()
    {
        var response = await api.Admin.GetAsync($"/api/v1/admin/workspaces/{Guid.NewGuid()}/members");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Listing_members_of_a_workspace_without_members_is_an_empty_envelope()
    {
        var workspace = await api.CreateWorkspaceAsync();

        var members = await (await api.Admin.GetAsync($"/api/v1/admin/workspaces/{workspace}/members")).ShouldBeAsync<ListResponse<MemberResponse>>(HttpStatusCode.OK);

        members.Data.ShouldBeEmpty();
        members.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Removing_a_member_is_204_and_they_lose_access()
    {
        var leaving = await api.CreateUserAsync();
        var staying = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, leaving.Id, staying.Id);
        (await leaving.Client.GetAsync($"/api/v1/workspaces/{workspace}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await api.Admin.DeleteAsync($"/api/v1/admin/workspaces/{workspace}/members/{leaving.Id}");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await leaving.Client.GetAsync($"/api/v1/workspaces/{workspace}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await leaving.Client.GetAsync("/api/v1/workspaces")).ShouldBeAsync<ListResponse<WorkspaceResponse>>(HttpStatusCode.OK)).Data.ShouldBeEmpty();
        (await staying.Client.GetAsync($"/api/v1/workspaces/{workspace}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var members = await (await api.Admin.GetAsync($"/api/v1/admin/workspaces/{workspace}/members")).ShouldBeAsync<ListResponse<MemberResponse>>(HttpStatusCode.OK);
        members.Data.Select(m => m.UserId).ShouldBe([staying.Id]);
        (await api.QueryDatabaseAsync(db => db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspace && m.UserId == leaving.Id))).ShouldBeFalse();
        (await leaving.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Removing_a_member_twice_is_404_the_second_time()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        (await api.Admin.DeleteAsync($"/api/v1/admin/workspaces/{workspace}/members/{member.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var response = await api.Admin.DeleteAsync($"/api/v1/admin/workspaces/{workspace}/members/{member.Id}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Removing_a_user_who_is_not_a_member_is_404()
    {
        var outsider = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync();

        var response = await api.Admin.DeleteAsync($"/api/v1/admin/workspaces/{workspace}/members/{outsider.Id}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Removing_a_member_from_an_unknown_workspace_is_404()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);

        var response = await api.Admin.DeleteAsync($"/api/v1/admin/workspaces/{Guid.NewGuid()}/members/{member.Id}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await MemberRowsAsync(workspace)).ShouldBe(1);
    }

    [Theory]
    [InlineData("not-a-uuid", "00000000-0000-0000-0000-000000000001", "workspace_id")]
    [InlineData("00000000-0000-0000-0000-000000000001", "not-a-uuid", "user_id")]
    public async Task Removing_with_a_malformed_id_is_400(string workspaceId, string userId, string field)
    {
        var response = await api.Admin.DeleteAsync($"/api/v1/admin/workspaces/{workspaceId}/members/{userId}");

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail.ShouldContain(field);
    }

    [Fact]
    public async Task A_re_added_member_regains_access()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        (await api.Admin.DeleteAsync($"/api/v1/admin/workspaces/{workspace}/members/{member.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var again = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/members", new { user_ids = new[] { member.Id } }))
            .ShouldBeAsync<ListResponse<MemberResponse>>(HttpStatusCode.OK);

        again.Count.ShouldBe(1);
        (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_member_cannot_manage_the_members_of_their_own_workspace()
    {
        var member = await api.CreateUserAsync();
        var other = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id, other.Id);
        var newcomer = await api.CreateUserAsync();

        await (await member.Client.GetAsync($"/api/v1/admin/workspaces/{workspace}/members")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await member.Client.PostAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/members", new { user_ids = new[] { newcomer.Id } }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await member.Client.DeleteAsync($"/api/v1/admin/workspaces/{workspace}/members/{other.Id}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var rows = await api.QueryDatabaseAsync(db => db.WorkspaceMembers.Where(m => m.WorkspaceId == workspace).Select(m => m.UserId).ToListAsync());
        rows.ShouldBe([member.Id, other.Id], ignoreOrder: true);
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteWorkspaceMemberTests(SqliteApiFactory api) : WorkspaceMemberTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresWorkspaceMemberTests(PostgresApiFactory api) : WorkspaceMemberTests(api);
