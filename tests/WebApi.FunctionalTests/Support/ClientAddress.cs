using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Planck.WebApi.FunctionalTests.Support;

/// <summary>
/// The in-process test server gives every request the same (empty) client address. A derived server built with
/// <see cref="UseClientAddressHeader"/> takes the address from <see cref="Header"/> instead, so tests can act as
/// several clients. Only for test servers: the production pipeline has no such header.
/// </summary>
public static class ClientAddress
{
    public const string Header = "X-Test-Client-Address";

    /// <summary>A trusted reverse proxy's address in tests that configure one.</summary>
    public const string KnownProxy = "10.20.30.40";

    public static IWebHostBuilder UseClientAddressHeader(this IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, ClientAddressStartupFilter>());

    /// <summary>A server that trusts <see cref="KnownProxy"/>'s forwarded headers and takes connection addresses from <see cref="Header"/>.</summary>
    public static IWebHostBuilder UseKnownProxy(this IWebHostBuilder builder) =>
        builder.UseSetting("Planck:ForwardedHeaders:KnownProxies:0", KnownProxy).UseClientAddressHeader();

    /// <summary>
    /// A request whose connection comes from <paramref name="connection"/> and which carries the forwarded
    /// headers a proxy would add (when given), whether or not that connection is a proxy the server trusts.
    /// </summary>
    public static HttpRequestMessage Request(
        HttpMethod method, string path, string connection, string? forwardedFor = null, string? forwardedProto = null, object? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(Header, connection);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        if (json is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(json);
        }

        return request;
    }

    /// <summary>A sign-in relayed by the known proxy for a client at <paramref name="client"/>.</summary>
    public static HttpRequestMessage LoginThroughProxy(string client, string email, string password, string? forwardedProto = null) =>
        Request(HttpMethod.Post, "/api/v1/auth/login", KnownProxy, client, forwardedProto, new { email, password });

    private sealed class ClientAddressStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
            app =>
            {
                app.Use((context, nextMiddleware) =>
                {
                    if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
                    {
                        context.Connection.RemoteIpAddress = address;
                    }

                    return nextMiddleware(context);
                });
                next(app);
            };
    }
}
