using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Identity;

/// <summary>Each test runs a second server on the same database with a tiny limit, so the shared server stays unlimited.</summary>
public abstract class RateLimitingTests(PlanckApiFactory api)
{
    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_Retry_After_and_other_keys_are_unaffected()
    {
        var user = await api.CreateUserAsync();
        var other = await api.CreateUserAsync();
        await using var limited = WithLimits(requestsPerMinute: 3);
        using var client = KeyClient(limited, user.ApiKey);

        for (var i = 1; i <= 3; i++)
        {
            (await client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK, $"request {i}");
        }

        var rejected = await client.GetAsync("/api/v1/users/me");

        var problem = await rejected.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.Detail.ShouldContain("Rate limit");
        RetryAfterSeconds(rejected).ShouldBeGreaterThanOrEqualTo(1);
        using var otherClient = KeyClient(limited, other.ApiKey);
        (await otherClient.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Two_keys_of_the_same_user_have_separate_allowances()
    {
        var user = await api.CreateUserAsync();
        var second = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "second" }))
            .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        await using var limited = WithLimits(requestsPerMinute: 2);
        using var first = KeyClient(limited, user.ApiKey);
        using var secondClient = KeyClient(limited, second.Key!);

        (await first.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        (await secondClient.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_allowance_is_per_minute_not_per_second()
    {
        var user = await api.CreateUserAsync();
        await using var limited = WithLimits(requestsPerMinute: 3);
        using var client = KeyClient(limited, user.ApiKey);
        for (var i = 1; i <= 3; i++)
        {
            (await client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK, $"request {i}");
        }

        // Three requests a minute means the next one is about 20 s away, so a short pause must not earn another.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var afterPause = await client.GetAsync("/api/v1/users/me");

        await afterPause.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        RetryAfterSeconds(afterPause).ShouldBeGreaterThan(2);
    }

    [Fact]
    public async Task Anonymous_requests_are_limited_per_client_address()
    {
        await using var limited = WithLimits(anonymousRequestsPerMinute: 2);
        using var client = limited.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        for (var i = 1; i <= 2; i++)
        {
            (await client.SendAsync(AnonymousRequest("203.0.113.7"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"request {i}");
        }

        var rejected = await client.SendAsync(AnonymousRequest("203.0.113.7"));

        var problem = await rejected.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.Detail.ShouldContain("Rate limit");
        RetryAfterSeconds(rejected).ShouldBeGreaterThanOrEqualTo(1);
        (await client.SendAsync(AnonymousRequest("203.0.113.8"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Requests_with_a_bad_key_count_as_anonymous()
    {
        var user = await api.CreateUserAsync();
        await using var limited = WithLimits(requestsPerMinute: 100, anonymousRequestsPerMinute: 1);
        using var client = limited.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var keyClient = KeyClient(limited, user.ApiKey);

        var first = AnonymousRequest("203.0.113.20");
        first.Headers.Add("X-API-Key", "pk_live_nope");
        (await client.SendAsync(first)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var second = AnonymousRequest("203.0.113.20");
        second.Headers.Add("X-API-Key", Planck.Domain.Identity.ApiKeyToken.Generate());

        (await client.SendAsync(second)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await keyClient.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_liveness_probe_is_never_rate_limited()
    {
        var user = await api.CreateUserAsync();
        await using var limited = WithLimits(requestsPerMinute: 1, anonymousRequestsPerMinute: 1);
        using var anonymous = limited.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var keyClient = KeyClient(limited, user.ApiKey);
        (await keyClient.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await keyClient.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await anonymous.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        for (var i = 0; i < 5; i++)
        {
            (await anonymous.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await keyClient.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    private WebApplicationFactory<Program> WithLimits(int requestsPerMinute = 100_000, int anonymousRequestsPerMinute = 100_000) =>
        api.WithWebHostBuilder(builder => builder
            .UseSetting("Planck:RateLimiting:RequestsPerMinute", requestsPerMinute.ToString(CultureInfo.InvariantCulture))
            .UseSetting("Planck:RateLimiting:AnonymousRequestsPerMinute", anonymousRequestsPerMinute.ToString(CultureInfo.InvariantCulture))
            .UseClientAddressHeader());

    private static HttpClient KeyClient(WebApplicationFactory<Program> server, string apiKey)
    {
        var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        return client;
    }

    private static HttpRequestMessage AnonymousRequest(string clientAddress)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
        request.Headers.Add(ClientAddress.Header, clientAddress);
        return request;
    }

    private static int RetryAfterSeconds(HttpResponseMessage response)
    {
        var value = response.Headers.GetValues("Retry-After").ShouldHaveSingleItem();
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds).ShouldBeTrue($"Retry-After \"{value}\" is not whole seconds");
        return seconds;
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteRateLimitingTests(SqliteApiFactory api) : RateLimitingTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresRateLimitingTests(PostgresApiFactory api) : RateLimitingTests(api);
