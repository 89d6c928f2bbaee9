using System.Globalization;

namespace Planck.Application.Databases.Charts;

/// <summary>How a result cell is written for the browser, shared by the table block and the chart's inline data.</summary>
internal static class ResultCells
{
    /// <summary>A number cell as a double; null for anything else and for NaN or infinity, which JSON cannot carry.</summary>
    public static double? Number(object? cell)
    {
        double? number = cell switch
        {
            long value => value,
            int value => value,
            short value => value,
            byte value => value,
            ulong value => value,
            uint value => value,
            double value => value,
            float value => value,
            decimal value => (double)value,
            _ => null,
        };
        return number is { } finite && double.IsFinite(finite) ? finite : null;
    }

    /// <summary>A date as ISO <c>yyyy-MM-dd</c>; a date and time keeps only its date.</summary>
    public static string? Date(object? cell) => cell switch
    {
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dateTime => dateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset offset => offset.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>
    /// A date and time in ISO 8601, with a <c>Z</c> when the engine said UTC; fractions of a second only when there
    /// are any. A date alone stays a date.
    /// </summary>
    public static string? DateTimeText(object? cell) => cell switch
    {
        DateTime { Kind: DateTimeKind.Utc } utc => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        DateTime local => local.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset offset => offset.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>Any cell as text a person reads; bytes as hexadecimal.</summary>
    public static string? Text(object? cell) => cell switch
    {
        null => null,
        string text => text,
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        DateOnly or DateTime or DateTimeOffset => DateTimeText(cell),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };
}
