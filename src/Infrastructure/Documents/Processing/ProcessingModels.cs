using Planck.Domain.Documents;

namespace Planck.Infrastructure.Documents.Processing;

/// <summary>What a worker needs of a document it has just claimed; <c>Attempts</c> already counts this attempt.</summary>
internal sealed record ClaimedDocument(Guid Id, Guid WorkspaceId, string Name, string StorageKey, DocumentKind Kind, int Attempts);
