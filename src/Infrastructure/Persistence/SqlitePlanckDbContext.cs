using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Planck.Infrastructure.Persistence;

public sealed class SqlitePlanckDbContext(DbContextOptions<SqlitePlanckDbContext> options) : PlanckDbContext(options)
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    protected override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteErrorCode: SqliteConstraint } sqlite
        && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

    /// <summary>A Guid as EF stores it in SQLite (upper-case text with hyphens), for raw SQL that must match it exactly.</summary>
    public static string StoredGuid(Guid id) => id.ToString("D", System.Globalization.CultureInfo.InvariantCulture).ToUpperInvariant();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no time type; as integers (UTC ticks) times sort and compare in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
