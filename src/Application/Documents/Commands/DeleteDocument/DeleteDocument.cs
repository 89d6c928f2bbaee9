using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Documents.Commands.DeleteDocument;

/// <summary>Removes the document, its passages (and so its search entries), its tables and, once committed, its file.</summary>
public sealed record DeleteDocumentCommand(Guid DocumentId) : ICommand, IDocumentScoped;

public sealed class DeleteDocumentHandler(IApplicationDbContext db, DocumentRemover remover) : ICommandHandler<DeleteDocumentCommand>
{
    public async ValueTask<Unit> Handle(DeleteDocumentCommand command, CancellationToken cancellationToken)
    {
        var removed = await remover.RemoveAsync(db.Documents.Where(d => d.Id == command.DocumentId), cancellationToken);
        return removed == 0 ? throw new NotFoundException(DocumentRules.NotFound) : Unit.Value;
    }
}
