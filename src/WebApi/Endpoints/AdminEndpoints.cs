using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Planck.Application.Common.Paging;
using Planck.Application.Documents.Commands.ReindexDocuments;
using Planck.Application.Identity;
using Planck.Application.Identity.Commands.CreateUser;
using Planck.Application.Identity.Commands.IssueApiKey;
using Planck.Application.Identity.Commands.RevokeApiKey;
using Planck.Application.Identity.Commands.UpdateUser;
using Planck.Application.Identity.Queries.GetUserByEmail;
using Planck.Application.Identity.Queries.ListUsers;
using Planck.Application.Workspaces;
using Planck.Application.Workspaces.Commands.AddMembers;
using Planck.Application.Workspaces.Commands.CreateWorkspace;
using Planck.Application.Workspaces.Commands.DeleteWorkspace;
using Planck.Application.Workspaces.Commands.RemoveMember;
using Planck.Application.Workspaces.Commands.UpdateWorkspace;
using Planck.Application.Workspaces.Queries.ListMembers;
using Planck.WebApi.Http;

namespace Planck.WebApi.Endpoints;

/// <summary>Provisioning for Admins. Who may call is decided in the application layer (role Admin; 403 otherwise).</summary>
public static class AdminEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").WithTags("Admin");
        admin.MapGet("/users", ListUsers);
        admin.MapPost("/users", CreateUser);
        admin.MapGet("/users/by-email", GetUserByEmail);
        admin.MapPatch("/users/{userId}", UpdateUser);
        admin.MapPost("/users/{userId}/api-keys", IssueApiKey).CarriesCredentials();
        admin.MapDelete("/api-keys/{keyId}", RevokeApiKey);

        admin.MapPost("/workspaces", CreateWorkspace);
        admin.MapPatch("/workspaces/{workspaceId}", UpdateWorkspace);
        admin.MapDelete("/workspaces/{workspaceId}", DeleteWorkspace);
        admin.MapGet("/workspaces/{workspaceId}/members", ListMembers);
        admin.MapPost("/workspaces/{workspaceId}/members", AddMembers);
        admin.MapDelete("/workspaces/{workspaceId}/members/{userId}", RemoveMember);

        admin.MapPost("/reindex", Reindex);
    }

    public static async Task<Ok<Page<UserDto>>> ListUsers(ISender sender, CancellationToken cancellationToken, int? limit = null, int? offset = null) =>
        TypedResults.Ok(await sender.Send(new ListUsersQuery(limit ?? Paging.DefaultLimit, offset ?? 0), cancellationToken));

    public static async Task<Created<UserDto>> CreateUser(CreateUserRequest body, ISender sender, CancellationToken cancellationToken)
    {
        var user = await sender.Send(new CreateUserCommand(body.Email, body.Password, body.FullName, body.Role), cancellationToken);
        return TypedResults.Created($"/api/v1/admin/users/{user.Id}", user);
    }

    public static async Task<Ok<UserDto>> GetUserByEmail(ISender sender, CancellationToken cancellationToken, string? email = null) =>
        TypedResults.Ok(await sender.Send(new GetUserByEmailQuery(email), cancellationToken));

    public static async Task<Ok<UserDto>> UpdateUser(Guid userId, UpdateUserRequest body, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new UpdateUserCommand(userId, body.FullName, body.Role, body.IsActive, body.RestoreKeys), cancellationToken));

    public static async Task<Created<CreatedApiKeyDto>> IssueApiKey(Guid userId, NewApiKeyRequest body, ISender sender, CancellationToken cancellationToken)
    {
        var created = await sender.Send(new IssueApiKeyCommand(userId, body.Name, body.ExpiresAt), cancellationToken);
        return TypedResults.Created($"/api/v1/admin/api-keys/{created.Id}", created);
    }

    public static async Task<NoContent> RevokeApiKey(Guid keyId, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new RevokeApiKeyCommand(keyId), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Created<WorkspaceDto>> CreateWorkspace(WorkspaceRequest body, ISender sender, CancellationToken cancellationToken)
    {
        var workspace = await sender.Send(new CreateWorkspaceCommand(body.Name, body.Description), cancellationToken);
        return TypedResults.Created($"/api/v1/workspaces/{workspace.Id}", workspace);
    }

    public static async Task<Ok<WorkspaceDto>> UpdateWorkspace(Guid workspaceId, WorkspaceRequest body, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new UpdateWorkspaceCommand(workspaceId, body.Name, body.Description), cancellationToken));

    public static async Task<NoContent> DeleteWorkspace(Guid workspaceId, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteWorkspaceCommand(workspaceId), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<Page<MemberDto>>> ListMembers(
        Guid workspaceId, ISender sender, CancellationToken cancellationToken, int? limit = null, int? offset = null) =>
        TypedResults.Ok(await sender.Send(new ListMembersQuery(workspaceId, limit ?? Paging.DefaultLimit, offset ?? 0), cancellationToken));

    public static async Task<Ok<Page<MemberDto>>> AddMembers(Guid workspaceId, AddMembersRequest body, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new AddMembersCommand(workspaceId, body.UserIds), cancellationToken));

    public static async Task<NoContent> RemoveMember(Guid workspaceId, Guid userId, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new RemoveMemberCommand(workspaceId, userId), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Queues a workspace's documents (or all) for processing again; their passages keep serving meanwhile.</summary>
    public static async Task<Accepted<ReindexResultDto>> Reindex(ReindexRequest? body, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Accepted((string?)null, await sender.Send(new ReindexDocumentsCommand(body?.WorkspaceId), cancellationToken));
}
