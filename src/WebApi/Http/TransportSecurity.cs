using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Planck.Infrastructure.Options;

namespace Planck.WebApi.Http;

/// <summary>
/// Running behind a reverse proxy. Only the proxies named in <c>Planck:ForwardedHeaders</c> are believed about
/// the client's address (<c>X-Forwarded-For</c>) and scheme (<c>X-Forwarded-Proto</c>); from anyone else the
/// headers are ignored. Rate limiting and sign-in throttling then count the real client rather than the proxy.
/// A request that is https (directly, through a known proxy, or because <c>Planck:PublicUrl</c> is https) gets
/// the session cookie marked Secure and an HSTS header on its response.
/// </summary>
public sealed class TransportSecurity(IOptions<PlanckOptions> options)
{
    /// <summary>A year, without includeSubDomains or preload: other hosts under the same domain are not ours to commit.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    private readonly bool _publicUrlIsHttps =
        Uri.TryCreate(options.Value.PublicUrl, UriKind.Absolute, out var publicUrl) && publicUrl.Scheme == Uri.UriSchemeHttps;

    /// <summary>Whether the browser reached us over TLS, as far as this server can tell (after forwarded headers).</summary>
    public bool IsSecure(HttpRequest request) => request.IsHttps || _publicUrlIsHttps;
}

public static class TransportSecurityExtensions
{
    /// <summary>Registers the trusted proxies; refuses to start on an entry that is not an address or network.</summary>
    public static IServiceCollection AddPlanckTransportSecurity(this IServiceCollection services, ForwardedHeadersSettings settings)
    {
        var proxies = Entries(settings.KnownProxies)
            .Select(entry => IPAddress.TryParse(entry, out var address)
                ? address
                : throw new InvalidOperationException(
                    $"Planck:ForwardedHeaders:KnownProxies has \"{entry}\", which is not an IP address (for a range use Planck:ForwardedHeaders:KnownNetworks)."))
            .ToList();
        var networks = Entries(settings.KnownNetworks)
            .Select(entry => System.Net.IPNetwork.TryParse(entry, out var network)
                ? network
                : throw new InvalidOperationException(
                    $"Planck:ForwardedHeaders:KnownNetworks has \"{entry}\", which is not a network in CIDR notation such as 10.0.0.0/8."))
            .ToList();

        services.AddSingleton<TransportSecurity>();
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // The framework trusts loopback by default; here only what the operator named is trusted, so a
            // proxy on the same host is listed as 127.0.0.1 or ::1 like any other.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            proxies.ForEach(forwarded.KnownProxies.Add);
            networks.ForEach(forwarded.KnownIPNetworks.Add);

            // Walk back through a chain of known proxies to the first address that is not one: that is the client.
            forwarded.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>
    /// Forwarded headers first, so everything after (rate limiting, throttling, the cross-site check, cookies)
    /// sees the client's address and scheme; then HSTS on every response that is https.
    /// </summary>
    public static IApplicationBuilder UsePlanckTransportSecurity(this IApplicationBuilder app)
    {
        var forwarded = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        if (forwarded.KnownProxies.Count > 0 || forwarded.KnownIPNetworks.Count > 0)
        {
            // Without a configured proxy the middleware is left out entirely: it would otherwise believe the
            // headers on connections that have no remote address.
            app.UseForwardedHeaders();
        }

        var security = app.ApplicationServices.GetRequiredService<TransportSecurity>();
        return app.Use((context, next) =>
        {
            if (security.IsSecure(context.Request))
            {
                // At start, so an error response (whose headers the exception handler clears) carries it too.
                context.Response.OnStarting(
                    static state =>
                    {
                        ((HttpResponse)state).Headers.StrictTransportSecurity = TransportSecurity.StrictTransportSecurity;
                        return Task.CompletedTask;
                    },
                    context.Response);
            }

            return next(context);
        });
    }

    private static IEnumerable<string> Entries(IEnumerable<string> configured) =>
        configured.SelectMany(entry => entry.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
