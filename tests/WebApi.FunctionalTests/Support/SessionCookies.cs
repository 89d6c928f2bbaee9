using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Net.Http.Headers;

namespace Planck.WebApi.FunctionalTests.Support;

/// <summary>Sign-in at the HTTP level, for tests that look at the session cookie itself rather than ride on it.</summary>
public static class SessionCookies
{
    public const string Name = "planck_session";

    /// <summary>Posts to the login endpoint from a client that keeps no cookies, so the raw Set-Cookie header is visible.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(this PlanckApiFactory api, string email, string password)
    {
        using var client = api.CreateAnonymousClient();
        return await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
    }

    /// <summary>Signs in and returns the session token the server put in the cookie.</summary>
    public static async Task<string> SignInForTokenAsync(this PlanckApiFactory api, string email, string password)
    {
        var response = await api.PostLoginAsync(email, password);
        response.EnsureSuccessStatusCode();
        return response.SessionCookie()?.Value.ToString()
            ?? throw new InvalidOperationException("The login response set no session cookie.");
    }

    /// <summary>The parsed <c>planck_session</c> Set-Cookie header of a response, if it has one.</summary>
    public static SetCookieHeaderValue? SessionCookie(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? SetCookieHeaderValue.ParseList(values.ToList()).LastOrDefault(c => c.Name.Equals(Name, StringComparison.Ordinal))
            : null;

    /// <summary>A client that sends the given session token as its cookie on every request and keeps no other cookies.</summary>
    public static HttpClient CreateSessionClient(this PlanckApiFactory api, string sessionToken)
    {
        var client = api.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", $"{Name}={sessionToken}");
        return client;
    }
}
