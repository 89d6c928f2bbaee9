using FluentValidation;
using Mediator;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;

namespace Planck.Application.Chat.Usage.Queries.GetMyUsage;

/// <summary>The caller's own usage by UTC day. Open to API keys: an integration may watch what it spends.</summary>
[RequireAuthenticated]
public sealed record GetMyUsageQuery(DateOnly? FirstDay, DateOnly? LastDay) : IQuery<UsageReportDto>, IUsageRange;

public sealed class GetMyUsageHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock) : IQueryHandler<GetMyUsageQuery, UsageReportDto>
{
    public async ValueTask<UsageReportDto> Handle(GetMyUsageQuery query, CancellationToken cancellationToken)
    {
        var callerId = currentUser.Caller!.UserId;
        return await UsageReports.ByDayAsync(db.UsageEntries.Where(e => e.UserId == callerId), UsageReports.Resolve(query, clock), cancellationToken);
    }
}

public sealed class GetMyUsageValidator : AbstractValidator<GetMyUsageQuery>
{
    public GetMyUsageValidator(TimeProvider clock) => this.AddUsageRangeRules(clock);
}
