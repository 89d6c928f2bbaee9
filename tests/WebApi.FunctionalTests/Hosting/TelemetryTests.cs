using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Hosting;

/// <summary>
/// The Prometheus endpoint: off unless enabled, then only for the configured addresses, with HTTP metrics by route and
/// Planck's own (search, processing stages, answers, the queue), and never a user's words in a label.
/// </summary>
public abstract class TelemetryTests(PlanckApiFactory api)
{
    private const string Unique = "zebracornish";

    [Fact]
    public async Task Metrics_are_not_served_unless_enabled()
    {
        using var client = api.CreateAnonymousClient();

        var response = await client.GetAsync("/metrics");
        var unknown = await client.GetAsync("/api/v1/no-such-address");

        response.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        response.StatusCode.ShouldBe(unknown.StatusCode, "answered as any address the server does not have");
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("# TYPE");
    }

    [Fact]
    public async Task Enabled_metrics_are_served_to_an_allowed_address_and_to_no_other()
    {
        await using var server = MetricsServer(allowedFrom: "10.1.0.0/16");
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var allowed = await client.SendAsync(Scrape(from: "10.1.2.3"));
        var loopback = await client.SendAsync(Scrape(from: "127.0.0.1"));
        var stranger = await client.SendAsync(Scrape(from: "192.0.2.99"));
        var unknown = await client.SendAsync(ClientAddress.Request(HttpMethod.Get, "/api/v1/no-such-address", "192.0.2.99"));

        allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
        allowed.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (await allowed.Content.ReadAsStringAsync()).ShouldContain("# TYPE");
        loopback.StatusCode.ShouldBe(unknown.StatusCode, "a configured list replaces the loopback default");
        stranger.StatusCode.ShouldBe(unknown.StatusCode, "answered as any address the server does not have");
        stranger.StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Requests_searches_processing_and_answers_are_measured_without_the_users_words()
    {
        await using var server = MetricsServer(allowedFrom: "127.0.0.1");
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-API-Key", member.ApiKey);
        var document = await client.UploadOkAsync(workspace, $"{Unique}.txt", $"The {Unique} lives in the north wing, next to the archive.");
        (await client.WaitUntilProcessedAsync(document.Id)).Status.ShouldBe("ready");

        (await client.GetAsync($"/api/v1/workspaces/{workspace}/search?q={Unique}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = await client.AskAsync(workspace, $"Where does the {Unique} live?");
        await answer.ReadEventsAsync();
        var metrics = await (await client.SendAsync(Scrape(from: "127.0.0.1"))).Content.ReadAsStringAsync();

        metrics.ShouldContain("http_server_request_duration_seconds");
        metrics.ShouldContain("http_route=\"/api/v1/workspaces/{workspaceId}/search\"");
        metrics.ShouldContain("planck_search_duration_seconds");
        metrics.ShouldContain("stage=\"extracting\"");
        metrics.ShouldContain("stage=\"indexing\"");
        metrics.ShouldContain("planck_answer_time_to_first_event_seconds");
        metrics.ShouldContain("planck_answers_total{");
        metrics.ShouldContain("outcome=\"complete\"");
        metrics.ShouldContain("planck_documents_queue_depth");
        metrics.ShouldNotContain(Unique, Case.Insensitive, "neither a document's text, its name nor a question reaches a label");
        metrics.ShouldNotContain(member.ApiKey);
    }

    [Fact]
    public async Task Admins_learn_whether_metrics_are_served_and_where_and_nobody_else_does()
    {
        var member = await api.CreateUserAsync();
        var admin = await api.CreateUserAsync("Admin");
        await using var server = MetricsServer(allowedFrom: "10.1.0.0/16");
        using var enabledAdmin = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        enabledAdmin.DefaultRequestHeaders.Add("X-API-Key", admin.ApiKey);

        var off = await (await api.Admin.GetAsync(AdminServerUrl)).ReadJsonAsync<AdminServerInfo>();
        var on = await (await enabledAdmin.GetAsync(AdminServerUrl)).ReadJsonAsync<AdminServerInfo>();
        var refused = await member.Client.GetAsync(AdminServerUrl);
        var anonymous = await api.CreateAnonymousClient().GetAsync(AdminServerUrl);
        var config = await (await api.CreateAnonymousClient().GetAsync("/api/v1/config")).Content.ReadAsStringAsync();

        off.Metrics.ShouldBe(new MetricsInfo(false, null));
        on.Metrics.ShouldBe(new MetricsInfo(true, "/metrics"));
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        config.ShouldNotContain("metrics", Case.Insensitive, "strangers are not told where metrics are served");
    }

    private WebApplicationFactory<Program> MetricsServer(string allowedFrom) =>
        api.WithWebHostBuilder(builder => builder
            .UseClientAddressHeader()
            .UseSetting("Planck:Telemetry:PrometheusEnabled", "true")
            .UseSetting("Planck:Telemetry:MetricsAllowedFrom:0", allowedFrom));

    private const string AdminServerUrl = "/api/v1/admin/server";

    private sealed record MetricsInfo(bool Enabled, string? Path);

    private sealed record AdminServerInfo(MetricsInfo Metrics);

    private static HttpRequestMessage Scrape(string from) => ClientAddress.Request(HttpMethod.Get, "/metrics", from);
}

[Collection(SqliteServer.Name)]
public sealed class SqliteTelemetryTests(SqliteApiFactory api) : TelemetryTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresTelemetryTests(PostgresApiFactory api) : TelemetryTests(api);
