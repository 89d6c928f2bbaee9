using FluentValidation;
using Mediator;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Paging;
using Planck.Application.Identity.Specifications;
using Planck.Domain.Identity;

namespace Planck.Application.Identity.Queries.ListUsers;

[RequireRole(Role.Admin)]
public sealed record ListUsersQuery(int Limit = Paging.DefaultLimit, int Offset = 0) : IQuery<Page<UserDto>>, IPagedRequest;

public sealed class ListUsersHandler(IApplicationDbContext db, ISpecificationEvaluator evaluator) : IQueryHandler<ListUsersQuery, Page<UserDto>>
{
    public async ValueTask<Page<UserDto>> Handle(ListUsersQuery query, CancellationToken cancellationToken) =>
        await evaluator.Apply(db.Users, new UsersOrderedSpec()).ProjectToDto().ToPageAsync(query, cancellationToken);
}

public sealed class ListUsersValidator : AbstractValidator<ListUsersQuery>
{
    public ListUsersValidator() => this.AddPagingRules();
}
