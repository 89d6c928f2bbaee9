using Planck.Domain.Databases;

namespace Planck.Application.Databases.Sql;

/// <summary>The SQL a statement is written in: what quotes, comments and escapes mean differ between these three.</summary>
public enum SqlDialect
{
    Postgresql,
    Mysql,
    Sqlite,
}

public static class SqlDialects
{
    /// <summary>The dialect of an engine; a workspace's uploaded tables are served through SQLite.</summary>
    public static SqlDialect For(DatabaseType type) => type switch
    {
        DatabaseType.Postgresql => SqlDialect.Postgresql,
        DatabaseType.Mysql => SqlDialect.Mysql,
        DatabaseType.Sqlite or DatabaseType.Documents => SqlDialect.Sqlite,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown database type."),
    };
}
