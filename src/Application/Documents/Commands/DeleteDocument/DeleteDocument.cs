using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Documents.Commands.DeleteDocument;

/// <summary>
/// Removes the document, its passages (and so its search entries), its tables and, once committed, its file.
/// Members of the workspace may read every document, but only the uploader or an Admin may delete one.
/// </summary>
public sealed record DeleteDocumentCommand(Guid DocumentId) : ICommand, IDocumentScoped;

public sealed class DeleteDocumentHandler(IApplicationDbContext db, ICurrentUser currentUser, DocumentRemover remover) : ICommandHandler<DeleteDocumentCommand>
{
    public const string NotTheUploader = "Only the member who uploaded this document, or an Admin, may delete it.";

    public async ValueTask<Unit> Handle(DeleteDocumentCommand command, CancellationToken cancellationToken)
    {
        var caller = currentUser.Caller!;
        var document = db.Documents.Where(d => d.Id == command.DocumentId);
        if (!caller.IsAdmin)
        {
            var uploadedBy = await document.Select(d => (Guid?)d.UploadedBy).FirstOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException(DocumentRules.NotFound);
            if (uploadedBy != caller.UserId)
            {
                throw new ForbiddenException(NotTheUploader);
            }
        }

        var removed = await remover.RemoveAsync(document, cancellationToken);
        return removed == 0 ? throw new NotFoundException(DocumentRules.NotFound) : Unit.Value;
    }
}
