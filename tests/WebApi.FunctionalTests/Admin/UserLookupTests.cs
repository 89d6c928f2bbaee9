using System.Net;
using Microsoft.EntityFrameworkCore;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Admin;

/// <summary>GET /api/v1/admin/users/by-email and GET /api/v1/admin/users.</summary>
public abstract class UserLookupTests(PlanckApiFactory api)
{
    [Fact]
    public async Task An_admin_finds_a_user_by_email()
    {
        var user = await api.CreateUserAsync();

        var found = await (await api.Admin.GetAsync($"/api/v1/admin/users/by-email?email={Uri.EscapeDataString(user.Email)}"))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

        found.Id.ShouldBe(user.Id);
        found.Email.ShouldBe(user.Email);
        found.FullName.ShouldBe("Test User");
        found.Role.ShouldBe("User");
        found.IsActive.ShouldBeTrue();
    }

    [Fact]
    public async Task Looking_up_by_email_ignores_letter_case()
    {
        var user = await api.CreateUserAsync();

        var found = await (await api.Admin.GetAsync($"/api/v1/admin/users/by-email?email={Uri.EscapeDataString(user.Email.ToUpperInvariant())}"))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

        found.Id.ShouldBe(user.Id);
        found.Email.ShouldBe(user.Email);
    }

    [Fact]
    public async Task An_unknown_email_is_404()
    {
        var response = await api.Admin.GetAsync($"/api/v1/admin/users/by-email?email=nobody-{Guid.NewGuid():N}%40tests.planck.local");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/v1/admin/users/by-email")]
    [InlineData("/api/v1/admin/users/by-email?email=")]
    [InlineData("/api/v1/admin/users/by-email?email=%20%20")]
    public async Task A_missing_email_is_400(string url)
    {
        var response = await api.Admin.GetAsync(url);

        await response.ShouldBeValidationProblemAsync("email");
    }

    [Fact]
    public async Task A_non_admin_cannot_look_up_users_by_email()
    {
        var caller = await api.CreateUserAsync();

        var response = await caller.Client.GetAsync($"/api/v1/admin/users/by-email?email={Uri.EscapeDataString(caller.Email)}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.Detail.ShouldNotContain(caller.Id.ToString());
    }

    [Fact]
    public async Task Listing_users_returns_the_envelope_with_the_total_count()
    {
        var mine = new[] { await api.CreateUserAsync(), await api.CreateUserAsync() };
        var total = await api.QueryDatabaseAsync(db => db.Users.CountAsync());

        var response = await api.Admin.GetAsync("/api/v1/admin/users?limit=200");

        var page = await response.ShouldBeAsync<ListResponse<UserResponse>>(HttpStatusCode.OK);
        (await response.ReadPropertyNamesAsync()).ShouldBe(["count", "data"]);
        page.Count.ShouldBe(total);
        var all = await api.Admin.GetAllPagesAsync<UserResponse>("/api/v1/admin/users");
        all.Count.ShouldBe(total);
        all.Select(u => u.Id).ShouldBeUnique();
        all.Select(u => u.Id).ShouldContain(mine[0].Id);
        all.Select(u => u.Id).ShouldContain(mine[1].Id);
        all.ShouldContain(u => u.Email == PlanckApiFactory.AdminEmail && u.Role == "Admin");
    }

    [Fact]
    public async Task Limit_and_offset_page_through_users_while_count_stays_the_total()
    {
        var mine = new[] { await api.CreateUserAsync(), await api.CreateUserAsync(), await api.CreateUserAsync() };
        var total = await api.QueryDatabaseAsync(db => db.Users.CountAsync());

        // Users are listed oldest first, so the three newest are the last three.
        var firstTwo = await (await api.Admin.GetAsync($"/api/v1/admin/users?limit=2&offset={total - 3}")).ShouldBeAsync<ListResponse<UserResponse>>(HttpStatusCode.OK);
        var last = await (await api.Admin.GetAsync($"/api/v1/admin/users?limit=2&offset={total - 1}")).ShouldBeAsync<ListResponse<UserResponse>>(HttpStatusCode.OK);
        var pastTheEnd = await (await api.Admin.GetAsync($"/api/v1/admin/users?limit=2&offset={total}")).ShouldBeAsync<ListResponse<UserResponse>>(HttpStatusCode.OK);

        firstTwo.Data.Count.ShouldBe(2);
        firstTwo.Count.ShouldBe(total);
        last.Data.Count.ShouldBe(1);
        last.Count.ShouldBe(total);
        pastTheEnd.Data.ShouldBeEmpty();
        pastTheEnd.Count.ShouldBe(total);
        firstTwo.Data.Concat(last.Data).Select(u => u.Id).ShouldBe(mine.Select(u => u.Id), ignoreOrder: true);
    }

    [Fact]
    public async Task The_default_page_holds_at_most_50_users()
    {
        var page = await (await api.Admin.GetAsync("/api/v1/admin/users")).ShouldBeAsync<ListResponse<UserResponse>>(HttpStatusCode.OK);

        page.Data.Count.ShouldBe(Math.Min(50, page.Count));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("offset=-1", "offset")]
    public async Task Out_of_range_paging_is_400(string query, string field)
    {
        var response = await api.Admin.GetAsync($"/api/v1/admin/users?{query}");

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Theory]
    [InlineData("limit=abc", "limit")]
    [InlineData("offset=1.5", "offset")]
    [InlineData("limit=99999999999", "limit")]
    public async Task Paging_that_is_not_a_whole_number_is_400(string query, string field)
    {
        var response = await api.Admin.GetAsync($"/api/v1/admin/users?{query}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Detail.ShouldContain(field);
    }

    [Fact]
    public async Task Limit_200_is_accepted()
    {
        var page = await (await api.Admin.GetAsync("/api/v1/admin/users?limit=200")).ShouldBeAsync<ListResponse<UserResponse>>(HttpStatusCode.OK);

        page.Data.Count.ShouldBe(Math.Min(200, page.Count));
    }

    [Fact]
    public async Task A_non_admin_cannot_list_users()
    {
        var caller = await api.CreateUserAsync();

        var response = await caller.Client.GetAsync("/api/v1/admin/users");

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteUserLookupTests(SqliteApiFactory api) : UserLookupTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresUserLookupTests(PostgresApiFactory api) : UserLookupTests(api);
