using System.Diagnostics;
using Planck.Infrastructure.Documents.Embeddings;
using Planck.Tests.Fixtures;

namespace Planck.Bench.Embeddings;

internal sealed record BatchRate(int BatchSize, int Runs, double Seconds, double TokensPerSecond);

internal sealed record BareResult(int WindowWordPieces, IReadOnlyList<BatchRate> Batches)
{
    public BatchRate Best => Batches.MaxBy(b => b.TokensPerSecond)!;
}

/// <summary>
/// The server's own encoder of the model, called directly (no windows, no worker), fed full windows (the model's
/// longest input, the length nearly every window of a long passage has): the most word pieces per second this
/// machine gets from the model, the limit ingestion is compared with.
/// </summary>
internal static class BareModel
{
    public static BareResult Measure(LocalEmbeddingModel model, IReadOnlyList<int> batchSizes, TimeSpan atLeast)
    {
        var prose = string.Join(' ', FixtureCorpus.Documents.SelectMany(document => document.Paragraphs));
        using var generator = new LocalEmbeddingGenerator(model);
        var windows = generator.Windows(string.Join(' ', Enumerable.Repeat(prose, 8)));
        var full = windows.Take(windows.Count - 1).ToArray();
        var pieces = full.Select(model.CountWordPieces).ToArray();

        model.Encoder.Encode([full[0]]); // Loads the session and its thread pool outside the timings.
        var rates = new List<BatchRate>();
        foreach (var batchSize in batchSizes)
        {
            var runs = 0;
            long tokens = 0;
            var clock = Stopwatch.StartNew();
            while (runs < 1 || clock.Elapsed < atLeast)
            {
                var batch = Enumerable.Range(runs * batchSize, batchSize).Select(i => i % full.Length).ToArray();
                model.Encoder.Encode([.. batch.Select(i => full[i])]);
                tokens += batch.Sum(i => pieces[i]);
                runs++;
            }

            var elapsed = clock.Elapsed.TotalSeconds;
            rates.Add(new BatchRate(batchSize, runs, elapsed, tokens / elapsed));
            Console.Error.WriteLine($"  {model.Name} bare batch {batchSize}: {tokens / elapsed:0} word pieces/s ({runs} runs)");
        }

        return new BareResult((int)pieces.Average(), rates);
    }
}
