using Ardalis.Specification;
using Planck.Domain.Workspaces;

namespace Planck.Application.Workspaces.Specifications;

public sealed class WorkspaceWithMembersSpec : SingleResultSpecification<Workspace>
{
    public WorkspaceWithMembersSpec(Guid workspaceId) => Query.Where(w => w.Id == workspaceId).Include(w => w.Members);
}
