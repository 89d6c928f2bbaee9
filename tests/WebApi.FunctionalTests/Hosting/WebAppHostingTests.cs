using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Hosting;

/// <summary>The web app is served beside the API: its pages anonymous, its headers strict, the API's 404s untouched.</summary>
public abstract class WebAppHostingTests(PlanckApiFactory api)
{
    private const string ExpectedPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; "
        + "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    [Fact]
    public async Task The_app_is_served_at_the_root_without_a_credential()
    {
        var response = await api.CreateAnonymousClient().GetAsync("/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync()).ShouldBe(TestWebApp.IndexHtml);
        response.Headers.CacheControl?.ToString().ShouldBe("no-cache");
    }

    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/workspaces")]
    [InlineData("/workspaces/8a4f0c1e-2b7d-4e55-9a43-0d3f5e6b7c21/chat")]
    [InlineData("/admin/users")]
    [InlineData("/no/such/page")]
    public async Task An_app_route_is_answered_with_the_app_page_for_the_app_to_resolve(string route)
    {
        var response = await api.CreateAnonymousClient().GetAsync(route);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync()).ShouldBe(TestWebApp.IndexHtml);
        response.Headers.CacheControl?.ToString().ShouldBe("no-cache");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/workspaces/8a4f0c1e-2b7d-4e55-9a43-0d3f5e6b7c21/documents")]
    [InlineData(TestWebApp.AssetPath)]
    [InlineData(TestWebApp.PublicFilePath)]
    public async Task The_app_s_pages_and_files_carry_the_strict_security_headers(string path)
    {
        var response = await api.CreateAnonymousClient().GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldBe(ExpectedPolicy);
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
    }

    [Fact]
    public async Task A_hashed_asset_is_served_as_immutable_for_a_year()
    {
        var response = await api.CreateAnonymousClient().GetAsync(TestWebApp.AssetPath);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/javascript");
        (await response.Content.ReadAsStringAsync()).ShouldBe(TestWebApp.Asset);
        response.Headers.GetValues("Cache-Control").Single().ShouldBe("public, max-age=31536000, immutable");
    }

    [Fact]
    public async Task A_file_outside_assets_is_revalidated_because_its_name_carries_no_hash()
    {
        var response = await api.CreateAnonymousClient().GetAsync(TestWebApp.PublicFilePath);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("image/svg+xml");
        response.Headers.CacheControl?.ToString().ShouldBe("no-cache");
    }

    [Theory]
    [InlineData("/assets/missing.js")]
    [InlineData("/assets/index-Bx7dK2qa.css")]
    [InlineData("/assets")]
    [InlineData("/missing.png")]
    public async Task A_missing_file_is_a_404_problem_never_the_app_page(string path)
    {
        var response = await api.CreateAnonymousClient().GetAsync(path);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.Detail.ShouldContain(path);
    }

    [Theory]
    [InlineData("GET", "/api/nope")]
    [InlineData("POST", "/api/nope")]
    [InlineData("GET", "/api/v1/nope/deeper")]
    [InlineData("PUT", "/api/v1/nope")]
    [InlineData("DELETE", "/api/v1/nope")]
    [InlineData("GET", "/api")]
    public async Task An_unknown_api_path_is_a_json_404_problem_never_the_app_page(string method, string path)
    {
        var response = await api.Admin.SendRawAsync(new HttpMethod(method), path, method is "POST" or "PUT" ? "{}" : null);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.Detail.ShouldBe($"No endpoint matches {method} {path}.");
    }

    [Theory]
    [InlineData("/api/nope")]
    [InlineData("/health/nope")]
    [InlineData("/openapi/nope.json")]
    public async Task An_unknown_server_path_asked_anonymously_is_refused_never_the_app_page(string path)
    {
        var response = await api.CreateAnonymousClient().GetAsync(path);

        ((int)response.StatusCode).ShouldBeOneOf(401, 404);
        response.Content.Headers.ContentType?.MediaType.ShouldNotBe("text/html");
        (await response.Content.ReadAsStringAsync()).ShouldNotContain(TestWebApp.AssetPath);
    }

    [Fact]
    public async Task A_post_to_an_app_route_is_not_answered_with_the_app_page()
    {
        var response = await api.Admin.SendRawAsync(HttpMethod.Post, "/workspaces", "{}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Api_responses_carry_nosniff_and_no_referrer_but_not_the_app_s_policy()
    {
        var ok = await api.Admin.GetAsync("/api/v1/users/me");
        var refused = await api.CreateAnonymousClient().GetAsync("/api/v1/users/me");

        foreach (var response in new[] { ok, refused })
        {
            response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
            response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
            response.Headers.Contains("Content-Security-Policy").ShouldBeFalse();
        }

        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Loading_the_app_is_never_refused_by_the_anonymous_rate_limit()
    {
        await using var limited = api.WithWebHostBuilder(builder => builder
            .UseSetting("Planck:RateLimiting:AnonymousRequestsPerMinute", "2")
            .UseClientAddressHeader());
        using var client = limited.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add(ClientAddress.Header, "203.0.113.90");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            foreach (var path in new[] { "/", "/sign-in", TestWebApp.AssetPath, TestWebApp.PublicFilePath })
            {
                statuses.Add((await client.GetAsync(path)).StatusCode);
            }
        }

        var api429 = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            api429.Add((await client.GetAsync("/api/v1/users/me")).StatusCode);
        }

        statuses.ShouldAllBe(status => status == HttpStatusCode.OK);
        api429.ShouldContain(HttpStatusCode.TooManyRequests, "the limit is in force for the API, so the pages passed it rather than missed it");
    }

    [Fact]
    public async Task Without_a_built_app_the_root_says_the_web_app_is_not_built()
    {
        var emptyWebRoot = Directory.CreateTempSubdirectory("planck-empty-webroot-").FullName;
        try
        {
            await using var unbuilt = api.WithWebHostBuilder(builder => builder.UseSetting(WebHostDefaults.WebRootKey, emptyWebRoot));
            using var client = unbuilt.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

            var root = await (await client.GetAsync("/")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            var route = await (await client.GetAsync("/workspaces")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            var health = await client.GetAsync("/health/live");

            root.Detail.ShouldContain("web app is not built");
            root.Detail.ShouldContain("SkipWebApp");
            route.Detail.ShouldBe(root.Detail);
            health.StatusCode.ShouldBe(HttpStatusCode.OK, "the API still works without the app");
        }
        finally
        {
            Directory.Delete(emptyWebRoot, recursive: true);
        }
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteWebAppHostingTests(SqliteApiFactory api) : WebAppHostingTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresWebAppHostingTests(PostgresApiFactory api) : WebAppHostingTests(api);
