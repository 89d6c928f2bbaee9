using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Documents;
using Planck.Tests.Fixtures;
using Planck.WebApi.FunctionalTests.Support;
using Xunit.Abstractions;

namespace Planck.WebApi.FunctionalTests.Documents;

/// <summary>
/// Retrieval quality over real files processed by the real pipeline (extraction, chunking, the local embedding
/// model): every corpus question is asked in each search mode, and a question counts as answered when one of the
/// top five passages is from the right document and contains the answer. Off-topic invoices sit beside the corpus
/// so that ranking matters. Recall@5 per mode is written to the test output.
/// </summary>
public abstract partial class RetrievalQualityTests(PlanckApiFactory api, ITestOutputHelper output)
{
    private const int TopK = 5;
    private const double RequiredHybridRecall = 0.95;

    [Fact]
    public async Task Hybrid_search_finds_the_answering_passage_in_the_top_five_for_nineteen_questions_in_twenty()
    {
        var workspace = await api.CreateWorkspaceAsync("Retrieval quality");
        var files = DocumentFixtures.RetrievalSet().Append(new FixtureFile("invoices-2024.csv", DocumentFixtures.Csv(1500))).ToList();
        var nameByKey = files.Where(f => f.DocumentKey is not null).ToDictionary(f => f.DocumentKey!, f => f.Name);
        foreach (var file in files)
        {
            var uploaded = await (await api.Admin.UploadAsync(workspace, file.Name, file.Content)).ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);
            var processed = await api.Admin.WaitUntilProcessedAsync(uploaded.Id, TimeSpan.FromMinutes(3));
            processed.Status.ShouldBe("ready", $"{file.Name}: {processed.Error}");
        }

        var recall = new Dictionary<SearchMode, double>();
        var report = new StringBuilder();
        foreach (var mode in new[] { SearchMode.FullText, SearchMode.Vector, SearchMode.Hybrid })
        {
            var answered = 0;
            foreach (var probe in FixtureCorpus.Probes)
            {
                var hits = await SearchAsync(workspace, probe.Question, mode);
                if (hits.Any(hit => hit.DocumentName == nameByKey[probe.DocumentKey] && Normalised(hit.Text).Contains(Normalised(probe.AnswerPhrase), StringComparison.OrdinalIgnoreCase)))
                {
                    answered++;
                }
                else if (mode == SearchMode.Hybrid)
                {
                    report.AppendLine(CultureInfo.InvariantCulture, $"  hybrid missed: {probe.Question} (expected {nameByKey[probe.DocumentKey]}: \"{probe.AnswerPhrase}\"); got {string.Join(", ", hits.Select(h => h.DocumentName))}");
                }
            }

            recall[mode] = (double)answered / FixtureCorpus.Probes.Count;
            report.Insert(0, string.Create(CultureInfo.InvariantCulture, $"{api.Provider} recall@{TopK} {mode}: {recall[mode]:0.000} ({answered}/{FixtureCorpus.Probes.Count})\n"));
        }

        output.WriteLine(report.ToString());
        FixtureCorpus.Probes.Count.ShouldBeGreaterThanOrEqualTo(30);
        recall[SearchMode.Hybrid].ShouldBeGreaterThanOrEqualTo(RequiredHybridRecall, report.ToString());
    }

    [Fact]
    public async Task A_fact_on_page_three_is_cited_as_page_three_even_after_short_pages()
    {
        var workspace = await api.CreateWorkspaceAsync("Page attribution");
        var pdf = DocumentFixtures.Pdf(
        [
            ["Chapter one introduces the heat pump and its parts: compressor, condenser, expansion valve and evaporator."],
            ["A short page."],
            ["The defrost cycle of the heat pump starts every 45 minutes when the outdoor coil is below freezing."],
            ["Chapter four lists the warranty terms of the heat pump for residential installations."],
        ]);
        var uploaded = await (await api.Admin.UploadAsync(workspace, "heat-pump.pdf", pdf)).ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);
        (await api.Admin.WaitUntilProcessedAsync(uploaded.Id, TimeSpan.FromMinutes(3))).Status.ShouldBe("ready");

        foreach (var mode in new[] { SearchMode.FullText, SearchMode.Vector, SearchMode.Hybrid })
        {
            var hits = await SearchAsync(workspace, "How often does the defrost cycle start?", mode);

            hits.ShouldNotBeEmpty();
            hits[0].Page.ShouldBe(3, $"{mode}: {hits[0].Text}");
            hits.Where(hit => hit.Text.Contains("defrost", StringComparison.Ordinal)).ShouldAllBe(hit => hit.Page == 3);
        }
    }

    private async Task<IReadOnlyList<SearchHit>> SearchAsync(Guid workspace, string question, SearchMode mode)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        return await index.SearchAsync(new SearchRequest(workspace, question, null, TopK, mode), CancellationToken.None);
    }

    /// <summary>PDF text wraps lines, and table rows may print numbers with separators; compare on words alone.</summary>
    private static string Normalised(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

[Collection(SqliteServer.Name)]
public sealed class SqliteRetrievalQualityTests(SqliteApiFactory api, ITestOutputHelper output) : RetrievalQualityTests(api, output);

[Collection(PostgresServer.Name)]
public sealed class PostgresRetrievalQualityTests(PostgresApiFactory api, ITestOutputHelper output) : RetrievalQualityTests(api, output);
