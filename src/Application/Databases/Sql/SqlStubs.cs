using Planck.Application.Databases.Catalog;
using Planck.Domain.Databases;

namespace Planck.Application.Databases.Sql;

// TEMPORARY until the validator branch lands: the shapes only.
public enum SqlDialect
{
    Postgresql,
    Mysql,
    Sqlite,
}

public static class SqlDialects
{
    public static SqlDialect For(DatabaseType type) => type switch
    {
        DatabaseType.Postgresql => SqlDialect.Postgresql,
        DatabaseType.Mysql => SqlDialect.Mysql,
        _ => SqlDialect.Sqlite,
    };
}

public sealed record SqlRules(IReadOnlyList<string> ForbiddenColumns, IReadOnlyList<string> RequiredFilters);

public sealed record SqlValidation(bool Allowed, string? Refusal, string Statement, IReadOnlyList<string> ReferencedTables);

public static class ReadOnlySqlValidator
{
    public static SqlValidation Validate(string sql, SqlDialect dialect, SqlRules? rules = null)
    {
        var statement = sql.Trim().TrimEnd(';').Trim();
        var allowed = statement.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || statement.StartsWith("WITH", StringComparison.OrdinalIgnoreCase);
        var tables = System.Text.RegularExpressions.Regex.Matches(statement, @"\b(?:FROM|JOIN)\s+([A-Za-z_][A-Za-z0-9_.]*)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
            .Select(m => m.Groups[1].Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new SqlValidation(allowed, allowed ? null : $"Only SELECT queries can run ({dialect}).", statement, tables);
    }
}

public static class UnknownNameHint
{
    public static string? From(string engineErrorMessage, DatabaseCatalog catalog) => catalog.Tables.Count < 0 ? engineErrorMessage : null;
}
