using Planck.Application.Chat;

namespace Planck.Infrastructure.Tokens;

/// <summary>The same cl100k_base count the chunker uses, so passages and history are measured alike.</summary>
internal sealed class Cl100kTokenCounter : ITokenCounter
{
    public int Count(string text) => Cl100k.CountTokens(text);
}
