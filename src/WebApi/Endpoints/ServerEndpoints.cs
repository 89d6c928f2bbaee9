using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Planck.Application.Server.Queries.GetAdminServerInfo;
using Planck.Application.Server.Queries.GetServerConfig;

namespace Planck.WebApi.Endpoints;

public static class ServerEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/config", GetConfig).WithTags("Server").AllowAnonymous();
        api.MapGet("/admin/server", GetAdminServerInfo).WithTags("Admin");
    }

    public static async Task<Ok<ServerConfigDto>> GetConfig(ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetServerConfigQuery(), cancellationToken));

    public static async Task<Ok<AdminServerInfoDto>> GetAdminServerInfo(ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetAdminServerInfoQuery(), cancellationToken));
}
