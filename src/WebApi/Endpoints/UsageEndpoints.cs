using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Planck.Application.Chat.Usage;
using Planck.Application.Chat.Usage.Queries.GetMyUsage;
using Planck.Application.Chat.Usage.Queries.GetUsage;
using Planck.Application.Common.Exceptions;

namespace Planck.WebApi.Endpoints;

/// <summary>Credits and tokens by UTC day: the caller's own, and (for Admins) everyone's.</summary>
public static class UsageEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/users/me/usage", GetMyUsage).WithTags("Users");
        api.MapGet("/admin/usage", GetUsage).WithTags("Admin");
    }

    public static async Task<Ok<UsageReportDto>> GetMyUsage(ISender sender, CancellationToken cancellationToken, string? from = null, string? to = null) =>
        TypedResults.Ok(await sender.Send(new GetMyUsageQuery(Day(from, nameof(from)), Day(to, nameof(to))), cancellationToken));

    public static async Task<Ok<UsageReportDto>> GetUsage(
        ISender sender, CancellationToken cancellationToken, string? from = null, string? to = null,
        [FromQuery(Name = "user_id")] Guid? userId = null,
        [FromQuery(Name = "workspace_id")] Guid? workspaceId = null) =>
        TypedResults.Ok(await sender.Send(new GetUsageQuery(Day(from, nameof(from)), Day(to, nameof(to)), userId, workspaceId), cancellationToken));

    /// <summary>Days are written as ISO dates only, so a report never depends on the server's culture or time zone.</summary>
    private static DateOnly? Day(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new RequestValidationException(field, $"{field} must be a date written YYYY-MM-DD; got \"{(value.Length <= 40 ? value : value[..40] + "…")}\".");
    }
}
