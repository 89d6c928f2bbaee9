using MySqlConnector;
using Planck.Application.Databases.Catalog;

namespace Planck.Infrastructure.Databases.MySql;

/// <summary>
/// Reads the tables and views of the connection's database from information_schema, in three queries whatever the number
/// of tables: tables, columns, keys. information_schema shows a user only what it has a privilege on.
/// </summary>
internal static class MySqlCatalogReader
{
    private sealed record Listed(string Name, CatalogTableKind Kind, string? Description, long? Rows);

    public static async Task<(List<CatalogTable> Tables, Dictionary<(string Table, string Column), string> DataTypes)> ReadAsync(
        MySqlConnection connection, int maxTables, CancellationToken cancellationToken)
    {
        var listed = new List<Listed>();
        await using (var command = new MySqlCommand("""
            SELECT TABLE_NAME, TABLE_TYPE, TABLE_COMMENT, TABLE_ROWS FROM information_schema.TABLES
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')
            ORDER BY TABLE_NAME LIMIT @max
            """, connection))
        {
            command.Parameters.AddWithValue("@max", maxTables);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var kind = reader.GetString(1) == "VIEW" ? CatalogTableKind.View : CatalogTableKind.Table;
                // A view's comment is the word VIEW, not a description; InnoDB's row count is an estimate, and 0 may mean not yet counted.
                var comment = reader.IsDBNull(2) ? null : reader.GetString(2);
                var rows = reader.IsDBNull(3) ? 0 : Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture);
                listed.Add(new Listed(reader.GetString(0), kind,
                    kind == CatalogTableKind.View || string.IsNullOrWhiteSpace(comment) ? null : comment, kind == CatalogTableKind.Table && rows > 0 ? rows : null));
            }
        }

        var names = listed.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var columns = new Dictionary<string, List<CatalogColumn>>(StringComparer.Ordinal);
        var dataTypes = new Dictionary<(string, string), string>();
        await using (var command = new MySqlCommand("""
            SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_COMMENT, DATA_TYPE FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION
            """, connection))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var table = reader.GetString(0);
                if (!names.Contains(table))
                {
                    continue;
                }

                if (!columns.TryGetValue(table, out var list))
                {
                    columns[table] = list = [];
                }

                var comment = reader.IsDBNull(4) ? null : reader.GetString(4);
                list.Add(new CatalogColumn(reader.GetString(1), reader.GetString(2), reader.GetString(3) == "YES",
                    string.IsNullOrWhiteSpace(comment) ? null : comment, null));
                dataTypes[(table, reader.GetString(1))] = reader.GetString(5);
            }
        }

        var primaryKeys = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var foreignKeys = new Dictionary<(string Table, string Constraint), (List<string> Columns, string? Schema, string Table, List<string> Referenced)>();
        await using (var command = new MySqlCommand("""
            SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, c.CONSTRAINT_TYPE, k.COLUMN_NAME,
                   NULLIF(k.REFERENCED_TABLE_SCHEMA, DATABASE()), k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME
            FROM information_schema.KEY_COLUMN_USAGE k
            JOIN information_schema.TABLE_CONSTRAINTS c
              ON c.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND c.TABLE_NAME = k.TABLE_NAME AND c.CONSTRAINT_NAME = k.CONSTRAINT_NAME
            WHERE k.TABLE_SCHEMA = DATABASE() AND c.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'FOREIGN KEY')
            ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION
            """, connection))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var table = reader.GetString(0);
                if (!names.Contains(table))
                {
                    continue;
                }

                if (reader.GetString(2) == "PRIMARY KEY")
                {
                    if (!primaryKeys.TryGetValue(table, out var key))
                    {
                        primaryKeys[table] = key = [];
                    }

                    key.Add(reader.GetString(3));
                    continue;
                }

                var id = (table, reader.GetString(1));
                if (!foreignKeys.TryGetValue(id, out var foreign))
                {
                    foreignKeys[id] = foreign = ([], reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), []);
                }

                foreign.Columns.Add(reader.GetString(3));
                foreign.Referenced.Add(reader.GetString(6));
            }
        }

        var foreignByTable = foreignKeys.ToLookup(f => f.Key.Table, f => new CatalogForeignKey(f.Value.Columns, f.Value.Schema, f.Value.Table, f.Value.Referenced), StringComparer.Ordinal);
        var tables = listed.Select(t => new CatalogTable(
            null, t.Name, t.Kind, t.Description, t.Rows,
            columns.GetValueOrDefault(t.Name) ?? [],
            primaryKeys.GetValueOrDefault(t.Name) ?? [],
            foreignByTable[t.Name].ToList())).ToList();
        return (tables, dataTypes);
    }
}
