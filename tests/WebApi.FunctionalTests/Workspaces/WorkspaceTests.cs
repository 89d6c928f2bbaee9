using System.Net;
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
}

[Collection(SqliteServer.Name)]
public sealed class SqliteWorkspaceTests(SqliteApiFactory api) : WorkspaceTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresWorkspaceTests(PostgresApiFactory api) : WorkspaceTests(api);
