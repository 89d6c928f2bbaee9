using System.Globalization;
using Microsoft.Data.Sqlite;
using Planck.Application.Databases.Catalog;

namespace Planck.Infrastructure.Databases.Sqlite;

/// <summary>
/// Reads a SQLite file's tables and views from <c>sqlite_schema</c> and the read-only table-valued pragmas, on a
/// connection that already carries the read-only authorizer.
/// </summary>
internal static class SqliteCatalogReader
{
    // Counting is the only way to size a table without statistics; past this many rows it stops and says "at least".
    private const int CountedRows = 1_000_000;

    public static async Task<List<CatalogTable>> ReadAsync(SqliteConnection connection, int maxTables, CancellationToken cancellationToken)
    {
        var listed = new List<(string Name, CatalogTableKind Kind)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT name, type FROM sqlite_schema
                WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
                ORDER BY name LIMIT $max
                """;
            command.Parameters.AddWithValue("$max", maxTables);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                listed.Add((reader.GetString(0), reader.GetString(1) == "view" ? CatalogTableKind.View : CatalogTableKind.Table));
            }
        }

        var statistics = await StatisticsAsync(connection, cancellationToken);
        var tables = new List<CatalogTable>(listed.Count);
        foreach (var (name, kind) in listed)
        {
            var columns = new List<CatalogColumn>();
            var primaryKey = new SortedList<long, string>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT name, type, \"notnull\", pk FROM pragma_table_info($table) ORDER BY cid";
                command.Parameters.AddWithValue("$table", name);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var column = reader.GetString(0);
                    var pk = reader.GetInt64(3);
                    // SQLite lets a primary key column hold NULL unless it says NOT NULL, except an INTEGER PRIMARY KEY (the rowid).
                    columns.Add(new CatalogColumn(column, reader.IsDBNull(1) ? string.Empty : reader.GetString(1), reader.GetInt64(2) == 0 && pk == 0, null, null));
                    if (pk > 0)
                    {
                        primaryKey.Add(pk, column);
                    }
                }
            }

            tables.Add(new CatalogTable(
                null, name, kind, null,
                kind == CatalogTableKind.Table ? statistics.GetValueOrDefault(name) ?? await CountAsync(connection, name, cancellationToken) : null,
                columns, primaryKey.Values.ToList(), await ForeignKeysAsync(connection, name, cancellationToken)));
        }

        return ResolveImplicitReferences(tables);
    }

    private static async Task<List<CatalogForeignKey>> ForeignKeysAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        var keys = new List<(long Id, string Table, List<string> From, List<string?> To)>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list($table) ORDER BY id, seq";
        command.Parameters.AddWithValue("$table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            if (keys.Count == 0 || keys[^1].Id != id)
            {
                keys.Add((id, reader.GetString(1), [], []));
            }

            keys[^1].From.Add(reader.GetString(2));
            keys[^1].To.Add(reader.IsDBNull(3) ? null : reader.GetString(3));
        }

        // A key written "REFERENCES t" without columns names t's primary key: filled in once every table is read.
        return keys.Select(k => new CatalogForeignKey(k.From, null, k.Table, k.To.Select(c => c ?? string.Empty).ToList())).ToList();
    }

    private static List<CatalogTable> ResolveImplicitReferences(List<CatalogTable> tables)
    {
        var byName = tables.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        return tables.Select(t => t.ForeignKeys.All(k => k.ReferencedColumns.All(c => c.Length > 0))
            ? t
            : t with
            {
                ForeignKeys = t.ForeignKeys.Select(k => k.ReferencedColumns.Any(c => c.Length == 0) && byName.TryGetValue(k.ReferencedTable, out var referenced)
                    ? k with { ReferencedColumns = referenced.PrimaryKey }
                    : k).ToList(),
            }).ToList();
    }

    /// <summary>Row counts from <c>sqlite_stat1</c> (what ANALYZE left), when the file has it.</summary>
    private static async Task<Dictionary<string, long?>> StatisticsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long?>(StringComparer.OrdinalIgnoreCase);
        await using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat1'";
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            return counts;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT tbl, stat FROM sqlite_stat1";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var first = (reader.IsDBNull(1) ? string.Empty : reader.GetString(1)).Split(' ')[0];
            if (long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var rows))
            {
                counts[reader.GetString(0)] = Math.Max(rows, counts.GetValueOrDefault(reader.GetString(0)) ?? 0);
            }
        }

        return counts;
    }

    private static async Task<long?> CountAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = string.Create(
            CultureInfo.InvariantCulture, $"SELECT count(*) FROM (SELECT 1 FROM {SqliteDatabaseEngine.Quote(table)} LIMIT {CountedRows})");
        return await command.ExecuteScalarAsync(cancellationToken) is long rows ? rows : null;
    }
}
