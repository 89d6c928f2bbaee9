using Microsoft.ML.Tokenizers;

namespace Planck.Infrastructure.Tokens;

/// <summary>
/// The cl100k_base tokenizer, shared so that passages (Documents) and history budgets and credits (Chat) are measured
/// alike. It ships inside the Microsoft.ML.Tokenizers.Data.Cl100kBase package; nothing is downloaded.
/// </summary>
internal static class Cl100k
{
    private static readonly Lazy<TiktokenTokenizer> Shared = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    public static Tokenizer Tokenizer => Shared.Value;

    public static int CountTokens(string text) => string.IsNullOrEmpty(text) ? 0 : Tokenizer.CountTokens(text);
}
