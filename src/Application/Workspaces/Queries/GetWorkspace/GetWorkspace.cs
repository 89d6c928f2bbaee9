using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Workspaces.Queries.GetWorkspace;

public sealed record GetWorkspaceQuery(Guid WorkspaceId) : IQuery<WorkspaceDetailDto>, IWorkspaceScoped;

public sealed class GetWorkspaceHandler(IApplicationDbContext db) : IQueryHandler<GetWorkspaceQuery, WorkspaceDetailDto>
{
    public async ValueTask<WorkspaceDetailDto> Handle(GetWorkspaceQuery query, CancellationToken cancellationToken)
    {
        // Databases arrive with their own module; until then a workspace has none.
        var detail = await db.Workspaces.AsNoTracking()
            .Where(w => w.Id == query.WorkspaceId)
            .Select(w => new WorkspaceDetailDto(
                w.Id, w.Name, w.Description, w.CreatedAt, db.Documents.Count(d => d.WorkspaceId == w.Id), w.Members.Count, Array.Empty<DatabaseSummaryDto>()))
            .FirstOrDefaultAsync(cancellationToken);
        return detail ?? throw new NotFoundException(WorkspaceRules.NotFound);
    }
}
