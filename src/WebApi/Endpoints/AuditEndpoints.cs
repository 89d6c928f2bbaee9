using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Planck.Application.Audit.Queries.ListAuditEntries;
using Planck.Application.Common.Paging;

namespace Planck.WebApi.Endpoints;

/// <summary>The audit trail for Admins, newest first; the filters are checked by the query (400 naming a bad one).</summary>
public static class AuditEndpoints
{
    public static void Map(RouteGroupBuilder api) => api.MapGet("/admin/audit", ListAuditEntries).WithTags("Admin");

    public static async Task<Ok<Page<AuditEntryDto>>> ListAuditEntries(
        ISender sender, CancellationToken cancellationToken,
        [FromQuery(Name = "actor_id")] string? actorId = null,
        string? action = null,
        [FromQuery(Name = "workspace_id")] string? workspaceId = null,
        string? from = null, string? to = null, int? limit = null, int? offset = null) =>
        TypedResults.Ok(await sender.Send(
            new ListAuditEntriesQuery(actorId, action, workspaceId, from, to, limit ?? Paging.DefaultLimit, offset ?? 0), cancellationToken));
}
