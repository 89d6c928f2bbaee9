using Npgsql;
using Planck.Application.Databases.Catalog;

namespace Planck.Infrastructure.Databases.Postgres;

/// <summary>
/// Reads the tables and views a role may select from pg_catalog, in four queries whatever the number of tables:
/// tables, columns, keys, and the text columns statistics already show to have many values (which profiling skips).
/// </summary>
internal static class PostgresCatalogReader
{
    private const string UserSchemas =
        "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

    private sealed record Listed(uint Oid, string Schema, string Name, CatalogTableKind Kind, string? Description, long? Rows);

    public static async Task<(List<CatalogTable> Tables, HashSet<(string Schema, string Table, string Column)> ManyValues)> ReadAsync(
        NpgsqlConnection connection, int maxTables, int distinctValues, CancellationToken cancellationToken)
    {
        var listed = new List<Listed>();
        await using (var command = new NpgsqlCommand($"""
            SELECT c.oid, n.nspname, c.relname, c.relkind::text, obj_description(c.oid, 'pg_class'), c.reltuples::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition AND {UserSchemas}
              AND (has_table_privilege(c.oid, 'SELECT') OR has_any_column_privilege(c.oid, 'SELECT'))
            ORDER BY n.nspname, c.relname
            LIMIT $1
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = maxTables });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var kind = reader.GetString(3) is "v" or "m" ? CatalogTableKind.View : CatalogTableKind.Table;
                var rows = reader.GetInt64(5);
                // reltuples is -1 (PostgreSQL 14+) or 0 (before) until the table is first vacuumed or analysed: unknown, not empty.
                listed.Add(new Listed(reader.GetFieldValue<uint>(0), reader.GetString(1), reader.GetString(2), kind,
                    reader.IsDBNull(4) ? null : reader.GetString(4), kind == CatalogTableKind.Table && rows > 0 ? rows : null));
            }
        }

        var oids = listed.Select(t => t.Oid).ToArray();
        var columns = new Dictionary<uint, List<(short Number, CatalogColumn Column)>>();
        await using (var command = new NpgsqlCommand("""
            SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull, col_description(a.attrelid, a.attnum)
            FROM pg_attribute a
            WHERE a.attrelid = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attrelid, a.attnum
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = oids, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Oid });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var oid = reader.GetFieldValue<uint>(0);
                if (!columns.TryGetValue(oid, out var list))
                {
                    columns[oid] = list = [];
                }

                list.Add((reader.GetInt16(1), new CatalogColumn(reader.GetString(2), reader.GetString(3), reader.GetBoolean(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), null)));
            }
        }

        var primaryKeys = new Dictionary<uint, List<string>>();
        var foreignKeys = new Dictionary<uint, List<CatalogForeignKey>>();
        await using (var command = new NpgsqlCommand("""
            SELECT con.conrelid, con.contype::text, con.conkey, fn.nspname, fc.relname,
                   ARRAY(SELECT fa.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, position)
                         JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.attnum ORDER BY k.position)
            FROM pg_constraint con
            LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
            WHERE con.conrelid = ANY($1) AND con.contype IN ('p', 'f')
            ORDER BY con.conrelid, con.conname
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = oids, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Oid });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var oid = reader.GetFieldValue<uint>(0);
                var byNumber = columns.GetValueOrDefault(oid)?.ToDictionary(c => c.Number, c => c.Column.Name) ?? [];
                var names = reader.GetFieldValue<short[]>(2).Select(n => byNumber.GetValueOrDefault(n, "?")).ToList();
                if (reader.GetString(1) == "p")
                {
                    primaryKeys[oid] = names;
                    continue;
                }

                if (!foreignKeys.TryGetValue(oid, out var keys))
                {
                    foreignKeys[oid] = keys = [];
                }

                keys.Add(new CatalogForeignKey(names, reader.GetString(3), reader.GetString(4), reader.GetFieldValue<string[]>(5)));
            }
        }

        var manyValues = new HashSet<(string, string, string)>();
        await using (var command = new NpgsqlCommand("""
            SELECT s.schemaname::text, s.tablename::text, s.attname::text FROM pg_stats s
            JOIN pg_namespace n ON n.nspname = s.schemaname
            JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.tablename
            WHERE c.oid = ANY($1) AND (s.n_distinct > $2 OR (s.n_distinct < 0 AND -s.n_distinct * GREATEST(c.reltuples, 0) > $2))
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = oids, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Oid });
            command.Parameters.Add(new NpgsqlParameter { Value = (float)distinctValues });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                manyValues.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var tables = listed.Select(t => new CatalogTable(
            t.Schema, t.Name, t.Kind, t.Description, t.Rows,
            columns.GetValueOrDefault(t.Oid)?.Select(c => c.Column).ToList() ?? [],
            primaryKeys.GetValueOrDefault(t.Oid) ?? [],
            foreignKeys.GetValueOrDefault(t.Oid) ?? [])).ToList();
        return (tables, manyValues);
    }
}
