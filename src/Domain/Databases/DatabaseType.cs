namespace Planck.Domain.Databases;

/// <summary>The engine behind a connected database; <see cref="Documents"/> is a workspace's own uploaded CSV and Excel tables.</summary>
public enum DatabaseType
{
    Postgresql,
    Mysql,
    Sqlite,
    Documents,
}
