using FluentValidation;
using Mediator;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Paging;

namespace Planck.Application.Workspaces.Queries.ListWorkspaces;

[RequireAuthenticated]
public sealed record ListWorkspacesQuery(int Limit = Paging.DefaultLimit, int Offset = 0) : IQuery<Page<WorkspaceDto>>, IPagedRequest;

public sealed class ListWorkspacesHandler(IWorkspaceDirectory directory, ICurrentUser currentUser)
    : IQueryHandler<ListWorkspacesQuery, Page<WorkspaceDto>>
{
    public async ValueTask<Page<WorkspaceDto>> Handle(ListWorkspacesQuery query, CancellationToken cancellationToken) =>
        await directory.ListVisibleAsync(currentUser.Caller!, query, cancellationToken);
}

public sealed class ListWorkspacesValidator : AbstractValidator<ListWorkspacesQuery>
{
    public ListWorkspacesValidator() => this.AddPagingRules();
}
