using FluentValidation;
using Mediator;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Paging;
using Planck.Application.Identity.Specifications;

namespace Planck.Application.Identity.Queries.ListMyApiKeys;

/// <summary>The caller's keys that are not revoked, newest first. The secret is never part of it.</summary>
[RequireSession]
public sealed record ListMyApiKeysQuery(int Limit = Paging.DefaultLimit, int Offset = 0) : IQuery<Page<ApiKeyDto>>, IPagedRequest;

public sealed class ListMyApiKeysHandler(IApplicationDbContext db, ISpecificationEvaluator evaluator, ICurrentUser currentUser)
    : IQueryHandler<ListMyApiKeysQuery, Page<ApiKeyDto>>
{
    public async ValueTask<Page<ApiKeyDto>> Handle(ListMyApiKeysQuery query, CancellationToken cancellationToken) =>
        await evaluator.Apply(db.ApiKeys, new ApiKeysOfUserSpec(currentUser.Caller!.UserId)).ProjectToDto().ToPageAsync(query, cancellationToken);
}

public sealed class ListMyApiKeysValidator : AbstractValidator<ListMyApiKeysQuery>
{
    public ListMyApiKeysValidator() => this.AddPagingRules();
}
