using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Planck.Application.Common.Abstractions;
using Planck.WebApi.Http;

namespace Planck.WebApi.Authentication;

/// <summary>
/// One scheme for both credentials: an <c>X-API-Key</c> header wins; without one, the session cookie is used.
/// A key that is present but bad fails outright (no fallback to the cookie), so a client always learns its key is wrong.
/// </summary>
public sealed class PlanckAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ICredentialValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Planck";
    public const string ApiKeyHeader = "X-API-Key";
    public const string SessionCookie = "planck_session";
    public const string InvalidCredentials = "Invalid or missing API key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        Caller? caller;
        if (Request.Headers.TryGetValue(ApiKeyHeader, out var keys))
        {
            caller = keys.Count == 1 ? await validator.ValidateApiKeyAsync(keys[0]!.Trim(), Context.RequestAborted) : null;
        }
        else if (Request.Cookies.TryGetValue(SessionCookie, out var token))
        {
            caller = await validator.ValidateSessionAsync(token, Context.RequestAborted);
        }
        else
        {
            return AuthenticateResult.NoResult();
        }

        if (caller is null)
        {
            return AuthenticateResult.Fail(InvalidCredentials);
        }

        Context.Features.Set(caller);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, caller.UserId.ToString()), new Claim(ClaimTypes.Role, caller.Role.ToString())],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, InvalidCredentials);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "You do not have permission to do this.");
}

public static class CallerExtensions
{
    public static Caller? GetCaller(this HttpContext context) => context.Features.Get<Caller>();

    /// <summary>Hands the authenticated caller to the application layer for the rest of the request.</summary>
    public static IApplicationBuilder UseCallerForApplication(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var currentUser = context.RequestServices.GetRequiredService<CurrentUser>();
            currentUser.Caller = context.GetCaller();
            // After the forwarded-headers middleware: a trusted proxy's client, never an untrusted X-Forwarded-For.
            currentUser.ClientAddress = context.Connection.RemoteIpAddress?.ToString();
            return next(context);
        });
}
