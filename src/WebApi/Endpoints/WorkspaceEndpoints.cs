using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Planck.Application.Common.Paging;
using Planck.Application.Workspaces;
using Planck.Application.Workspaces.Queries.GetWorkspace;
using Planck.Application.Workspaces.Queries.ListWorkspaces;

namespace Planck.WebApi.Endpoints;

public static class WorkspaceEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var workspaces = api.MapGroup("/workspaces").WithTags("Workspaces");
        workspaces.MapGet("", ListWorkspaces);
        workspaces.MapGet("/{workspaceId}", GetWorkspace);
    }

    public static async Task<Ok<Page<WorkspaceDto>>> ListWorkspaces(ISender sender, CancellationToken cancellationToken, int? limit = null, int? offset = null) =>
        TypedResults.Ok(await sender.Send(new ListWorkspacesQuery(limit ?? Paging.DefaultLimit, offset ?? 0), cancellationToken));

    public static async Task<Ok<WorkspaceDetailDto>> GetWorkspace(Guid workspaceId, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetWorkspaceQuery(workspaceId), cancellationToken));
}
