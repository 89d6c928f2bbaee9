using System.Globalization;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Paging;
using Planck.Domain.Audit;
using Planck.Domain.Identity;

namespace Planck.Application.Audit.Queries.ListAuditEntries;

/// <summary>
/// The audit trail, newest first. Filters arrive as the query string gave them and are checked here, so a bad one is
/// 400 naming the parameter. <see cref="Action"/> matches an action exactly or as a dotted prefix (<c>auth</c> matches
/// <c>auth.sign_in.failed</c>); <see cref="From"/> is inclusive and <see cref="To"/> exclusive (ISO 8601).
/// </summary>
[RequireRole(Role.Admin)]
public sealed record ListAuditEntriesQuery(
    string? ActorId = null, string? Action = null, string? WorkspaceId = null, string? From = null, string? To = null,
    int Limit = Paging.DefaultLimit, int Offset = 0) : IQuery<Page<AuditEntryDto>>, IPagedRequest;

public sealed record AuditActorDto(Guid? UserId, string? Display, string? Address);

public sealed record AuditTargetDto(string Type, string? Id);

public sealed record AuditEntryDto(
    Guid Id, DateTimeOffset At, AuditActorDto Actor, string Action, Guid? WorkspaceId, AuditTargetDto? Target, JsonElement? Details);

public sealed class ListAuditEntriesHandler(IApplicationDbContext db) : IQueryHandler<ListAuditEntriesQuery, Page<AuditEntryDto>>
{
    public async ValueTask<Page<AuditEntryDto>> Handle(ListAuditEntriesQuery query, CancellationToken cancellationToken)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (AuditFilters.Id(query.ActorId) is { } actorId)
        {
            entries = entries.Where(e => e.ActorId == actorId);
        }

        if (AuditFilters.Id(query.WorkspaceId) is { } workspaceId)
        {
            entries = entries.Where(e => e.WorkspaceId == workspaceId);
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = query.Action.Trim();
            var prefix = action + ".";
            entries = entries.Where(e => e.Action == action || e.Action.StartsWith(prefix));
        }

        if (AuditFilters.Time(query.From) is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }

        if (AuditFilters.Time(query.To) is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }

        var page = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToPageAsync(query, cancellationToken);
        return new Page<AuditEntryDto>(page.Data.Select(ToDto).ToList(), page.Count);
    }

    private static AuditEntryDto ToDto(AuditEntry entry) =>
        new(entry.Id, entry.At, new AuditActorDto(entry.ActorId, entry.ActorDisplay, entry.ActorAddress), entry.Action, entry.WorkspaceId,
            entry.TargetType is null ? null : new AuditTargetDto(entry.TargetType, entry.TargetId),
            entry.Details is null ? null : JsonDocument.Parse(entry.Details).RootElement.Clone());
}

public sealed class ListAuditEntriesValidator : AbstractValidator<ListAuditEntriesQuery>
{
    public ListAuditEntriesValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.ActorId).Must(v => v is null || AuditFilters.Id(v) is not null)
            .WithMessage("actor_id must be a user id (a UUID).");
        RuleFor(q => q.WorkspaceId).Must(v => v is null || AuditFilters.Id(v) is not null)
            .WithMessage("workspace_id must be a workspace id (a UUID).");
        RuleFor(q => q.Action).Must(v => v is null || (v.Trim().Length is > 0 and <= AuditEntry.MaxActionLength))
            .WithMessage($"action must be an action name or a dotted prefix of one, at most {AuditEntry.MaxActionLength} characters.");
        RuleFor(q => q.From).Must(v => v is null || AuditFilters.Time(v) is not null)
            .WithMessage("from must be an ISO 8601 time with a date, e.g. 2026-12-01 or 2026-12-01T08:00:00Z.");
        RuleFor(q => q.To).Must(v => v is null || AuditFilters.Time(v) is not null)
            .WithMessage("to must be an ISO 8601 time with a date, e.g. 2026-12-31 or 2026-12-31T18:00:00Z.");
        RuleFor(q => q).Must(q => AuditFilters.Time(q.From) is not { } from || AuditFilters.Time(q.To) is not { } to || from < to)
            .OverridePropertyName("to").WithMessage("to must be later than from.");
    }
}

internal static class AuditFilters
{
    public static Guid? Id(string? value) => Guid.TryParse(value?.Trim(), CultureInfo.InvariantCulture, out var id) ? id : null;

    private static readonly string[] IsoFormats =
        ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>An ISO 8601 date, or date and time; without an offset it is UTC.</summary>
    public static DateTimeOffset? Time(string? value) =>
        DateTimeOffset.TryParseExact(
            value?.Trim(), IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
}
