using System.Globalization;
using System.Net;
using Planck.Domain.Chat;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Chat.Usage;

public sealed record UsageDayResponse(DateOnly Day, int Answers, long Credits, long InputTokens, long OutputTokens);

public sealed record UsageReportResponse(List<UsageDayResponse> Data, int Count, long TotalCredits);

public abstract class UsageTests(PlanckApiFactory api)
{
    private const string MyUsage = "/api/v1/users/me/usage";
    private const string AdminUsage = "/api/v1/admin/usage";

    [Fact]
    public async Task A_user_sees_their_own_totals_for_the_last_30_days_by_default()
    {
        var member = await api.CreateUserAsync();
        var someoneElse = await api.CreateUserAsync();
        var workspace = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await AddUsageAsync(
            Entry(member.Id, workspace, 1500, 600, now),
            Entry(member.Id, workspace, 100, 20, now),
            Entry(member.Id, Guid.NewGuid(), 2000, 0, now.AddDays(-3)),
            Entry(member.Id, workspace, 5000, 0, now.AddDays(-29)),
            Entry(member.Id, workspace, 100, 0, now.AddDays(-31)),
            Entry(someoneElse.Id, workspace, 100, 0, now));

        var report = await (await member.Client.GetAsync(MyUsage)).ShouldBeAsync<UsageReportResponse>(HttpStatusCode.OK);

        report.Data.ShouldBe([
            new UsageDayResponse(today.AddDays(-29), 1, 6, 5000, 0),
            new UsageDayResponse(today.AddDays(-3), 1, 3, 2000, 0),
            new UsageDayResponse(today, 2, 4, 1600, 620),
        ]);
        report.Count.ShouldBe(3);
        report.TotalCredits.ShouldBe(13);
    }

    [Fact]
    public async Task The_usage_json_has_the_contract_fields()
    {
        var member = await api.CreateUserAsync();
        await AddUsageAsync(Entry(member.Id, Guid.NewGuid(), 10, 10, DateTimeOffset.UtcNow));

        var response = await member.Client.GetAsync(MyUsage + "/");

        (await response.ReadPropertyNamesAsync()).ShouldBe(["count", "data", "total_credits"]);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain($"\"day\":\"{DateOnly.FromDateTime(DateTime.UtcNow):yyyy-MM-dd}\"");
        foreach (var field in (string[])["\"answers\":1", "\"credits\":1", "\"input_tokens\":10", "\"output_tokens\":10"])
        {
            body.ShouldContain(field);
        }
    }

    [Fact]
    public async Task Days_are_utc_days_split_at_midnight()
    {
        var member = await api.CreateUserAsync();
        var workspace = Guid.NewGuid();
        await AddUsageAsync(
            Entry(member.Id, workspace, 0, 0, new DateTimeOffset(2025, 3, 9, 23, 59, 0, TimeSpan.Zero)),
            Entry(member.Id, workspace, 0, 0, new DateTimeOffset(2025, 3, 9, 0, 0, 0, TimeSpan.Zero)),
            Entry(member.Id, workspace, 0, 0, new DateTimeOffset(2025, 3, 10, 0, 1, 0, TimeSpan.Zero)),
            Entry(member.Id, workspace, 0, 0, new DateTimeOffset(2025, 3, 11, 0, 0, 0, TimeSpan.Zero)));

        var report = await (await member.Client.GetAsync($"{MyUsage}?from=2025-03-09&to=2025-03-10")).ShouldBeAsync<UsageReportResponse>(HttpStatusCode.OK);

        report.Data.Select(d => (d.Day, d.Answers)).ShouldBe([(new DateOnly(2025, 3, 9), 2), (new DateOnly(2025, 3, 10), 1)]);
        report.TotalCredits.ShouldBe(3);
    }

    [Fact]
    public async Task A_user_without_usage_gets_an_empty_report()
    {
        var member = await api.CreateUserAsync();

        var report = await (await member.Client.GetAsync(MyUsage)).ShouldBeAsync<UsageReportResponse>(HttpStatusCode.OK);

        report.Data.ShouldBeEmpty();
        report.Count.ShouldBe(0);
        report.TotalCredits.ShouldBe(0);
    }

    [Theory]
    [InlineData("from=2025-03-10&to=2025-03-09", "from", "after")]
    [InlineData("from=2024-01-01&to=2025-01-01", "from", "366")]
    [InlineData("from=2000-01-01", "from", "366")]
    [InlineData("from=3000-01-01", "from", "after")]
    [InlineData("from=2025-13-01", "from", "YYYY-MM-DD")]
    [InlineData("to=yesterday", "to", "YYYY-MM-DD")]
    [InlineData("from=10/03/2025", "from", "YYYY-MM-DD")]
    public async Task A_range_that_is_backwards_too_long_or_malformed_is_400(string query, string field, string detail)
    {
        var member = await api.CreateUserAsync();

        var problem = await (await member.Client.GetAsync($"{MyUsage}?{query}")).ShouldBeValidationProblemAsync(field);

        problem.Detail.ShouldContain(detail);
    }

    [Fact]
    public async Task A_range_of_exactly_366_days_is_allowed()
    {
        var member = await api.CreateUserAsync();
        await AddUsageAsync(
            Entry(member.Id, Guid.NewGuid(), 0, 0, new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero)),
            Entry(member.Id, Guid.NewGuid(), 0, 0, new DateTimeOffset(2024, 12, 31, 12, 0, 0, TimeSpan.Zero)));

        var report = await (await member.Client.GetAsync($"{MyUsage}?from=2024-01-01&to=2024-12-31")).ShouldBeAsync<UsageReportResponse>(HttpStatusCode.OK);

        report.Data.Select(d => d.Day).ShouldBe([new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)]);
    }

    [Fact]
    public async Task A_session_reads_its_own_usage_too()
    {
        var member = await api.CreateUserAsync();
        await AddUsageAsync(Entry(member.Id, Guid.NewGuid(), 0, 0, DateTimeOffset.UtcNow));
        var session = await api.SignInAsync(member.Email, member.Password);

        var report = await (await session.GetAsync(MyUsage)).ShouldBeAsync<UsageReportResponse>(HttpStatusCode.OK);

        report.TotalCredits.ShouldBe(1);
    }

    [Fact]
    public async Task An_admin_sees_everyones_totals_and_can_narrow_them_to_a_user_or_a_workspace()
    {
        var first = await api.CreateUserAsync();
        var second = await api.CreateUserAsync();
        var workspace = Guid.NewGuid();
        var otherWorkspace = Guid.NewGuid();
        // A day of its own, far in the past, so other tests' usage does not mix in.
        var day = new DateOnly(2003, 1, 1).AddDays(Random.Shared.Next(3000));
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        await AddUsageAsync(
            Entry(first.Id, workspace, 1000, 0, at),
            Entry(first.Id, otherWorkspace, 0, 0, at),
            Entry(second.Id, workspace, 2000, 0, at),
            Entry(second.Id, workspace, 0, 0, at.AddDays(1)));
        var range = $"from={day:yyyy-MM-dd}&to={day.AddDays(1):yyyy-MM-dd}";

        var everyone = await AdminReportAsync(range);
        var firstOnly = await AdminReportAsync($"{range}&user_id={first.Id}");
        var workspaceOnly = await AdminReportAsync($"{range}&workspace_id={workspace}");
        var both = await AdminReportAsync($"{range}&user_id={first.Id}&workspace_id={workspace}");
        var nobody = await AdminReportAsync($"{range}&user_id={Guid.NewGuid()}");

        everyone.Data.ShouldBe([new UsageDayResponse(day, 3, 6, 3000, 0), new UsageDayResponse(day.AddDays(1), 1, 1, 0, 0)]);
        everyone.TotalCredits.ShouldBe(7);
        firstOnly.Data.ShouldBe([new UsageDayResponse(day, 2, 3, 1000, 0)]);
        workspaceOnly.Data.Select(d => (d.Answers, d.Credits)).ShouldBe([(2, 5L), (1, 1L)]);
        both.Data.ShouldBe([new UsageDayResponse(day, 1, 2, 1000, 0)]);
        nobody.Data.ShouldBeEmpty();
        nobody.TotalCredits.ShouldBe(0);
    }

    [Fact]
    public async Task Admin_usage_validates_its_range_and_ids()
    {
        await (await api.Admin.GetAsync($"{AdminUsage}?from=2025-02-01&to=2025-01-01")).ShouldBeValidationProblemAsync("from");
        var badId = await (await api.Admin.GetAsync($"{AdminUsage}?user_id=me")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        badId.Detail.ShouldContain("user_id");
    }

    [Fact]
    public async Task A_non_admin_is_forbidden_from_everyones_usage()
    {
        var member = await api.CreateUserAsync();

        var problem = await (await member.Client.GetAsync(AdminUsage)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        problem.Detail.ShouldContain("Admin");
    }

    [Fact]
    public async Task Usage_needs_a_credential()
    {
        await (await api.CreateAnonymousClient().GetAsync(MyUsage)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<UsageReportResponse> AdminReportAsync(string query) =>
        await (await api.Admin.GetAsync($"{AdminUsage}?{query}")).ShouldBeAsync<UsageReportResponse>(HttpStatusCode.OK);

    private static UsageEntry Entry(Guid userId, Guid workspaceId, int inputTokens, int outputTokens, DateTimeOffset at) =>
        UsageEntry.ForAnswer(userId, workspaceId, Guid.CreateVersion7(at), inputTokens, outputTokens, at);

    private async Task AddUsageAsync(params UsageEntry[] entries) =>
        await api.QueryDatabaseAsync(db =>
        {
            db.UsageEntries.AddRange(entries);
            return db.SaveChangesAsync();
        });
}

[Collection(SqliteServer.Name)]
public sealed class SqliteUsageTests(SqliteApiFactory api) : UsageTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresUsageTests(PostgresApiFactory api) : UsageTests(api);
