using System.Data.Common;
using System.Globalization;
using Planck.Application.Databases.Catalog;

namespace Planck.Infrastructure.Databases;

/// <summary>What profiling looks for in a column.</summary>
internal enum ProfileShape
{
    None,
    /// <summary>A text column: its values, when there are few.</summary>
    DistinctValues,
    /// <summary>A number or date column: its smallest and largest value.</summary>
    Range,
}

/// <summary>
/// Profiles catalog columns with small SQL every engine understands, over at most <see cref="SampledRows"/> rows of each
/// table so a huge table costs no more than a small one. It stops where the budget runs out and returns the tables with
/// whatever was profiled by then: a partial profile is still a good catalog.
/// </summary>
internal static class CatalogProfiler
{
    public const int SampledRows = 100_000;

    // A long value says little about the column and would crowd the model's context.
    private const int MaxValueLength = 100;

    public static async Task<List<CatalogTable>> ProfileAsync(
        DbConnection connection,
        IReadOnlyList<CatalogTable> tables,
        Func<string, string> quote,
        Func<CatalogTable, CatalogColumn, ProfileShape> shapeOf,
        int distinctValues,
        CancellationToken budget,
        CancellationToken cancellationToken)
    {
        var profiled = new List<CatalogTable>(tables.Count);
        foreach (var table in tables)
        {
            if (budget.IsCancellationRequested)
            {
                profiled.Add(table);
                continue;
            }

            try
            {
                profiled.Add(await ProfileTableAsync(connection, table, quote, shapeOf, distinctValues, budget));
            }
            catch (Exception failed) when (failed is DbException or OperationCanceledException or InvalidOperationException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // A table the role cannot read in full, or the budget ran out inside it: keep it unprofiled.
                profiled.Add(table);
            }
        }

        return profiled;
    }

    private static async Task<CatalogTable> ProfileTableAsync(
        DbConnection connection, CatalogTable table, Func<string, string> quote, Func<CatalogTable, CatalogColumn, ProfileShape> shapeOf,
        int distinctValues, CancellationToken budget)
    {
        var from = table.Schema is null ? quote(table.Name) : $"{quote(table.Schema)}.{quote(table.Name)}";
        // A table the statistics call small is read as it is: a sample behind LIMIT is a derived table that MySQL and
        // MariaDB copy in full before reading it, once per query.
        var small = table.Kind == CatalogTableKind.Table && table.ApproximateRows <= SampledRows;
        string Source(string columns) => small ? from : Invariant($"(SELECT {columns} FROM {from} LIMIT {SampledRows}) sampled");
        var profiles = new Dictionary<string, ColumnProfile>(StringComparer.Ordinal);
        // Keys are identifiers: their range or values tell the model nothing about the data.
        var keys = table.PrimaryKey.Concat(table.ForeignKeys.SelectMany(k => k.Columns)).ToHashSet(StringComparer.Ordinal);
        ProfileShape Shape(CatalogColumn column) => keys.Contains(column.Name) ? ProfileShape.None : shapeOf(table, column);

        var ranged = table.Columns.Where(c => Shape(c) == ProfileShape.Range).ToList();
        if (ranged.Count > 0)
        {
            var list = string.Join(", ", ranged.Select(c => quote(c.Name)));
            var bounds = string.Join(", ", ranged.Select(c => $"MIN({quote(c.Name)}), MAX({quote(c.Name)})"));
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {bounds} FROM {Source(list)}";
            await using var reader = await command.ExecuteReaderAsync(budget);
            if (await reader.ReadAsync(budget))
            {
                for (var i = 0; i < ranged.Count; i++)
                {
                    var min = Text(reader.GetValue(2 * i));
                    var max = Text(reader.GetValue((2 * i) + 1));
                    if (min is not null || max is not null)
                    {
                        profiles[ranged[i].Name] = new ColumnProfile(null, min, max);
                    }
                }
            }
        }

        foreach (var column in distinctValues == 0 ? [] : table.Columns.Where(c => Shape(c) == ProfileShape.DistinctValues))
        {
            var name = quote(column.Name);
            await using var command = connection.CreateCommand();
            // DISTINCT with LIMIT lets the engine stop at the first value too many, so a column of many values costs a few rows.
            command.CommandText = Invariant($"SELECT DISTINCT {name} FROM {Source(name)} WHERE {name} IS NOT NULL LIMIT {distinctValues + 1}");
            var values = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(budget))
            {
                while (await reader.ReadAsync(budget))
                {
                    values.Add(Text(reader.GetValue(0)) ?? string.Empty);
                }
            }

            values.Sort(StringComparer.Ordinal);
            if (values.Count is > 0 && values.Count <= distinctValues && values.All(v => v.Length <= MaxValueLength))
            {
                profiles[column.Name] = new ColumnProfile(values, null, null);
            }
        }

        return profiles.Count == 0
            ? table
            : table with { Columns = table.Columns.Select(c => profiles.TryGetValue(c.Name, out var p) ? c with { Profile = p } : c).ToList() };
    }

    /// <summary>A profiled value as invariant text: ISO dates, invariant numbers.</summary>
    public static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string text => text,
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime { TimeOfDay.Ticks: 0 } date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dateTime => dateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset offset => offset.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
