using System.Text.Json;

namespace Planck.Bench.Retrieval;

/// <summary>One file of the corpus as the manifest names it: where it came from and the bytes it must have.</summary>
internal sealed record CorpusDocument(string Name, string Package, string Version, string Source, string Sha256);

/// <summary>The files retrieval.sh built from the installed packages, described by its manifest.json.</summary>
internal sealed record Corpus(string Directory, IReadOnlyList<CorpusDocument> Documents)
{
    /// <summary>The manifest's and the question file's shape: snake_case names.</summary>
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string PathOf(CorpusDocument document) => Path.Combine(Directory, document.Name);

    public static Corpus Load(string directory)
    {
        var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(Path.Combine(directory, "manifest.json")), Json)
            ?? throw new InvalidOperationException("manifest.json is empty");
        foreach (var document in manifest.Documents)
        {
            if (!File.Exists(Path.Combine(directory, document.Name)))
            {
                throw new InvalidOperationException($"{document.Name} is in the manifest but not in {directory}");
            }
        }

        return new Corpus(directory, manifest.Documents);
    }

    private sealed record Manifest(IReadOnlyList<CorpusDocument> Documents);
}
