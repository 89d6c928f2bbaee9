using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Planck.Application.Common.Paging;
using Planck.Application.Identity;
using Planck.Application.Identity.Commands.ChangePassword;
using Planck.Application.Identity.Commands.CreateMyApiKey;
using Planck.Application.Identity.Commands.Login;
using Planck.Application.Identity.Commands.Logout;
using Planck.Application.Identity.Commands.RevokeMyApiKey;
using Planck.Application.Identity.Queries.GetCurrentUser;
using Planck.Application.Identity.Queries.ListMyApiKeys;
using Planck.WebApi.Authentication;
using Planck.WebApi.Http;

namespace Planck.WebApi.Endpoints;

public static class IdentityEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Authentication").AllowAnonymous().CarriesCredentials();
        auth.MapPost("/login", Login);
        auth.MapPost("/logout", Logout);

        var me = api.MapGroup("/users/me").WithTags("Users").CarriesCredentials();
        me.MapGet("", GetMe);
        me.MapPost("/password", ChangePassword);
        me.MapGet("/api-keys", ListMyApiKeys);
        me.MapPost("/api-keys", CreateMyApiKey);
        me.MapDelete("/api-keys/{keyId}", RevokeMyApiKey);
    }

    public static async Task<Ok<UserDto>> Login(
        LoginRequest body, HttpContext context, ISender sender, TransportSecurity transport, CancellationToken cancellationToken)
    {
        var result = await sender.Send(
            new LoginCommand(body.Email, body.Password, context.Connection.RemoteIpAddress?.ToString()), cancellationToken);
        context.Response.Cookies.Append(PlanckAuthenticationHandler.SessionCookie, result.SessionToken, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = transport.IsSecure(context.Request),
            Path = "/",
            Expires = result.ExpiresAt,
            IsEssential = true,
        });
        return TypedResults.Ok(result.User);
    }

    public static async Task<NoContent> Logout(HttpContext context, ISender sender, TransportSecurity transport, CancellationToken cancellationToken)
    {
        context.Request.Cookies.TryGetValue(PlanckAuthenticationHandler.SessionCookie, out var token);
        await sender.Send(new LogoutCommand(token), cancellationToken);
        context.Response.Cookies.Delete(PlanckAuthenticationHandler.SessionCookie, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = transport.IsSecure(context.Request),
            Path = "/",
        });
        return TypedResults.NoContent();
    }

    public static async Task<Ok<UserDto>> GetMe(ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetCurrentUserQuery(), cancellationToken));

    public static async Task<NoContent> ChangePassword(
        ChangePasswordRequest body, HttpContext context, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(
            new ChangePasswordCommand(body.CurrentPassword, body.NewPassword, context.Connection.RemoteIpAddress?.ToString()), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<Page<ApiKeyDto>>> ListMyApiKeys(ISender sender, CancellationToken cancellationToken, int? limit = null, int? offset = null) =>
        TypedResults.Ok(await sender.Send(new ListMyApiKeysQuery(limit ?? Paging.DefaultLimit, offset ?? 0), cancellationToken));

    public static async Task<Created<CreatedApiKeyDto>> CreateMyApiKey(NewApiKeyRequest body, ISender sender, CancellationToken cancellationToken)
    {
        var created = await sender.Send(new CreateMyApiKeyCommand(body.Name, body.ExpiresAt), cancellationToken);
        return TypedResults.Created($"/api/v1/users/me/api-keys/{created.Id}", created);
    }

    public static async Task<NoContent> RevokeMyApiKey(Guid keyId, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new RevokeMyApiKeyCommand(keyId), cancellationToken);
        return TypedResults.NoContent();
    }
}
