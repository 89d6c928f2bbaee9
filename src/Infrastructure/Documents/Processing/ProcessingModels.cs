using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Extraction;

namespace Planck.Infrastructure.Documents.Processing;

/// <summary>What a worker needs of a document it has just claimed; <c>Attempts</c> already counts this attempt.</summary>
internal sealed record ClaimedDocument(Guid Id, Guid WorkspaceId, string Name, string StorageKey, DocumentKind Kind, int Attempts);

/// <summary>A passage ready to store, with its embedding bytes when embeddings are on.</summary>
internal sealed record ProcessedChunk(ChunkDraft Draft, byte[]? Embedding);

/// <summary>Everything processing derived from a file, written in one transaction when the document becomes ready.</summary>
internal sealed record ProcessedDocument(int? PageCount, IReadOnlyList<ProcessedChunk> Chunks, IReadOnlyList<ExtractedTable> Tables);
