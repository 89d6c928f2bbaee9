using Mediator;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Documents.Processing;

namespace Planck.Application.Documents.Commands.RetryDocument;

/// <summary>Gives a failed or cancelled document another go: <c>pending</c> at once, with a fresh count of attempts.</summary>
public sealed record RetryDocumentCommand(Guid DocumentId) : ICommand<DocumentDto>, IDocumentScoped;

public sealed class RetryDocumentHandler(IApplicationDbContext db, IUnitOfWork unitOfWork, IDocumentProcessing processing, TimeProvider time)
    : ICommandHandler<RetryDocumentCommand, DocumentDto>
{
    public async ValueTask<DocumentDto> Handle(RetryDocumentCommand command, CancellationToken cancellationToken)
    {
        var pending = await db.ChangeDocumentAsync(command.DocumentId, document => document.Retry(time.GetUtcNow()), cancellationToken);
        unitOfWork.AfterCommit(processing.DocumentQueued);
        return DocumentDto.From(pending);
    }
}
