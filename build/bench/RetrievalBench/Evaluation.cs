using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Documents;
using Planck.Infrastructure.Persistence;

namespace Planck.Bench.Retrieval;

internal sealed record RankedHit(string Document, int? Page, long ChunkId, double Score, bool Gold);

/// <summary>One question asked in one mode: the 1-based rank of the first passage citing the gold unit, if any.</summary>
internal sealed record Outcome(string QuestionId, SearchMode Mode, int? Rank, double Milliseconds, IReadOnlyList<RankedHit> Hits);

internal static class Evaluation
{
    /// <summary>Results per question; MRR is counted over these, so it is MRR@10.</summary>
    public const int Depth = 10;

    public static async Task<IReadOnlyList<Outcome>> RunAsync(BenchHost bench, IReadOnlyList<Question> questions, IReadOnlyList<SearchMode> modes)
    {
        var outcomes = new List<Outcome>();
        foreach (var mode in modes)
        {
            // Unrecorded: loads the workspace's vectors and warms the model and the database before the first timing.
            await SearchAsync(bench, "warm-up query", mode);
            foreach (var question in questions)
            {
                var clock = Stopwatch.StartNew();
                var hits = await SearchAsync(bench, question.Text, mode);
                var milliseconds = clock.Elapsed.TotalMilliseconds;
                var ranked = hits.Select(h => new RankedHit(h.DocumentName, h.Page, h.ChunkId, h.Score, question.IsCoveredBy(h.DocumentName, h.Page, h.Text))).ToList();
                var first = ranked.FindIndex(h => h.Gold);
                outcomes.Add(new Outcome(question.Id, mode, first < 0 ? null : first + 1, milliseconds, ranked));
            }
        }

        return outcomes;
    }

    private static async Task<IReadOnlyList<SearchHit>> SearchAsync(BenchHost bench, string query, SearchMode mode)
    {
        await using var scope = bench.Services.CreateAsyncScope();
        var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        return await index.SearchAsync(new SearchRequest(bench.WorkspaceId, query, null, Depth, mode), CancellationToken.None);
    }
}

/// <summary>Every passage of the workspace as stored, to tell which gold units any passage cites at all.</summary>
internal sealed record Passages(IReadOnlyList<(string Document, int? Page, string Text)> All, int Embedded)
{
    public static async Task<Passages> LoadAsync(BenchHost bench)
    {
        await using var scope = bench.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
        var rows = await db.DocumentChunks.AsNoTracking()
            .Where(c => c.WorkspaceId == bench.WorkspaceId)
            .Join(db.Documents, c => c.DocumentId, d => d.Id, (c, d) => new { d.Name, c.Page, c.Text, Embedded = c.Embedding != null })
            .ToListAsync();
        return new Passages(rows.ConvertAll(r => (r.Name, r.Page, r.Text)), rows.Count(r => r.Embedded));
    }

    /// <summary>
    /// False when no passage cites the question's gold unit (a short page merged into the passage of the page before
    /// it): then no ranking can score the question, and the miss belongs to chunking, not to search.
    /// </summary>
    public bool CanBeHit(Question question) => All.Any(p => question.IsCoveredBy(p.Document, p.Page, p.Text));
}
