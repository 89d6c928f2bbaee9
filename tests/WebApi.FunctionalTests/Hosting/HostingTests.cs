using System.Net;
using System.Text.Json;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Hosting;

/// <summary>Health probes, the OpenAPI document and the reference page: reachable without a credential.</summary>
public abstract class HostingTests(PlanckApiFactory api)
{
    [Fact]
    public async Task Liveness_answers_without_a_credential()
    {
        var response = await api.CreateAnonymousClient().GetAsync("/health/live");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Readiness_checks_the_database_and_answers_without_a_credential()
    {
        var response = await api.CreateAnonymousClient().GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task The_openapi_document_lists_the_api_and_declares_the_api_key_header()
    {
        var response = await api.CreateAnonymousClient().GetAsync("/openapi/v1.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/v1/users/me");
        paths.ShouldContain("/api/v1/admin/users");
        paths.ShouldContain("/api/v1/admin/workspaces/{workspaceId}/members");
        paths.ShouldContain("/api/v1/workspaces/{workspaceId}");
        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        scheme.GetProperty("in").GetString().ShouldBe("header");
        scheme.GetProperty("name").GetString().ShouldBe("X-API-Key");
    }

    [Fact]
    public async Task The_reference_page_is_served_with_its_script_from_the_server_itself()
    {
        var response = await api.CreateAnonymousClient().GetAsync("/docs/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<script src=\"scalar.js\"");
        (await api.CreateAnonymousClient().GetAsync("/docs/scalar.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteHostingTests(SqliteApiFactory api) : HostingTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresHostingTests(PostgresApiFactory api) : HostingTests(api);
