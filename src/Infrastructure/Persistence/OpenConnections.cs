using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Planck.Infrastructure.Persistence;

/// <summary>
/// The one place that opens a context's connection explicitly, for raw ADO.NET commands. Contexts are pooled: one
/// handed back with an open it never closed keeps its next user's connection open until that user's scope ends,
/// and a streamed chat answer holds its scope for minutes. EF counts opens, so a nested call (or one inside a
/// transaction, whose connection is already open) leaves the connection as it found it.
/// </summary>
internal static class OpenConnections
{
    public static async Task<T> WithOpenConnectionAsync<T>(this PlanckDbContext db, Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await work(db.Database.GetDbConnection());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
