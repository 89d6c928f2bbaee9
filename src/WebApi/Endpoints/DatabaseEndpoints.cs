using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Planck.Application.Databases;
using Planck.Application.Databases.Commands;
using Planck.Application.Databases.Queries;
using Planck.Application.Databases.WorkspaceContexts;

namespace Planck.WebApi.Endpoints;

/// <summary>Connected databases and the workspace context: Admins connect and describe, members read.</summary>
public static class DatabaseEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/workspaces/{workspaceId}").WithTags("Databases");
        admin.MapPost("/databases", Connect);
        admin.MapPatch("/databases/{databaseId}", Update);
        admin.MapPost("/databases/{databaseId}/refresh", Refresh);
        admin.MapDelete("/databases/{databaseId}", Delete);
        admin.MapPut("/context", ReplaceContext).WithTags("Workspace context");

        var members = api.MapGroup("/workspaces/{workspaceId}").WithTags("Databases");
        members.MapGet("/databases", List);
        members.MapGet("/databases/{databaseId}/schema", Schema);
        members.MapGet("/context", GetContext).WithTags("Workspace context");
    }

    public static async Task<Created<DatabaseDto>> Connect(Guid workspaceId, ConnectDatabaseRequest? body, ISender sender, CancellationToken cancellationToken)
    {
        var database = await sender.Send(
            new ConnectDatabaseCommand(workspaceId, body?.Name, body?.Type, body?.ConnectionString, body?.Description), cancellationToken);
        return TypedResults.Created($"/api/v1/workspaces/{workspaceId}/databases/{database.Id}/schema", database);
    }

    public static async Task<Ok<DatabaseDto>> Update(
        Guid workspaceId, Guid databaseId, UpdateDatabaseRequest? body, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(
            new UpdateDatabaseCommand(workspaceId, databaseId, body?.Name, body?.Description, body?.ConnectionString), cancellationToken));

    public static async Task<Ok<DatabaseDto>> Refresh(Guid workspaceId, Guid databaseId, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new RefreshDatabaseCommand(workspaceId, databaseId), cancellationToken));

    public static async Task<NoContent> Delete(Guid workspaceId, Guid databaseId, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteDatabaseCommand(workspaceId, databaseId), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<DatabaseListDto>> List(Guid workspaceId, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ListDatabasesQuery(workspaceId), cancellationToken));

    public static async Task<Ok<DatabaseSchemaDto>> Schema(Guid workspaceId, Guid databaseId, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetDatabaseSchemaQuery(workspaceId, databaseId), cancellationToken));

    public static async Task<Ok<WorkspaceContextDto>> GetContext(Guid workspaceId, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetWorkspaceContextQuery(workspaceId), cancellationToken));

    public static async Task<Ok<WorkspaceContextDto>> ReplaceContext(
        Guid workspaceId, WorkspaceContextDto? body, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new ReplaceWorkspaceContextCommand(workspaceId, body), cancellationToken));
}
