using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Planck.Domain.Chat;

namespace Planck.Application.Chat.Usage;

/// <summary>What was used on one UTC day.</summary>
public sealed record UsageDayDto(DateOnly Day, int Answers, long Credits, long InputTokens, long OutputTokens);

/// <summary>Daily totals, days ascending and only days with usage; <see cref="Count"/> is the number of days listed.</summary>
public sealed record UsageReportDto(IReadOnlyList<UsageDayDto> Data, int Count, long TotalCredits);

/// <summary>A usage request's days (the API's <c>from</c> and <c>to</c>): both inclusive, either or both left out for the default.</summary>
public interface IUsageRange
{
    DateOnly? FirstDay { get; }
    DateOnly? LastDay { get; }
}

public static class UsageReports
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;

    /// <summary>The days a request covers: <c>to</c> defaults to today (UTC), <c>from</c> to the <see cref="DefaultDays"/> days ending at <c>to</c>.</summary>
    public static (DateOnly From, DateOnly To) Resolve(IUsageRange range, TimeProvider clock)
    {
        var to = range.LastDay ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return (range.FirstDay ?? DateOnly.FromDayNumber(Math.Max(0, to.DayNumber + 1 - DefaultDays)), to);
    }

    public static void AddUsageRangeRules<T>(this AbstractValidator<T> validator, TimeProvider clock)
        where T : IUsageRange =>
        validator.RuleFor(r => r).Custom((request, context) =>
        {
            var (from, to) = Resolve(request, clock);
            var days = to.DayNumber - from.DayNumber + 1;
            if (from > to)
            {
                context.AddFailure("from", $"from ({from:yyyy-MM-dd}) must not be after to ({to:yyyy-MM-dd}).");
            }
            else if (days > MaxDays)
            {
                context.AddFailure("from", $"A usage report covers at most {MaxDays} days; {from:yyyy-MM-dd} to {to:yyyy-MM-dd} is {days} days.");
            }
        });

    /// <summary>Totals the entries by day, in the database: a year of a busy server is many rows but at most 366 days.</summary>
    public static async Task<UsageReportDto> ByDayAsync(IQueryable<UsageEntry> entries, (DateOnly From, DateOnly To) range, CancellationToken cancellationToken)
    {
        var (from, to) = range;
        var days = await entries
            .Where(e => e.Day >= from && e.Day <= to)
            .GroupBy(e => e.Day)
            .OrderBy(g => g.Key)
            .Select(g => new UsageDayDto(
                g.Key, g.Count(), g.Sum(e => (long)e.Credits), g.Sum(e => (long)e.InputTokens), g.Sum(e => (long)e.OutputTokens)))
            .ToListAsync(cancellationToken);
        return new UsageReportDto(days, days.Count, days.Sum(d => d.Credits));
    }
}
