using Microsoft.Extensions.Options;
using Planck.Application.Common.Abstractions;
using Planck.Infrastructure.Options;
using Planck.WebApi.Http;

namespace Planck.WebApi.Authentication;

/// <summary>
/// Cross-site request forgery defence for cookie sessions: an unsafe request that rides on the session cookie
/// (or tries to sign in) and whose <c>Sec-Fetch-Site</c> or <c>Origin</c> shows another site is refused with 403.
/// Same-origin requests and clients that send neither header (curl, integrations) pass untouched. API-key
/// requests are not ambient credentials and are not checked.
/// </summary>
public sealed class CrossSiteRequestGuard(RequestDelegate next, IOptions<PlanckOptions> options)
{
    public const string Refused = "Cross-site request refused: this request came from another site.";
    private readonly string? _publicOrigin = OriginOf(options.Value.PublicUrl);

    public Task InvokeAsync(HttpContext context)
    {
        if (IsSafeMethod(context.Request.Method) || !RidesOnSession(context) || IsSameSite(context))
        {
            return next(context);
        }

        return Problems.WriteAsync(context, StatusCodes.Status403Forbidden, Refused);
    }

    private static bool IsSafeMethod(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private static bool RidesOnSession(HttpContext context) =>
        context.GetCaller()?.Method == AuthenticationMethod.Session
        || context.Request.Path.StartsWithSegments("/api/v1/auth", StringComparison.OrdinalIgnoreCase);

    private bool IsSameSite(HttpContext context)
    {
        var fetchSite = context.Request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0 && fetchSite is not ("same-origin" or "none"))
        {
            return false;
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        var expected = _publicOrigin ?? $"{context.Request.Scheme}://{context.Request.Host.Value}";
        return string.Equals(OriginOf(origin), expected, StringComparison.OrdinalIgnoreCase);
    }

    private static string? OriginOf(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.GetLeftPart(UriPartial.Authority).TrimEnd('/')
            : null;
}
