using System.Net;
using Microsoft.EntityFrameworkCore;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Workspaces;

public abstract class WorkspaceTests(PlanckApiFactory api)
{
    [Fact]
    public async Task A_member_lists_only_their_workspaces()
    {
        var member = await api.CreateUserAsync();
        var mine = await api.CreateWorkspaceAsync(null, member.Id);
        var notMine = await api.CreateWorkspaceAsync();

        var list = await (await member.Client.GetAsync("/api/v1/workspaces")).ShouldBeAsync<ListResponse<WorkspaceResponse>>(HttpStatusCode.OK);

        list.Data.Select(w => w.Id).ShouldBe([mine]);
        list.Count.ShouldBe(1);
        list.Data.ShouldNotContain(w => w.Id == notMine);
    }

    [Fact]
    public async Task A_trailing_slash_reaches_the_same_endpoint()
    {
        var member = await api.CreateUserAsync();
        await api.CreateWorkspaceAsync(null, member.Id);

        var withSlash = await (await member.Client.GetAsync("/api/v1/workspaces/")).ShouldBeAsync<ListResponse<WorkspaceResponse>>(HttpStatusCode.OK);

        withSlash.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_non_member_gets_404_for_a_workspace_that_exists()
    {
        var outsider = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync();

        var response = await outsider.Client.GetAsync($"/api/v1/workspaces/{workspace}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_member_sees_the_workspace_detail_with_counts()
    {
        var member = await api.CreateUserAsync();
        var other = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync("Detail", member.Id, other.Id);

        var detail = await (await member.Client.GetAsync($"/api/v1/workspaces/{workspace}")).ShouldBeAsync<WorkspaceDetailResponse>(HttpStatusCode.OK);

        detail.Name.ShouldBe("Detail");
        detail.MemberCount.ShouldBe(2);
        detail.DocumentCount.ShouldBe(0);
        detail.Databases.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_malformed_workspace_id_is_400()
    {
        var member = await api.CreateUserAsync();

        var problem = await (await member.Client.GetAsync("/api/v1/workspaces/not-a-uuid")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Detail.ShouldContain("workspace_id");
    }

    [Fact]
    public async Task An_admin_lists_every_workspace_including_ones_they_are_not_in()
    {
        var member = await api.CreateUserAsync();
        var withMember = await api.CreateWorkspaceAsync(null, member.Id);
        var empty = await api.CreateWorkspaceAsync();
        var total = await api.QueryDatabaseAsync(db => db.Workspaces.CountAsync());

        var first = await (await api.Admin.GetAsync("/api/v1/workspaces")).ShouldBeAsync<ListResponse<WorkspaceResponse>>(HttpStatusCode.OK);
        var all = await api.Admin.GetAllPagesAsync<WorkspaceResponse>("/api/v1/workspaces");

        first.Count.ShouldBe(total);
        first.Data.Count.ShouldBe(Math.Min(50, total));
        all.Count.ShouldBe(total);
        all.Select(w => w.Id).ShouldBeUnique();
        all.Select(w => w.Id).ShouldContain(withMember);
        all.Select(w => w.Id).ShouldContain(empty);
    }

    [Fact]
    public async Task An_admin_who_is_not_a_member_sees_a_workspace_detail()
    {
        var workspace = await api.CreateWorkspaceAsync("Admin can see");

        var detail = await (await api.Admin.GetAsync($"/api/v1/workspaces/{workspace}")).ShouldBeAsync<WorkspaceDetailResponse>(HttpStatusCode.OK);

        detail.Id.ShouldBe(workspace);
        detail.Name.ShouldBe("Admin can see");
        detail.MemberCount.ShouldBe(0);
    }

    [Fact]
    public async Task A_member_pages_through_their_workspaces_in_name_order()
    {
        var member = await api.CreateUserAsync();
        var suffix = Guid.NewGuid().ToString("N");
        var charlie = await api.CreateWorkspaceAsync($"Charlie {suffix}", member.Id);
        var alpha = await api.CreateWorkspaceAsync($"Alpha {suffix}", member.Id);
        var bravo = await api.CreateWorkspaceAsync($"Bravo {suffix}", member.Id);
        await api.CreateWorkspaceAsync($"Aardvark {suffix}");

        var page1 = await (await member.Client.GetAsync("/api/v1/workspaces?limit=2")).ShouldBeAsync<ListResponse<WorkspaceResponse>>(HttpStatusCode.OK);
        var page2 = await (await member.Client.GetAsync("/api/v1/workspaces?limit=2&offset=2")).ShouldBeAsync<ListResponse<WorkspaceResponse>>(HttpStatusCode.OK);
        var past = await (await member.Client.GetAsync("/api/v1/workspaces?limit=2&offset=3")).ShouldBeAsync<ListResponse<WorkspaceResponse>>(HttpStatusCode.OK);

        page1.Count.ShouldBe(3);
        page1.Data.Select(w => w.Id).ShouldBe([alpha, bravo]);
        page2.Count.ShouldBe(3);
        page2.Data.Select(w => w.Id).ShouldBe([charlie]);
        past.Count.ShouldBe(3);
        past.Data.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_user_in_no_workspace_gets_an_empty_envelope()
    {
        var loner = await api.CreateUserAsync();
        await api.CreateWorkspaceAsync();

        var response = await loner.Client.GetAsync("/api/v1/workspaces");

        var list = await response.ShouldBeAsync<ListResponse<WorkspaceResponse>>(HttpStatusCode.OK);
        (await response.ReadPropertyNamesAsync()).ShouldBe(["count", "data"]);
        list.Data.ShouldBeEmpty();
        list.Count.ShouldBe(0);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("limit=abc", "limit")]
    [InlineData("offset=ten", "offset")]
    public async Task Bad_paging_of_workspaces_is_400(string query, string field)
    {
        var member = await api.CreateUserAsync();

        var response = await member.Client.GetAsync($"/api/v1/workspaces?{query}");

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail.ShouldContain(field);
    }

    [Fact]
    public async Task An_unknown_workspace_is_404_for_members_and_admins()
    {
        var member = await api.CreateUserAsync();
        var unknown = Guid.NewGuid();

        var asMember = await member.Client.GetAsync($"/api/v1/workspaces/{unknown}");
        var asAdmin = await api.Admin.GetAsync($"/api/v1/workspaces/{unknown}");

        var memberProblem = await asMember.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await asAdmin.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        memberProblem.Detail.ShouldNotContain(unknown.ToString());
    }

    [Fact]
    public async Task A_non_member_gets_the_same_404_as_for_a_workspace_that_does_not_exist()
    {
        var outsider = await api.CreateUserAsync();
        var existing = await api.CreateWorkspaceAsync("Secret project");

        var forExisting = await (await outsider.Client.GetAsync($"/api/v1/workspaces/{existing}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var forMissing = await (await outsider.Client.GetAsync($"/api/v1/workspaces/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        forExisting.Detail.ShouldBe(forMissing.Detail);
        forExisting.Detail.ShouldNotContain("Secret project");
    }

    [Fact]
    public async Task Workspace_endpoints_need_a_credential()
    {
        var workspace = await api.CreateWorkspaceAsync();
        var anonymous = api.CreateAnonymousClient();

        var list = await anonymous.GetAsync("/api/v1/workspaces");
        var detail = await anonymous.GetAsync($"/api/v1/workspaces/{workspace}");

        (await list.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail.ShouldBe("Invalid or missing API key");
        (await detail.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Detail.ShouldBe("Invalid or missing API key");
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteWorkspaceTests(SqliteApiFactory api) : WorkspaceTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresWorkspaceTests(PostgresApiFactory api) : WorkspaceTests(api);
