using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace Planck.Infrastructure.Persistence;

/// <summary>
/// The execution strategy for a command's transaction: on PostgreSQL, a transient failure (a dropped connection,
/// a failover, a deadlock or serialisation failure) reruns the whole unit of work up to three times. SQLite has
/// nothing transient to retry: it serialises writers itself.
/// </summary>
internal static class TransactionRetries
{
    public const int MaxRetries = 3;

    public static IExecutionStrategy For(PlanckDbContext db) =>
        db.Database.IsNpgsql()
            ? new NpgsqlRetryingExecutionStrategy(db, MaxRetries)
            : db.Database.CreateExecutionStrategy();
}
