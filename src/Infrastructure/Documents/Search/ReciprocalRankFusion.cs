namespace Planck.Infrastructure.Documents.Search;

/// <summary>
/// Merges rankings by position alone: a passage scores Σ weight/(k + rank) over the lists that hold it (rank from 1).
/// Scores of different engines (bm25, ts_rank, cosine) are not comparable; ranks are. The weights and k were tuned
/// on the development half of the real-document benchmark and checked on its held-out half (ADR 0014).
/// </summary>
internal static class ReciprocalRankFusion
{
    /// <summary>The usual constant (Cormack et al.), kept as the default; the search uses the tuned <c>Planck:Search:FusionK</c>.</summary>
    public const int K = 60;

    public static IReadOnlyList<(long ChunkId, double Score)> Fuse(IEnumerable<(IReadOnlyList<long> Ranking, double Weight)> rankings, int k = K)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        var scores = new Dictionary<long, double>();
        var firstSeen = new Dictionary<long, int>();
        foreach (var (ranking, weight) in rankings)
        {
            for (var rank = 1; rank <= ranking.Count; rank++)
            {
                var id = ranking[rank - 1];
                scores[id] = scores.GetValueOrDefault(id) + weight / (k + rank);
                firstSeen.TryAdd(id, firstSeen.Count);
            }
        }

        return scores
            .OrderByDescending(s => s.Value)
            .ThenBy(s => firstSeen[s.Key])
            .Select(s => (s.Key, s.Value))
            .ToList();
    }
}
