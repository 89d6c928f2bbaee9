using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Planck.WebApi.FunctionalTests.Support;
using Planck.WebApi.Http;

namespace Planck.WebApi.FunctionalTests.Identity;

/// <summary>Each test runs a second server on the same database with a tiny limit, so the shared server stays unlimited.</summary>
public abstract class RateLimitingTests(PlanckApiFactory api)
{
    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_Retry_After_and_other_keys_are_unaffected()
    {
        var user = await api.CreateUserAsync();
        var other = await api.CreateUserAsync();
        await using var limited = await WithLimitsAsync(requestsPerMinute: 3);
        using var client = KeyClient(limited, user.ApiKey);

        var burst = await SendUntilRejectedAsync(() => client.GetAsync("/api/v1/users/me"), HttpStatusCode.OK);

        burst.ShouldHaveAccepted(limit: 3, requestsPerMinute: 3);
        var problem = await burst.Rejected.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.Detail.ShouldContain("Rate limit");
        RetryAfterSeconds(burst.Rejected).ShouldBeGreaterThanOrEqualTo(1);
        using var otherClient = KeyClient(limited, other.ApiKey);
        (await otherClient.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Two_keys_of_the_same_user_share_one_allowance_and_other_users_keep_theirs()
    {
        var user = await api.CreateUserAsync();
        var other = await api.CreateUserAsync();
        var second = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "second" }))
            .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        await using var limited = await WithLimitsAsync(requestsPerMinute: 2);
        using var first = KeyClient(limited, user.ApiKey);
        using var secondClient = KeyClient(limited, second.Key!);

        var burst = await SendUntilRejectedAsync(() => first.GetAsync("/api/v1/users/me"), HttpStatusCode.OK);

        burst.ShouldHaveAccepted(limit: 2, requestsPerMinute: 2);
        await (await secondClient.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        using var otherClient = KeyClient(limited, other.ApiKey);
        (await otherClient.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Eight_concurrent_anonymous_clients_get_no_more_than_the_limit_through()
    {
        // The probe's numbers: 300 a minute. A bucket holding 300 that refills 5 a second lets 300 plus 5 for every
        // second these 800 take through (over 315 after three seconds); a limit that holds lets 300.
        const int limit = 300;
        await using var limited = await WithLimitsAsync(anonymousRequestsPerMinute: limit);
        var started = Stopwatch.GetTimestamp();

        var perClient = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var client = limited.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
            var accepted = 0;
            for (var i = 0; i < 100; i++)
            {
                var response = await client.SendAsync(AnonymousRequest("203.0.113.99"));
                accepted += response.StatusCode == HttpStatusCode.Unauthorized ? 1 : 0;
            }

            return accepted;
        }));

        var elapsed = Stopwatch.GetElapsedTime(started);
        if (elapsed < RateLimiting.Window / RateLimiting.SegmentsPerWindow * (RateLimiting.SegmentsPerWindow - 1))
        {
            // Within the window nothing leaves it, so the limit holds exactly (5 % is the promise).
            perClient.Sum().ShouldBeInRange(limit, (int)(limit * 1.05), $"accepted of 800 in {elapsed.TotalSeconds:0.0} s");
        }
    }

    [Fact]
    public async Task The_allowance_is_per_minute_not_per_second()
    {
        var user = await api.CreateUserAsync();
        await using var limited = await WithLimitsAsync(requestsPerMinute: 3);
        using var client = KeyClient(limited, user.ApiKey);
        var burst = await SendUntilRejectedAsync(() => client.GetAsync("/api/v1/users/me"), HttpStatusCode.OK);
        burst.ShouldHaveAccepted(limit: 3, requestsPerMinute: 3);

        // Three requests a minute means the next one is about 20 s away, so a short pause must not earn another.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var afterPause = await SendUntilRejectedAsync(() => client.GetAsync("/api/v1/users/me"), HttpStatusCode.OK, burst.Started);

        afterPause.ShouldHaveAccepted(limit: 0, requestsPerMinute: 3);
        RetryAfterSeconds(afterPause.Rejected).ShouldBeGreaterThan(2);
    }

    [Fact]
    public async Task Anonymous_requests_are_limited_per_client_address()
    {
        await using var limited = await WithLimitsAsync(anonymousRequestsPerMinute: 2);
        using var client = limited.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var burst = await SendUntilRejectedAsync(() => client.SendAsync(AnonymousRequest("203.0.113.7")), HttpStatusCode.Unauthorized);

        burst.ShouldHaveAccepted(limit: 2, requestsPerMinute: 2);
        var problem = await burst.Rejected.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.Detail.ShouldContain("Rate limit");
        RetryAfterSeconds(burst.Rejected).ShouldBeGreaterThanOrEqualTo(1);
        (await client.SendAsync(AnonymousRequest("203.0.113.8"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Requests_with_a_bad_key_count_as_anonymous()
    {
        var user = await api.CreateUserAsync();
        await using var limited = await WithLimitsAsync(requestsPerMinute: 100, anonymousRequestsPerMinute: 1);
        using var client = limited.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var keyClient = KeyClient(limited, user.ApiKey);

        var started = Stopwatch.GetTimestamp();
        var first = AnonymousRequest("203.0.113.20");
        first.Headers.Add("X-API-Key", "pk_live_nope");
        (await client.SendAsync(first)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var second = AnonymousRequest("203.0.113.20");
        second.Headers.Add("X-API-Key", Planck.Domain.Identity.ApiKeyToken.Generate());
        var secondResponse = await client.SendAsync(second);

        if (Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(1))
        {
            secondResponse.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        }

        (await keyClient.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_liveness_probe_is_never_rate_limited()
    {
        var user = await api.CreateUserAsync();
        await using var limited = await WithLimitsAsync(requestsPerMinute: 1, anonymousRequestsPerMinute: 1);
        using var anonymous = limited.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var keyClient = KeyClient(limited, user.ApiKey);
        (await SendUntilRejectedAsync(() => keyClient.GetAsync("/api/v1/users/me"), HttpStatusCode.OK)).ShouldHaveAccepted(1, 1);
        (await SendUntilRejectedAsync(() => anonymous.GetAsync("/api/v1/users/me"), HttpStatusCode.Unauthorized)).ShouldHaveAccepted(1, 1);

        for (var i = 0; i < 5; i++)
        {
            (await anonymous.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await keyClient.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    /// <summary>
    /// Sends until a request is refused. A loaded machine can take longer than one refill interval over a burst,
    /// so the burst records its elapsed time and the assertion allows the refills that time could have earned.
    /// </summary>
    private static async Task<Burst> SendUntilRejectedAsync(
        Func<Task<HttpResponseMessage>> send, HttpStatusCode whenAllowed, long? startedAt = null)
    {
        var started = startedAt ?? Stopwatch.GetTimestamp();
        for (var accepted = 0; accepted < 50; accepted++)
        {
            var response = await send();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return new Burst(accepted, response, started, Stopwatch.GetElapsedTime(started));
            }

            response.StatusCode.ShouldBe(whenAllowed, $"request {accepted + 1}");
        }

        throw new ShouldAssertException("50 requests in a row were allowed; the limit was never applied.");
    }

    private sealed record Burst(int Accepted, HttpResponseMessage Rejected, long Started, TimeSpan Elapsed)
    {
        public void ShouldHaveAccepted(int limit, int requestsPerMinute)
        {
            var possibleRefills = (int)Math.Floor(Elapsed.TotalMinutes * requestsPerMinute);
            Accepted.ShouldBeInRange(limit, limit + possibleRefills, $"allowed before the first 429 in {Elapsed.TotalSeconds:0.0} s");
        }
    }

    /// <summary>Starts the limited server before any allowance is spent, so start-up time cannot count as refill time.</summary>
    private async Task<WebApplicationFactory<Program>> WithLimitsAsync(int requestsPerMinute = 100_000, int anonymousRequestsPerMinute = 100_000)
    {
        var limited = api.WithWebHostBuilder(builder => builder
            .UseSetting("Planck:RateLimiting:RequestsPerMinute", requestsPerMinute.ToString(CultureInfo.InvariantCulture))
            .UseSetting("Planck:RateLimiting:AnonymousRequestsPerMinute", anonymousRequestsPerMinute.ToString(CultureInfo.InvariantCulture))
            .UseClientAddressHeader());
        using var probe = limited.CreateClient();
        (await probe.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return limited;
    }

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
