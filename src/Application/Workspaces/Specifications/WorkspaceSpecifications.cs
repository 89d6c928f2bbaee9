using Ardalis.Specification;
using Planck.Application.Common.Abstractions;
using Planck.Domain.Workspaces;

namespace Planck.Application.Workspaces.Specifications;

/// <summary>The workspaces a caller may see (an Admin sees all), by name.</summary>
public sealed class WorkspacesVisibleToSpec : Specification<Workspace>
{
    public WorkspacesVisibleToSpec(Caller caller)
    {
        if (!caller.IsAdmin)
        {
            var userId = caller.UserId;
            Query.Where(w => w.Members.Any(m => m.UserId == userId));
        }

        Query.OrderBy(w => w.Name).ThenBy(w => w.Id).AsNoTracking();
    }
}

public sealed class WorkspaceWithMembersSpec : SingleResultSpecification<Workspace>
{
    public WorkspaceWithMembersSpec(Guid workspaceId) => Query.Where(w => w.Id == workspaceId).Include(w => w.Members);
}
