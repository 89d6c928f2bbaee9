using System.Globalization;
using Mediator;
using Microsoft.Extensions.Options;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Behaviours;
using Planck.Application.Common.Exceptions;
using Planck.Domain.Documents;

namespace Planck.Application.Documents.Commands.UploadDocument;

/// <summary>
/// Stores an uploaded file and queues it for processing. <paramref name="Content"/> is read once, as it arrives;
/// <paramref name="DeclaredLength"/> (the part's length, when the client said it) lets an oversized upload be
/// refused before any byte is stored.
/// </summary>
public sealed record UploadDocumentCommand(Guid WorkspaceId, string FileName, Stream Content, long? DeclaredLength)
    : ICommand<DocumentDto>, IWorkspaceScoped, IRunsWithoutTransaction;

/// <summary>
/// Runs without a surrounding transaction: streaming a large file takes seconds, and on SQLite an open write
/// transaction would block every other writer for that long. The only database write is one insert, at the end.
/// </summary>
public sealed class UploadDocumentHandler(
    IApplicationDbContext db,
    IFileStore files,
    IDocumentTypeDetector detector,
    IDocumentProcessing processing,
    ICurrentUser currentUser,
    IOptions<DocumentUploadOptions> options,
    TimeProvider clock) : ICommandHandler<UploadDocumentCommand, DocumentDto>
{
    public const string Empty = "The file is empty.";

    public static string TooLarge(long maxBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"The file is larger than the upload limit of {FormatBytes(maxBytes)}.");

    public static string Unsupported => $"This file type is not supported. Accepted: {DocumentKinds.AcceptedDescription}.";

    public async ValueTask<DocumentDto> Handle(UploadDocumentCommand command, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxUploadBytes;
        if (command.DeclaredLength > maxBytes)
        {
            throw new PayloadTooLargeException(TooLarge(maxBytes));
        }

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var name = Document.DisplayName(command.FileName);
        var key = StorageKey(command.WorkspaceId, id, name);

        var stored = false;
        try
        {
            await using var measured = new MeasuringReadStream(command.Content, maxBytes);
            stored = true;
            await files.SaveAsync(key, measured, cancellationToken);
            if (measured.BytesRead == 0)
            {
                throw new RequestValidationException("file", Empty);
            }

            DocumentKind? kind;
            await using (var content = await files.OpenReadAsync(key, cancellationToken))
            {
                kind = await detector.DetectAsync(content, name, cancellationToken);
            }

            if (kind is null)
            {
                throw new UnsupportedMediaTypeException(Unsupported);
            }

            var document = Document.Upload(id, command.WorkspaceId, name, key, kind.Value, measured.BytesRead, measured.Sha256Hex(), currentUser.Caller!.UserId, now);
            db.Documents.Add(document);
            await db.SaveChangesAsync(cancellationToken);
            stored = false;
            processing.DocumentQueued();
            return DocumentDto.From(document);
        }
        finally
        {
            if (stored)
            {
                // Refused or failed: the bytes must not outlive the request. Not the caller's token: it may be the reason we are here.
                await files.DeleteAsync(key, CancellationToken.None);
            }
        }
    }

    /// <summary>Workspace and document ids keep keys unique; the sanitised name only helps an operator browsing the store.</summary>
    internal static string StorageKey(Guid workspaceId, Guid documentId, string displayName) =>
        $"{workspaceId:N}/{documentId:N}-{SafeFileName(displayName)}";

    internal static string SafeFileName(string name)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).Trim('.');
        if (safe.Length > 100)
        {
            safe = safe[^100..];
        }

        return safe.Length == 0 ? "file" : safe;
    }

    private static string FormatBytes(long bytes) =>
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes} bytes";
}
