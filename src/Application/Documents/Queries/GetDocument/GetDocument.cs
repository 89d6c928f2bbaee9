using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Documents.Queries.GetDocument;

public sealed record GetDocumentQuery(Guid DocumentId) : IQuery<DocumentDto>, IDocumentScoped;

public sealed class GetDocumentHandler(IApplicationDbContext db) : IQueryHandler<GetDocumentQuery, DocumentDto>
{
    public async ValueTask<DocumentDto> Handle(GetDocumentQuery query, CancellationToken cancellationToken)
    {
        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == query.DocumentId, cancellationToken);
        return document is null ? throw new NotFoundException(DocumentRules.NotFound) : DocumentDto.From(document);
    }
}
