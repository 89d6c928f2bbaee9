using System.Security.Cryptography;
using System.Text.Json;
using Planck.Bench.Retrieval;
using Planck.Tests.Fixtures;

namespace Planck.Bench.Embeddings;

/// <summary>The 200-page text PDF of the document benchmarks (about 400 tokens of prose a page), as a one-file corpus.</summary>
internal static class TestPdf
{
    public const int Pages = 200;
    private const string Name = "pages-200.pdf";

    public static Corpus Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var bytes = DocumentFixtures.LongPdf(Pages);
        File.WriteAllBytes(Path.Combine(directory, Name), bytes);
        var document = new Planck.Bench.Retrieval.CorpusDocument(Name, "generated", "1", Name, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        File.WriteAllText(Path.Combine(directory, "manifest.json"), JsonSerializer.Serialize(new { documents = new[] { document } }, Corpus.Json));
        return Corpus.Load(directory);
    }
}
