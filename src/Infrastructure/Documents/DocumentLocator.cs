using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;

namespace Planck.Infrastructure.Documents;

public sealed class DocumentLocator(IApplicationDbContext db) : IDocumentLocator
{
    public async Task<Guid?> WorkspaceOfAsync(Guid documentId, CancellationToken cancellationToken) =>
        await db.Documents.AsNoTracking().Where(d => d.Id == documentId).Select(d => (Guid?)d.WorkspaceId).FirstOrDefaultAsync(cancellationToken);
}
