using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Documents.Queries.GetDocumentContent;

/// <summary>The original bytes, as uploaded. The caller disposes <see cref="DocumentContent.Content"/>.</summary>
public sealed record GetDocumentContentQuery(Guid DocumentId) : IQuery<DocumentContent>, IDocumentScoped;

public sealed record DocumentContent(Stream Content, string Name, string ContentType, long SizeBytes, string Sha256);

public sealed class GetDocumentContentHandler(IApplicationDbContext db, IFileStore files) : IQueryHandler<GetDocumentContentQuery, DocumentContent>
{
    public async ValueTask<DocumentContent> Handle(GetDocumentContentQuery query, CancellationToken cancellationToken)
    {
        var document = await db.Documents.AsNoTracking()
            .Where(d => d.Id == query.DocumentId)
            .Select(d => new { d.StorageKey, d.Name, d.ContentType, d.SizeBytes, d.Sha256 })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException(DocumentRules.NotFound);
        try
        {
            var content = await files.OpenReadAsync(document.StorageKey, cancellationToken);
            return new DocumentContent(content, document.Name, document.ContentType, document.SizeBytes, document.Sha256);
        }
        catch (FileNotFoundException)
        {
            // Deleted between the two reads.
            throw new NotFoundException(DocumentRules.NotFound);
        }
    }
}
