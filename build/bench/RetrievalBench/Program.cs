using System.Globalization;
using System.Text.Json;
using Planck.Application.Documents;
using Planck.Bench.Retrieval;

// Usage: Planck.Bench.Retrieval [--model=minilm|arctic-xs] sqlite|postgres CORPUS_DIR QUESTIONS_JSON RESULTS_JSON [CONNECTION_STRING]
//   CORPUS_DIR holds the files retrieval.sh built and its manifest.json. The report (markdown) goes to stdout, every
//   question's ranked hits per mode to RESULTS_JSON, progress to stderr. --model picks Planck:Embeddings:LocalModel
//   (the server's default without it). Questions are embedded as the server embeds queries: after the model's query
//   instruction, where it has one (arctic-xs).
const string ModelOption = "--model=";
var localModel = args.LastOrDefault(arg => arg.StartsWith(ModelOption, StringComparison.Ordinal))?[ModelOption.Length..];
args = [.. args.Where(arg => !arg.StartsWith(ModelOption, StringComparison.Ordinal))];
if (args.Length < 4 || args[0] is not ("sqlite" or "postgres"))
{
    Console.Error.WriteLine("usage: Planck.Bench.Retrieval [--model=minilm|arctic-xs] sqlite|postgres CORPUS_DIR QUESTIONS_JSON RESULTS_JSON [CONNECTION_STRING]");
    return 2;
}

var provider = args[0];
var corpus = Corpus.Load(args[1]);
var questions = QuestionSet.Load(args[2]);
questions.CheckAgainst(corpus);

await using var bench = await BenchHost.StartAsync(provider, args.Length > 4 ? args[4] : null, localModel);
var ingestion = await Ingestion.RunAsync(bench, corpus);
Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ingested {ingestion.Documents.Count} documents in {ingestion.Seconds:0.0} s"));

var passages = await Passages.LoadAsync(bench);
var modes = new[] { SearchMode.FullText, SearchMode.Vector, SearchMode.Hybrid };
var outcomes = await Evaluation.RunAsync(bench, questions.Questions, modes);

var report = new Report(provider, ingestion, passages, questions.Questions, outcomes, modes);
Console.WriteLine(report.Markdown());
await File.WriteAllTextAsync(args[3], JsonSerializer.Serialize(report.Details(), new JsonSerializerOptions
{
    PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
}));
return 0;
