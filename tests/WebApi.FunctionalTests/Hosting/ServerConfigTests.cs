using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Planck.WebApi.Authentication;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Hosting;

/// <summary>GET /api/v1/config: what the web app needs before sign-in, to anyone, and nothing secret.</summary>
public abstract class ServerConfigTests(PlanckApiFactory api)
{
    [Fact]
    public async Task Anyone_reads_the_config_the_web_app_needs_before_signing_in()
    {
        var response = await api.CreateAnonymousClient().GetAsync("/api/v1/config");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var config = body.RootElement;
        config.EnumerateObject().Select(p => p.Name).ShouldBe(["version", "max_upload_bytes", "accepted_types", "language_model", "session_hours"]);
        config.GetProperty("version").GetString().ShouldNotBeNullOrWhiteSpace();
        config.GetProperty("max_upload_bytes").GetInt64().ShouldBe(PlanckApiFactory.MaxUploadBytes);
        config.GetProperty("accepted_types").EnumerateArray().Select(t => t.GetString()).ShouldBe(
            [".pdf", ".xlsx", ".csv", ".txt", ".md", ".markdown", ".docx", ".html", ".htm"]);
        config.GetProperty("language_model").GetBoolean().ShouldBeFalse("the test server configures no model");
        config.GetProperty("session_hours").GetInt32().ShouldBe(12);
    }

    [Fact]
    public async Task The_config_follows_the_server_s_settings_and_never_shows_the_model_s_key()
    {
        const string modelKey = "sk-config-test-secret-key";
        await using var configured = api.WithWebHostBuilder(builder => builder
            .UseSetting("Planck:Llm:Provider", "OpenAI")
            .UseSetting("Planck:Llm:Endpoint", "http://127.0.0.1:9/v1")
            .UseSetting("Planck:Llm:Model", "gpt-config-test")
            .UseSetting("Planck:Llm:ApiKey", modelKey)
            .UseSetting("Planck:Security:SessionHours", "30")
            .UseSetting("Planck:Documents:MaxUploadBytes", "1048576"));
        using var client = configured.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var response = await client.GetAsync("/api/v1/config");

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        text.ShouldNotContain(modelKey);
        text.ShouldNotContain("gpt-config-test");
        text.ShouldNotContain("127.0.0.1");
        var config = await response.ReadJsonAsync<ConfigResponse>();
        config.LanguageModel.ShouldBeTrue();
        config.SessionHours.ShouldBe(30);
        config.MaxUploadBytes.ShouldBe(1048576);
    }

    [Fact]
    public async Task The_config_answers_a_caller_whose_credential_is_stale()
    {
        var client = api.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("Cookie", $"{PlanckAuthenticationHandler.SessionCookie}=expired-or-made-up");
        client.DefaultRequestHeaders.Add("X-API-Key", "pk_live_revoked-or-made-up");

        var response = await client.GetAsync("/api/v1/config");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private sealed record ConfigResponse(string Version, long MaxUploadBytes, List<string> AcceptedTypes, bool LanguageModel, int SessionHours);
}

[Collection(SqliteServer.Name)]
public sealed class SqliteServerConfigTests(SqliteApiFactory api) : ServerConfigTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresServerConfigTests(PostgresApiFactory api) : ServerConfigTests(api);
