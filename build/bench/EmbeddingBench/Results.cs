using System.Globalization;
using System.Text;
using Planck.Infrastructure.Documents.Embeddings;

namespace Planck.Bench.Embeddings;

internal static class Results
{
    public static string Markdown(LocalEmbeddingModel model, BareResult bare, PipelineResult pipeline)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        Line($"### {model.Name} ({model.ModelId}), windows of up to {model.MaxWordPieces} word pieces");
        Line($"");
        Line($"Bare model, full windows ({bare.WindowWordPieces} word pieces each):");
        Line($"");
        Line($"| batch | runs | s | word pieces/s |");
        Line($"|---:|---:|---:|---:|");
        foreach (var batch in bare.Batches)
        {
            Line($"| {batch.BatchSize} | {batch.Runs} | {batch.Seconds:0.0} | {batch.TokensPerSecond:0} |");
        }

        var share = pipeline.EmbeddingTokensPerSecond / bare.Best.TokensPerSecond;
        Line($"");
        Line($"- limit (best batch, {bare.Best.BatchSize}): {bare.Best.TokensPerSecond:0} word pieces/s");
        Line($"- generator, every word embedded ({pipeline.Passages} passages, {pipeline.Windows} windows, {pipeline.WordPieces} word pieces): {pipeline.EmbeddingTokensPerSecond:0} word pieces/s = **{share:P0} of the limit**");
        Line($"- ingestion of the {pipeline.Pages}-page text PDF (SQLite, upload to ready): {pipeline.IngestionSeconds:0.0} s = **{pipeline.PagesPerSecond:0.00} pages/s** ({pipeline.IngestionTokensPerSecond:0} word pieces/s, {pipeline.IngestionTokensPerSecond / bare.Best.TokensPerSecond:P0} of the limit)");
        return text.ToString();
    }
}
