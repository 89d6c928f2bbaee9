using System.Globalization;
using System.Text.Json;
using Planck.Bench.Embeddings;
using Planck.Bench.Retrieval;
using Planck.Infrastructure.Documents.Embeddings;

// Usage: Planck.Bench.Embeddings [--model=minilm|arctic-xs] [--seconds=N] WORK_DIR
//   Per model (both without --model): the bare model's tokens/s at batch sizes 1..64, each timed for at least N
//   seconds (default 4); then a generated 200-page text PDF ingested by the server's workers (pages/s), and its
//   passages embedded again through the generator alone (word pieces/s, every word embedded). Markdown on stdout.
const string ModelOption = "--model=";
const string SecondsOption = "--seconds=";
var named = args.LastOrDefault(arg => arg.StartsWith(ModelOption, StringComparison.Ordinal))?[ModelOption.Length..];
var seconds = double.Parse(args.LastOrDefault(arg => arg.StartsWith(SecondsOption, StringComparison.Ordinal))?[SecondsOption.Length..] ?? "4", CultureInfo.InvariantCulture);
var positional = args.Where(arg => !arg.StartsWith("--", StringComparison.Ordinal)).ToArray();
if (positional.Length != 1)
{
    Console.Error.WriteLine("usage: Planck.Bench.Embeddings [--model=minilm|arctic-xs] [--seconds=N] WORK_DIR");
    return 2;
}

var models = named is null ? LocalEmbeddingModel.All : [LocalEmbeddingModel.Parse(named)];
var corpus = TestPdf.Write(positional[0]);
foreach (var model in models)
{
    var bare = BareModel.Measure(model, [1, 2, 4, 8, 16, 32, 64], TimeSpan.FromSeconds(seconds));
    var ingested = await Pipeline.MeasureAsync(model, corpus);
    Console.WriteLine(Results.Markdown(model, bare, ingested));
    Console.Error.WriteLine(JsonSerializer.Serialize(new { model = model.Name, bare, ingested }));
}

return 0;
