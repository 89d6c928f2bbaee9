using System.Text;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Search;

/// <summary>
/// <c>document_chunks.search_vector</c> (english tsvector, GIN-indexed). The words reach PostgreSQL as one
/// parameter, joined with <c>or</c> for <c>websearch_to_tsquery</c>, which never fails on its input and stems and
/// drops stop words as the index did. The words themselves carry no syntax (letters and digits only), so the
/// query is exactly "any of these words".
/// </summary>
/// <remarks>
/// Ranked like BM25, as SQLite's FTS5 ranks: <c>ts_rank_cd</c> has no inverse document frequency, so a passage dense
/// in common words ("function", "file") outranked the one holding the rare word a question hinges on (held-out
/// hit@5 0.455 against SQLite's 0.818 over the same passages, docs/benchmarks.md). Everything is computed over the
/// capped set of matches the GIN index returns, nothing scans the workspace: a word's document frequency is the
/// number of those matches holding it (exact while the cap is not reached, since every passage with a query word is
/// a match), the passage count is the sum of the ready documents' <c>chunk_count</c>, the term frequency is
/// <c>ts_rank</c> of the single word (1 for one occurrence, saturating towards 1.64 — BM25's saturation, given by
/// PostgreSQL) and the length is the passage's <c>token_count</c>.
/// </remarks>
internal sealed class PostgresFullTextSearch(PlanckDbContext db) : IFullTextSearch
{
    /// <summary>BM25's usual constants: term-frequency saturation and the weight of the length normalisation.</summary>
    public const double K1 = 1.2;

    public const double B = 0.75;

    /// <summary><c>ts_rank</c> of one unweighted occurrence (weight D = 0.1 over π²/6): turns it into a count of about 1.</summary>
    private const double SingleOccurrenceRank = 0.1 / 1.6449340668;

    public async Task<IReadOnlyList<long>> SearchAsync(
        Guid workspaceId, IReadOnlyList<string> terms, IReadOnlyCollection<Guid>? documentIds, int candidates, CancellationToken cancellationToken)
    {
        if (terms.Count == 0 || candidates <= 0)
        {
            return [];
        }

        var filterDocuments = documentIds is { Count: > 0 };
        // Matches capped, then ranked, then only the best checked against their document (see the SQLite engine).
        // Each match's tsvector is read out of its storage once (the concatenation makes a plain in-memory copy that
        // the materialised CTE keeps): every @@ or ts_rank on the stored column would fetch and decompress it again,
        // which was three quarters of the query (docs/benchmarks.md). Each (match, word) pair is scored once, in p.
        var sql = new StringBuilder("""
            WITH m AS MATERIALIZED (
                SELECT c.id, c.search_vector || ''::tsvector AS words, c.token_count
                FROM (SELECT websearch_to_tsquery('english', @words) AS query) AS q
                CROSS JOIN document_chunks AS c
                WHERE c.workspace_id = @ws AND c.search_vector @@ q.query
            """);
        if (filterDocuments)
        {
            sql.Append("\n        AND c.document_id = ANY(@ids)");
        }

        sql.Append($"""

                LIMIT @scan
            ),
            t AS (
                SELECT min(w.n) AS n, w.query
                FROM (SELECT plainto_tsquery('english', u.word) AS query, u.n FROM unnest(@terms) WITH ORDINALITY AS u(word, n)) AS w
                WHERE numnode(w.query) > 0
                GROUP BY w.query
            ),
            p AS MATERIALIZED (
                SELECT m.id, m.token_count, t.n, ts_rank(m.words, t.query, 0) / @single AS tf
                FROM m CROSS JOIN t
                WHERE m.words @@ t.query
            ),
            df AS (
                SELECT p.n, count(*)::float8 AS matches FROM p GROUP BY p.n
            ),
            stats AS (
                SELECT greatest((SELECT count(*) FROM m), (
                           SELECT coalesce(sum(d.chunk_count), 0) FROM documents AS d
                           WHERE d.workspace_id = @ws AND {ServedPassages.IndexedDocumentSql}))::float8 AS passages,
                       greatest((SELECT avg(m.token_count) FROM m), 1)::float8 AS mean_length
            ),
            r AS (
                SELECT p.id, sum(
                           ln(1 + (s.passages - df.matches + 0.5) / (df.matches + 0.5))
                           * (p.tf * (@k1 + 1)) / (p.tf + @k1 * (1 - @b + @b * p.token_count / s.mean_length))) AS score
                FROM p
                JOIN df ON df.n = p.n
                CROSS JOIN stats AS s
                GROUP BY p.id
                ORDER BY score DESC, p.id
                LIMIT @candidates
            )
            SELECT r.id
            FROM r
            JOIN document_chunks AS c ON c.id = r.id
            JOIN documents AS d ON d.id = c.document_id
            WHERE {ServedPassages.Sql}
            ORDER BY r.score DESC, r.id
            """);

        var parameters = new List<(string Name, object Value)>
        {
            ("words", string.Join(" or ", terms)),
            ("terms", terms.ToArray()),
            ("ws", workspaceId),
            ("scan", FullTextLimits.MaxMatchesRanked),
            ("candidates", candidates),
            ("k1", K1),
            ("b", B),
            ("single", SingleOccurrenceRank),
        };
        if (filterDocuments)
        {
            parameters.Add(("ids", documentIds!.ToArray()));
        }

        return await RawSql.ReadIdsAsync(db, sql.ToString(), parameters, cancellationToken);
    }
}
