using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Identity;

/// <summary>
/// Behind a reverse proxy: only a configured proxy is believed about the client's address and scheme, and a TLS
/// proxy (or an https public URL) makes the session cookie Secure and adds HSTS. The client's address is made
/// visible through the anonymous rate limit, which is counted per address.
/// </summary>
public abstract class BehindProxyTests(PlanckApiFactory api)
{
    private const string Hsts = "Strict-Transport-Security";
    private const string Stranger = "192.0.2.99";

    [Fact]
    public async Task Addresses_forwarded_by_a_known_proxy_are_each_limited_as_their_own_client()
    {
        await using var server = api.WithWebHostBuilder(builder => builder.UseKnownProxy().UseSetting("Planck:RateLimiting:AnonymousRequestsPerMinute", "2"));
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var fromFirst = await SendUntilRateLimitedAsync(client, _ => ClientAddress.KnownProxy, _ => "203.0.113.1");

        fromFirst.ShouldBeInRange(2, 3, "two a minute, plus a refill a slow machine may have earned");
        var fromSecond = await client.SendAsync(Anonymous(ClientAddress.KnownProxy, forwardedFor: "203.0.113.2"));
        fromSecond.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "another client behind the same proxy has its own allowance");
    }

    [Fact]
    public async Task A_refused_client_is_logged_by_its_own_address_never_the_proxy_or_a_forged_one()
    {
        using var logs = new CapturedLogs();
        await using var server = api.WithWebHostBuilder(builder => builder.UseKnownProxy()
            .UseSetting("Planck:RateLimiting:AnonymousRequestsPerMinute", "2")
            .ConfigureLogging(logging => logging.AddProvider(logs)));
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        await SendUntilRateLimitedAsync(client, _ => ClientAddress.KnownProxy, _ => "203.0.113.21");
        await SendUntilRateLimitedAsync(client, _ => Stranger, _ => "203.0.113.22");

        var refusals = logs.Lines.Where(line => line.Contains("Rate limit exceeded", StringComparison.Ordinal)).ToList();
        refusals.ShouldContain(line => line.Contains("address:203.0.113.21 on GET /api/v1/users/me", StringComparison.Ordinal), "the client behind the proxy");
        refusals.ShouldContain(line => line.Contains($"address:{Stranger} on GET", StringComparison.Ordinal), "the direct client, by its connection");
        refusals.ShouldNotContain(line => line.Contains("203.0.113.22", StringComparison.Ordinal), "a forged X-Forwarded-For is never logged as the client");
        refusals.ShouldNotContain(line => line.Contains(ClientAddress.KnownProxy, StringComparison.Ordinal), "the proxy is never taken for the client");
    }

    [Fact]
    public async Task A_known_proxy_connecting_over_an_ipv6_socket_is_still_known()
    {
        await using var server = api.WithWebHostBuilder(builder => builder.UseKnownProxy().UseSetting("Planck:RateLimiting:AnonymousRequestsPerMinute", "2"));
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var fromFirst = await SendUntilRateLimitedAsync(client, _ => "::ffff:" + ClientAddress.KnownProxy, _ => "203.0.113.3");

        fromFirst.ShouldBeInRange(2, 3);
        (await client.SendAsync(Anonymous("::ffff:" + ClientAddress.KnownProxy, forwardedFor: "203.0.113.4"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task X_Forwarded_For_from_a_connection_that_is_not_a_known_proxy_is_ignored()
    {
        await using var server = api.WithWebHostBuilder(builder => builder.UseKnownProxy().UseSetting("Planck:RateLimiting:AnonymousRequestsPerMinute", "2"));
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        // A direct client that invents a new X-Forwarded-For each time is still one client.
        var accepted = await SendUntilRateLimitedAsync(client, _ => Stranger, attempt => $"203.0.113.{attempt + 10}");

        accepted.ShouldBeInRange(2, 3);
    }

    [Fact]
    public async Task With_no_proxy_configured_X_Forwarded_For_is_ignored_even_from_loopback()
    {
        await using var server = api.WithWebHostBuilder(builder => builder.UseClientAddressHeader().UseSetting("Planck:RateLimiting:AnonymousRequestsPerMinute", "2"));
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var accepted = await SendUntilRateLimitedAsync(client, _ => "127.0.0.1", attempt => $"203.0.113.{attempt + 50}");

        accepted.ShouldBeInRange(2, 3);
    }

    [Fact]
    public async Task Through_a_known_proxy_that_forwards_https_the_cookie_is_Secure_and_responses_carry_HSTS()
    {
        var user = await api.CreateUserAsync();
        await using var server = api.WithWebHostBuilder(builder => builder.UseKnownProxy());
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var signIn = await client.SendAsync(ClientAddress.LoginThroughProxy("203.0.113.5", user.Email, user.Password, forwardedProto: "https"));

        signIn.StatusCode.ShouldBe(HttpStatusCode.OK);
        signIn.SessionCookie().ShouldNotBeNull().Secure.ShouldBeTrue();
        signIn.Headers.GetValues(Hsts).ShouldHaveSingleItem().ShouldBe("max-age=31536000");
        var refused = await client.SendAsync(ClientAddress.LoginThroughProxy("203.0.113.5", user.Email, "a wrong password", forwardedProto: "https"));
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Headers.Contains(Hsts).ShouldBeTrue("error responses carry it too");
        var live = await client.SendAsync(Anonymous(ClientAddress.KnownProxy, forwardedFor: "203.0.113.5", forwardedProto: "https", path: "/health/live"));
        live.Headers.Contains(Hsts).ShouldBeTrue();
    }

    [Fact]
    public async Task Behind_a_tls_proxy_the_browser_origin_is_https_and_sign_in_passes_the_cross_site_check()
    {
        var user = await api.CreateUserAsync();
        await using var server = api.WithWebHostBuilder(builder => builder.UseKnownProxy());
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var request = ClientAddress.LoginThroughProxy("203.0.113.5", user.Email, user.Password, forwardedProto: "https");
        request.Headers.Add("Origin", "https://localhost");

        (await client.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Plain_http_through_the_proxy_or_https_claimed_by_a_stranger_gets_no_Secure_cookie_and_no_HSTS()
    {
        var user = await api.CreateUserAsync();
        await using var server = api.WithWebHostBuilder(builder => builder.UseKnownProxy());
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var overHttp = await client.SendAsync(ClientAddress.LoginThroughProxy("203.0.113.5", user.Email, user.Password, forwardedProto: "http"));
        var claimed = await client.SendAsync(ClientAddress.Request(
            HttpMethod.Post, "/api/v1/auth/login", Stranger, forwardedProto: "https", json: new { email = user.Email, password = user.Password }));

        foreach (var response in new[] { overHttp, claimed })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.SessionCookie().ShouldNotBeNull().Secure.ShouldBeFalse();
            response.Headers.Contains(Hsts).ShouldBeFalse();
        }
    }

    [Fact]
    public async Task With_an_https_public_url_the_cookie_is_Secure_and_responses_carry_HSTS()
    {
        var user = await api.CreateUserAsync();
        await using var server = api.WithWebHostBuilder(builder => builder.UseSetting("Planck:PublicUrl", "https://planck.example.org"));
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var signIn = await client.PostAsync("/api/v1/auth/login", System.Net.Http.Json.JsonContent.Create(new { email = user.Email, password = user.Password }));

        signIn.StatusCode.ShouldBe(HttpStatusCode.OK);
        signIn.SessionCookie().ShouldNotBeNull().Secure.ShouldBeTrue();
        signIn.Headers.GetValues(Hsts).ShouldHaveSingleItem().ShouldBe("max-age=31536000");
        var signOut = await client.PostAsync("/api/v1/auth/logout", null);
        signOut.SessionCookie().ShouldNotBeNull().Secure.ShouldBeTrue("the cookie is deleted with the attributes it was set with");
    }

    [Fact]
    public async Task Plain_http_with_no_proxy_and_no_public_url_gets_no_HSTS()
    {
        var user = await api.CreateUserAsync();

        var signIn = await api.PostLoginAsync(user.Email, user.Password);
        var live = await api.CreateAnonymousClient().GetAsync("/health/live");

        signIn.StatusCode.ShouldBe(HttpStatusCode.OK);
        signIn.Headers.Contains(Hsts).ShouldBeFalse();
        live.Headers.Contains(Hsts).ShouldBeFalse();
    }

    [Theory]
    [InlineData("Planck:ForwardedHeaders:KnownProxies:0", "10.0.0.0/8")]
    [InlineData("Planck:ForwardedHeaders:KnownNetworks:0", "proxy.internal")]
    public void A_proxy_setting_that_is_not_an_address_stops_start_up_naming_the_setting(string key, string value)
    {
        using var server = api.WithWebHostBuilder(builder => builder.UseSetting(key, value));

        var failure = Should.Throw<Exception>(() => server.CreateClient());

        failure.ToString().ShouldContain(key[..key.LastIndexOf(':')]);
        failure.ToString().ShouldContain(value);
    }

    /// <summary>Sends anonymous requests until one is rate limited and returns how many were let through.</summary>
    private static async Task<int> SendUntilRateLimitedAsync(HttpClient client, Func<int, string> connection, Func<int, string> forwardedFor)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var response = await client.SendAsync(Anonymous(connection(attempt), forwardedFor(attempt)));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return attempt;
            }

            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"request {(attempt + 1).ToString(CultureInfo.InvariantCulture)}");
        }

        throw new ShouldAssertException("10 requests in a row were allowed: every one counted as a new client.");
    }

    private static HttpRequestMessage Anonymous(string connection, string forwardedFor, string? forwardedProto = null, string path = "/api/v1/users/me") =>
        ClientAddress.Request(HttpMethod.Get, path, connection, forwardedFor, forwardedProto);
}

[Collection(SqliteServer.Name)]
public sealed class SqliteBehindProxyTests(SqliteApiFactory api) : BehindProxyTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresBehindProxyTests(PostgresApiFactory api) : BehindProxyTests(api);
