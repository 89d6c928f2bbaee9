using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planck.Bench.Retrieval;
using Planck.Infrastructure.Documents.Embeddings;
using Planck.Infrastructure.Persistence;

namespace Planck.Bench.Embeddings;

/// <param name="Pages">Pages of the PDF.</param>
/// <param name="Passages">Passages the chunker made of them.</param>
/// <param name="IngestionSeconds">Upload to ready through the server's workers on SQLite (extract, chunk, embed, index).</param>
/// <param name="WordPieces">Word pieces embedded, markers included: every window of every passage.</param>
/// <param name="EmbeddingSeconds">The same passages embedded again through the generator alone, as processing calls it.</param>
internal sealed record PipelineResult(int Pages, int Passages, int Windows, double IngestionSeconds, long WordPieces, double EmbeddingSeconds)
{
    public double PagesPerSecond => Pages / IngestionSeconds;

    public double EmbeddingTokensPerSecond => WordPieces / EmbeddingSeconds;

    /// <summary>Word pieces per second of the whole ingestion: what a person waiting for the document sees.</summary>
    public double IngestionTokensPerSecond => WordPieces / IngestionSeconds;
}

internal static class Pipeline
{
    public static async Task<PipelineResult> MeasureAsync(LocalEmbeddingModel model, Corpus corpus)
    {
        IngestionResult ingestion;
        List<string> texts;
        int batchSize;
        await using (var bench = await BenchHost.StartAsync("sqlite", connectionString: null, model.Name))
        {
            ingestion = await Ingestion.RunAsync(bench, corpus);
            await using var scope = bench.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
            texts = await db.DocumentChunks.AsNoTracking().Where(c => c.WorkspaceId == bench.WorkspaceId).OrderBy(c => c.Id).Select(c => c.Text).ToListAsync();
            batchSize = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Planck.Infrastructure.Options.PlanckOptions>>().Value.Embeddings.BatchSize;
        }

        Console.Error.WriteLine($"  {model.Name}: {ingestion.Pages} pages, {texts.Count} passages ingested in {ingestion.Seconds:0.0} s");
        using var generator = new LocalEmbeddingGenerator(model, batchSize);
        var windows = texts.SelectMany(generator.Windows).ToList();
        var wordPieces = windows.Sum(window => (long)model.CountWordPieces(window));

        // Batches as processing sends them: BatchSize passages a call.
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < texts.Count; start += batchSize)
        {
            await generator.GenerateAsync(texts.Skip(start).Take(batchSize));
        }

        var seconds = clock.Elapsed.TotalSeconds;
        return new PipelineResult(ingestion.Pages, texts.Count, windows.Count, ingestion.Seconds, wordPieces, seconds);
    }
}
