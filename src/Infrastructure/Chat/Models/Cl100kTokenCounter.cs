using Planck.Application.Chat;
using Planck.Infrastructure.Documents.Extraction;

namespace Planck.Infrastructure.Chat.Models;

/// <summary>The same cl100k_base count the chunker uses, so passages and history are measured alike.</summary>
internal sealed class Cl100kTokenCounter : ITokenCounter
{
    public int Count(string text) => string.IsNullOrEmpty(text) ? 0 : TokenChunker.CountTokens(text);
}
