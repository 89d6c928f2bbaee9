using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Planck.Application.Server.Queries.GetServerConfig;

namespace Planck.WebApi.Endpoints;

public static class ServerEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/config", GetConfig).WithTags("Server").AllowAnonymous();

    public static async Task<Ok<ServerConfigDto>> GetConfig(ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetServerConfigQuery(), cancellationToken));
}
