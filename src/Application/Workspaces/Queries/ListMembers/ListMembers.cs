using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;
using Planck.Application.Common.Paging;
using Planck.Domain.Identity;

namespace Planck.Application.Workspaces.Queries.ListMembers;

[RequireRole(Role.Admin)]
public sealed record ListMembersQuery(Guid WorkspaceId, int Limit = Paging.DefaultLimit, int Offset = 0) : IQuery<Page<MemberDto>>, IPagedRequest;

public sealed class ListMembersHandler(IApplicationDbContext db) : IQueryHandler<ListMembersQuery, Page<MemberDto>>
{
    public async ValueTask<Page<MemberDto>> Handle(ListMembersQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Workspaces.AnyAsync(w => w.Id == query.WorkspaceId, cancellationToken))
        {
            throw new NotFoundException(WorkspaceRules.NotFound);
        }

        return await db.MembersPageAsync(query.WorkspaceId, query, cancellationToken);
    }
}

public sealed class ListMembersValidator : AbstractValidator<ListMembersQuery>
{
    public ListMembersValidator() => this.AddPagingRules();
}
