using Mediator;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Documents.Processing;

namespace Planck.Application.Documents.Commands.CancelDocument;

/// <summary>
/// Stops a pending or processing document: it becomes <c>cancelled</c> and whatever the attempt had stored of it goes,
/// in the same transaction; a document being re-indexed keeps the passages it had (<see cref="DocumentRemover.RemoveStagedAsync"/>). A worker on this node stops at once; one on another node at its next progress write or
/// lease renewal, and writes nothing back, because its writes are conditional on holding the document.
/// </summary>
public sealed record CancelDocumentCommand(Guid DocumentId) : ICommand<DocumentDto>, IDocumentScoped;

public sealed class CancelDocumentHandler(
    IApplicationDbContext db, IUnitOfWork unitOfWork, DocumentRemover remover, IDocumentProcessing processing, TimeProvider time)
    : ICommandHandler<CancelDocumentCommand, DocumentDto>
{
    public async ValueTask<DocumentDto> Handle(CancelDocumentCommand command, CancellationToken cancellationToken)
    {
        var cancelled = await db.ChangeDocumentAsync(command.DocumentId, document => document.Cancel(time.GetUtcNow()), cancellationToken);
        await remover.RemoveStagedAsync(cancelled, cancellationToken);
        unitOfWork.AfterCommit(() => processing.CancelProcessing(command.DocumentId));
        return DocumentDto.From(cancelled);
    }
}
