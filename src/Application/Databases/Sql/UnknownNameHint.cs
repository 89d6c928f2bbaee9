using System.Text.RegularExpressions;
using Planck.Application.Databases.Catalog;

namespace Planck.Application.Databases.Sql;

/// <summary>
/// Turns an engine's "no such column / table" error into a hint naming the nearest names the catalog really has, so the
/// model's next attempt can fix its query instead of guessing again.
/// </summary>
public static partial class UnknownNameHint
{
    private const int MostSuggestions = 3;

    /// <summary>"Did you mean orders.total_amount?" naming up to three catalog names, or null when the error names no unknown name or nothing is near.</summary>
    public static string? From(string engineErrorMessage, DatabaseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(engineErrorMessage);
        ArgumentNullException.ThrowIfNull(catalog);
        if (UnknownColumn().Match(engineErrorMessage) is { Success: true } column)
        {
            var (qualifier, name) = SplitLast(column.Groups["name"].Value);
            var candidates = catalog.Tables.SelectMany(table => table.Columns.Select(catalogColumn => new Candidate(
                $"{table.Name}.{catalogColumn.Name}",
                catalogColumn.Name,
                qualifier is not null && qualifier.Equals(table.Name, StringComparison.OrdinalIgnoreCase))));
            return Hint(name, candidates);
        }

        if (UnknownTable().Match(engineErrorMessage) is { Success: true } table)
        {
            var (_, name) = SplitLast(table.Groups["name"].Value);
            return Hint(name, catalog.Tables.Select(catalogTable => new Candidate(catalogTable.QualifiedName, catalogTable.Name, false)));
        }

        return null;
    }

    // PostgreSQL: column "x" does not exist, column t.x does not exist. MySQL and MariaDB: Unknown column 't.x' in 'field list'.
    // SQLite: no such column: t.x (Microsoft.Data.Sqlite wraps it as SQLite Error 1: 'no such column: x'.).
    [GeneratedRegex("""column "(?<name>[^"]+)"(?: of relation "[^"]+")? does not exist|column (?<name>[^\s"]+) does not exist|Unknown column '(?<name>[^']+)'|no such column: (?<name>[^\s']+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex UnknownColumn();

    // PostgreSQL: relation "x" does not exist. MySQL and MariaDB: Table 'db.x' doesn't exist. SQLite: no such table: main.x.
    [GeneratedRegex("""relation "(?<name>[^"]+)" does not exist|Table '(?<name>[^']+)' doesn't exist|no such table: (?<name>[^\s']+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex UnknownTable();

    private sealed record Candidate(string Display, string Key, bool InNamedTable);

    private static (string? Qualifier, string Name) SplitLast(string name)
    {
        var trimmed = name.TrimEnd('.').Replace("\"", string.Empty, StringComparison.Ordinal).Replace("`", string.Empty, StringComparison.Ordinal);
        var dot = trimmed.LastIndexOf('.');
        return dot < 0 ? (null, trimmed) : (trimmed[..dot], trimmed[(dot + 1)..]);
    }

    private static string? Hint(string unknown, IEnumerable<Candidate> candidates)
    {
        var wanted = unknown.ToLowerInvariant();
        var wantedWords = Words(wanted);
        var nearest = candidates
            .Select(candidate =>
            {
                var key = candidate.Key.ToLowerInvariant();
                var distance = EditDistance(wanted, key);
                var sharedWords = Words(key).Intersect(wantedWords).Count();
                var near = distance <= Math.Max(1, wanted.Length / 3) || sharedWords > 0
                    || (wanted.Length >= 3 && (key.Contains(wanted, StringComparison.Ordinal) || wanted.Contains(key, StringComparison.Ordinal)));
                // Shared words weigh more than letters: "total" is nearer total_amount than "tool".
                var score = distance - (2 * sharedWords) - (candidate.InNamedTable ? 1 : 0);
                return (candidate.Display, near, score);
            })
            .Where(scored => scored.near)
            .OrderBy(scored => scored.score)
            .ThenBy(scored => scored.Display, StringComparer.Ordinal)
            .Select(scored => scored.Display)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MostSuggestions)
            .ToList();

        return nearest.Count switch
        {
            0 => null,
            1 => $"Did you mean {nearest[0]}?",
            _ => $"Did you mean {string.Join(", ", nearest.SkipLast(1))} or {nearest[^1]}?",
        };
    }

    private static HashSet<string> Words(string name) =>
        name.Split(['_', '-', ' ', '.'], StringSplitOptions.RemoveEmptyEntries).Where(word => word.Length > 1).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment), because "emial"
    /// is one slip from "email", not two. Names are short, so the full table is cheap.
    /// </summary>
    internal static int EditDistance(string first, string second)
    {
        var distances = new int[first.Length + 1, second.Length + 1];
        for (var row = 0; row <= first.Length; row++)
        {
            distances[row, 0] = row;
        }

        for (var column = 0; column <= second.Length; column++)
        {
            distances[0, column] = column;
        }

        for (var row = 1; row <= first.Length; row++)
        {
            for (var column = 1; column <= second.Length; column++)
            {
                var cost = first[row - 1] == second[column - 1] ? 0 : 1;
                var best = Math.Min(distances[row - 1, column - 1] + cost, Math.Min(distances[row - 1, column], distances[row, column - 1]) + 1);
                if (row > 1 && column > 1 && first[row - 1] == second[column - 2] && first[row - 2] == second[column - 1])
                {
                    best = Math.Min(best, distances[row - 2, column - 2] + 1);
                }

                distances[row, column] = best;
            }
        }

        return distances[first.Length, second.Length];
    }
}
