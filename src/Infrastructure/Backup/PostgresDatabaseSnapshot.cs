using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planck.Application.Backup;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Backup;

/// <summary>
/// PostgreSQL's own tools back its database up (<c>pg_dump -Fc</c>, a consistent snapshot without blocking writers);
/// the archive carries the file store. Run after <c>pg_dump</c>, every document the dump holds finds its file here.
/// </summary>
internal sealed class PostgresDatabaseSnapshot(PlanckDbContext db, IOptions<PlanckOptions> options) : IDatabaseSnapshot
{
    public string Provider => nameof(DatabaseProvider.Postgres);

    public async Task<DatabaseSnapshot> TakeAsync(string copyPath, CancellationToken cancellationToken)
    {
        var documents = db.Documents.AsNoTracking();
        var keys = options.Value.Documents.Storage == FileStorageKind.FileSystem
            ? await documents.Where(d => d.StorageKey != string.Empty).Select(d => d.StorageKey).ToListAsync(cancellationToken)
            : [];
        var rows = new Dictionary<string, long>(StringComparer.Ordinal) { ["documents"] = await documents.LongCountAsync(cancellationToken) };
        return new DatabaseSnapshot(null, rows, keys);
    }
}
