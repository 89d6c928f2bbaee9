namespace Planck.Application.Databases.Sql;

/// <summary>
/// What a read-only query may not say, as data. The engines also run every statement in a read-only transaction under a
/// role that cannot write; these lists refuse earlier, with a sentence the member understands, and stop what a read-only
/// transaction does not: sleeping, file access, locks, session settings, and SQL hidden inside a function's argument.
/// </summary>
internal static class ForbiddenSql
{
    /// <summary>
    /// The words that write rows; a data-modifying common table expression starts with one of them. INTO because
    /// SELECT ... INTO creates a table (PostgreSQL), assigns variables or writes OUTFILE/DUMPFILE files (MySQL).
    /// </summary>
    public static readonly string[] WriteKeywords = ["INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "TRUNCATE", "INTO"];

    /// <summary>
    /// Keywords refused wherever they stand as a bare word (never inside strings or quoted names), with what they do, for
    /// the sentence "this statement {what} ({KEYWORD})". A query is one SELECT, so none of them has a reading use in it;
    /// a column that happens to be called one of these is written quoted, or qualified (<c>t.start</c>), or after AS.
    /// Words that only ever start a statement (COMMENT ON, CLUSTER, REFRESH) are left to the first-word rule, because
    /// they are common column names.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Keywords = Group(
        ("writes", WriteKeywords),
        ("changes the schema", ["CREATE", "ALTER", "DROP", "RENAME"]),
        ("changes permissions", ["GRANT", "REVOKE"]),
        ("copies data to or from files", ["COPY"]),
        ("runs maintenance", ["VACUUM", "ANALYZE", "REINDEX", "CHECKPOINT", "OPTIMIZE"]),
        ("attaches or detaches a database", ["ATTACH", "DETACH"]),
        ("changes engine settings", ["PRAGMA", "SET", "RESET", "DISCARD"]),
        // PROCEDURE is MySQL 5's SELECT ... PROCEDURE ANALYSE(); HANDLER reads tables outside any SELECT's rules.
        ("runs other code", ["CALL", "DO", "EXECUTE", "EXEC", "PREPARE", "DEALLOCATE", "HANDLER", "PROCEDURE"]),
        ("loads files or extensions", ["LOAD"]),
        ("locks tables", ["LOCK", "UNLOCK"]),
        ("sends or waits for notifications", ["NOTIFY", "LISTEN", "UNLISTEN"]),
        ("controls transactions", ["BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "START", "ABORT"]));

    /// <summary>
    /// REPLACE is MySQL's insert-or-overwrite statement, but replace() is a string function in all three dialects: it is
    /// refused only where it starts the statement or is followed by INTO (INTO is refused anyway).
    /// </summary>
    public const string Replace = "REPLACE";

    /// <summary>FOR followed by one of these locks the rows it reads: FOR UPDATE, FOR NO KEY UPDATE, FOR SHARE, FOR KEY SHARE.</summary>
    public static readonly IReadOnlySet<string> RowLockAfterFor =
        new HashSet<string>(["UPDATE", "SHARE", "KEY", "NO"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Functions refused when called (<c>name(</c>, also schema-qualified or quoted), per dialect. A pattern ending in
    /// <c>*</c> covers every name it starts. Deliberately allowed: PostgreSQL current_setting (it reads only what
    /// pg_settings already shows the same role), txid_current / pg_current_xact_id, currval / lastval (this session's
    /// own values), xpath; MySQL name_const; SQLite sqlite_version and the other sqlite_* reporting functions,
    /// zeroblob / randomblob (the engine's timeout and row limit stop a huge one).
    /// </summary>
    public static IReadOnlyList<ForbiddenFunction> FunctionsFor(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Postgresql => PostgresqlFunctions,
        SqlDialect.Mysql => MysqlFunctions,
        _ => SqliteFunctions,
    };

    private static readonly ForbiddenFunction[] PostgresqlFunctions =
    [
        new("pg_sleep*", "pauses the server"),
        new("pg_read_file", "reads files on the database server"),
        new("pg_read_binary_file", "reads files on the database server"),
        new("pg_ls_*", "lists files on the database server"),
        new("pg_stat_file", "reads files on the database server"),
        new("pg_file_*", "writes files on the database server"),
        new("lo_*", "reads, writes or creates large objects and server files"),
        new("dblink*", "connects to other databases"),
        new("set_config", "changes server settings"),
        new("pg_terminate_backend", "stops other sessions"),
        new("pg_cancel_backend", "stops other sessions"),
        new("pg_signal_backend", "stops other sessions"),
        new("pg_reload_conf", "administers the server"),
        new("pg_rotate_logfile", "administers the server"),
        new("pg_promote", "administers the server"),
        new("pg_switch_wal", "administers the server"),
        new("pg_switch_xlog", "administers the server"),
        new("pg_stat_reset*", "resets the server's statistics"),
        new("pg_stat_statements_reset", "resets the server's statistics"),
        new("pg_logdir_ls", "lists files on the database server"),
        new("pg_log_backend_memory_contexts", "writes to the server's log"),
        new("pg_wal_replay_*", "administers replication"),
        new("pg_advisory*", "takes locks"),
        new("pg_try_advisory*", "takes locks"),
        // These run the SQL text of their argument, which the validator never sees, or dump whole tables past the column rules.
        new("query_to_xml*", "runs SQL the validator cannot check"),
        new("query_to_xmlschema", "runs SQL the validator cannot check"),
        new("cursor_to_xml*", "runs SQL the validator cannot check"),
        new("table_to_xml*", "reads whole tables past the column rules"),
        new("schema_to_xml*", "reads whole tables past the column rules"),
        new("database_to_xml*", "reads whole tables past the column rules"),
        new("nextval", "advances a sequence"),
        new("setval", "changes a sequence"),
        new("pg_notify", "sends notifications"),
        new("pg_logical_*", "writes to the replication stream"),
        new("pg_replication_*", "administers replication"),
        new("pg_create_*", "creates replication slots or restore points"),
        new("pg_drop_*", "drops replication slots"),
        new("pg_backup_*", "administers backups"),
        new("pg_start_backup", "administers backups"),
        new("pg_stop_backup", "administers backups"),
        new("pg_export_snapshot", "exports a snapshot"),
        new("pg_import_system_collations", "changes the catalog"),
    ];

    private static readonly ForbiddenFunction[] MysqlFunctions =
    [
        new("sleep", "pauses the server"),
        new("benchmark", "keeps the server busy on purpose"),
        new("load_file", "reads files on the database server"),
        new("get_lock", "takes locks"),
        new("release_lock", "releases locks"),
        new("release_all_locks", "releases locks"),
        new("is_free_lock", "probes other sessions' locks"),
        new("is_used_lock", "probes other sessions' locks"),
        new("master_pos_wait", "waits on replication"),
        new("source_pos_wait", "waits on replication"),
        new("master_gtid_wait", "waits on replication"),
        new("wait_for_executed_gtid_set", "waits on replication"),
        new("wait_until_sql_thread_after_gtids", "waits on replication"),
        // lib_mysqludf_sys: shell commands from SQL, where installed.
        new("sys_exec", "runs programs on the database server"),
        new("sys_eval", "runs programs on the database server"),
        new("sys_set", "changes the server's environment"),
        // MariaDB sequences.
        new("nextval", "advances a sequence"),
        new("setval", "changes a sequence"),
    ];

    private static readonly ForbiddenFunction[] SqliteFunctions =
    [
        new("load_extension", "loads native code into the engine"),
        // The sqlite3 shell's functions, present when an application registers them.
        new("readfile", "reads files"),
        new("writefile", "writes files"),
        new("edit", "starts an editor"),
        new("fsdir", "lists files"),
        // With one argument it can install a tokenizer from a raw pointer: memory corruption by SQL.
        new("fts3_tokenizer", "can load native code into the engine"),
    ];

    private static Dictionary<string, string> Group(params (string What, string[] Words)[] groups) =>
        groups.SelectMany(group => group.Words.Select(word => (word, group.What)))
            .ToDictionary(pair => pair.word, pair => pair.What, StringComparer.OrdinalIgnoreCase);
}

/// <summary>A function a query may not call; <see cref="Why"/> completes "because it ...".</summary>
internal sealed record ForbiddenFunction(string Pattern, string Why)
{
    public bool Matches(string name) => Pattern.EndsWith('*')
        ? name.StartsWith(Pattern[..^1], StringComparison.OrdinalIgnoreCase)
        : name.Equals(Pattern, StringComparison.OrdinalIgnoreCase);
}
