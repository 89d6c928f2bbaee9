using FluentValidation;
using Mediator;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Domain.Identity;

namespace Planck.Application.Chat.Usage.Queries.GetUsage;

/// <summary>Everyone's usage by UTC day, optionally narrowed to one user and/or one workspace (which may since have been deleted).</summary>
[RequireRole(Role.Admin)]
public sealed record GetUsageQuery(DateOnly? FirstDay, DateOnly? LastDay, Guid? UserId, Guid? WorkspaceId) : IQuery<UsageReportDto>, IUsageRange;

public sealed class GetUsageHandler(IApplicationDbContext db, TimeProvider clock) : IQueryHandler<GetUsageQuery, UsageReportDto>
{
    public async ValueTask<UsageReportDto> Handle(GetUsageQuery query, CancellationToken cancellationToken)
    {
        var entries = db.UsageEntries.AsQueryable();
        if (query.UserId is { } userId)
        {
            entries = entries.Where(e => e.UserId == userId);
        }

        if (query.WorkspaceId is { } workspaceId)
        {
            entries = entries.Where(e => e.WorkspaceId == workspaceId);
        }

        return await UsageReports.ByDayAsync(entries, UsageReports.Resolve(query, clock), cancellationToken);
    }
}

public sealed class GetUsageValidator : AbstractValidator<GetUsageQuery>
{
    public GetUsageValidator(TimeProvider clock) => this.AddUsageRangeRules(clock);
}
