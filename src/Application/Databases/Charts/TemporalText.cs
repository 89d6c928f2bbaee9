using System.Globalization;

namespace Planck.Application.Databases.Charts;

/// <summary>
/// Times for charts: text that is an ISO date or time (SQLite keeps dates as text, and month buckets come back as
/// <c>2024-01</c>), written back in a form every browser parses as UTC, and the utc time units Vega-Lite knows.
/// </summary>
internal static class TemporalText
{
    private static readonly string[] DateOnlyFormats = ["yyyy-MM-dd", "yyyy-MM"];

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    private const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    public static bool IsDateOnly(string text) =>
        DateTime.TryParseExact(text, DateOnlyFormats, CultureInfo.InvariantCulture, Utc, out _);

    /// <summary>The text as a UTC moment; a time without a zone is taken as UTC.</summary>
    public static bool TryParse(string text, out DateTime moment) =>
        DateTime.TryParseExact(text, DateOnlyFormats, CultureInfo.InvariantCulture, Utc, out moment)
        || DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, Utc, out moment);

    /// <summary>
    /// <c>yyyy-MM-dd</c> for a date (browsers parse it as UTC midnight), else ISO 8601 with <c>Z</c>: without it a
    /// browser would read the time in its own zone.
    /// </summary>
    public static string Format(DateTime utc, bool dateOnly) => dateOnly
        ? utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>The Vega-Lite utc time unit for a preferred unit, or null for one it does not name.</summary>
    public static string? UtcUnit(string? unit) => unit?.Trim().ToLowerInvariant() switch
    {
        "year" => "utcyear",
        "quarter" => "utcyearquarter",
        "month" => "utcyearmonth",
        "week" => "utcyearweek",
        "day" or "date" => "utcyearmonthdate",
        "hour" => "utcyearmonthdatehours",
        _ => null,
    };

    /// <summary>The start of the unit the moment falls in; weeks start on Sunday, as Vega-Lite's do.</summary>
    public static DateTime Truncate(DateTime utc, string unit) => unit.Trim().ToLowerInvariant() switch
    {
        "year" => new DateTime(utc.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        "quarter" => new DateTime(utc.Year, (((utc.Month - 1) / 3) * 3) + 1, 1, 0, 0, 0, DateTimeKind.Utc),
        "month" => new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc),
        "week" => utc.Date.AddDays(-(int)utc.DayOfWeek),
        "hour" => new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc),
        _ => utc.Date,
    };
}
