using Npgsql;
using Planck.Application.Databases.Engines;

namespace Planck.Infrastructure.Databases.Postgres;

/// <summary>
/// Refuses a role that could change anything or reach the server's files: a superuser, a role that may create roles or
/// databases, write to a user table, create in a user schema or the database, or that belongs to the server-file roles.
/// </summary>
internal static class PostgresRoles
{
    // Inherited privileges count: has_*_privilege answers for the role with everything it inherits.
    private const string Check = """
        SELECT r.rolname::text,
               r.rolsuper,
               r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls,
               has_database_privilege(current_database(), 'CREATE'),
               EXISTS (SELECT 1 FROM pg_namespace n
                       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
                         AND has_schema_privilege(n.oid, 'CREATE')),
               EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
                         AND (has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE') OR has_any_column_privilege(c.oid, 'INSERT, UPDATE'))),
               EXISTS (SELECT 1 FROM pg_roles s
                       WHERE s.rolname IN ('pg_read_server_files', 'pg_write_server_files', 'pg_execute_server_program')
                         AND pg_has_role(r.oid, s.oid, 'USAGE')),
               current_database()::text
        FROM pg_roles r WHERE r.rolname = current_user
        """;

    public static async Task RefuseWritersAsync(NpgsqlConnection connection, NpgsqlConnectionStringBuilder builder, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Check, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new DatabaseRefusedException("Planck could not read what the connection's role may do; connect with a role that can sign in.");
        }

        var role = reader.GetString(0);
        var reasons = new List<string>();
        if (reader.GetBoolean(1))
        {
            reasons.Add("it is a superuser");
        }

        if (reader.GetBoolean(2))
        {
            reasons.Add("it may create roles or databases, replicate or bypass row security");
        }

        if (reader.GetBoolean(3))
        {
            reasons.Add("it may create schemas in the database");
        }

        if (reader.GetBoolean(4))
        {
            reasons.Add("it may create objects in a schema");
        }

        if (reader.GetBoolean(5))
        {
            reasons.Add("it may insert, update, delete or truncate in a table");
        }

        if (reader.GetBoolean(6))
        {
            reasons.Add("it may read or write the server's files or run programs there");
        }

        if (reasons.Count > 0)
        {
            throw new DatabaseRefusedException(Recipe(role, reader.GetString(7), reasons, PostgresConnections.Where(builder)));
        }
    }

    private static string Recipe(string role, string database, List<string> reasons, string where) =>
        $"""
        Planck only connects as a role that can read and nothing else, and the role "{role}" on {where} can do more: {string.Join("; ", reasons)}.
        Create a read-only role as an administrator, then connect as it:
          CREATE ROLE planck_reader LOGIN PASSWORD '…';
          GRANT CONNECT ON DATABASE "{database}" TO planck_reader;
          GRANT USAGE ON SCHEMA public TO planck_reader;
          GRANT SELECT ON ALL TABLES IN SCHEMA public TO planck_reader;
          ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO planck_reader;
        (repeat the schema lines for every other schema to read; on PostgreSQL 14 and older also REVOKE CREATE ON SCHEMA public FROM PUBLIC;)
        """;
}
