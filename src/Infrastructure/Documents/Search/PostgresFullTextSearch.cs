using System.Text;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Search;

/// <summary>
/// <c>document_chunks.search_vector</c> (english tsvector, GIN-indexed). The words reach PostgreSQL as one
/// parameter, joined with <c>or</c> for <c>websearch_to_tsquery</c>, which never fails on its input and stems and
/// drops stop words as the index did. The words themselves carry no syntax (letters and digits only), so the
/// query is exactly "any of these words". Ranked by <c>ts_rank_cd</c>.
/// </summary>
internal sealed class PostgresFullTextSearch(PlanckDbContext db) : IFullTextSearch
{
    public async Task<IReadOnlyList<long>> SearchAsync(
        Guid workspaceId, IReadOnlyList<string> terms, IReadOnlyCollection<Guid>? documentIds, int candidates, CancellationToken cancellationToken)
    {
        if (terms.Count == 0 || candidates <= 0)
        {
            return [];
        }

        var filterDocuments = documentIds is { Count: > 0 };
        // Matches capped, then ranked, then only the best checked against their document (see the SQLite engine).
        var sql = new StringBuilder("""
            SELECT r.id
            FROM (
                SELECT m.id, ts_rank_cd(m.search_vector, m.query) AS score
                FROM (
                    SELECT c.id, c.search_vector, q.query
                    FROM (SELECT websearch_to_tsquery('english', @words) AS query) AS q
                    CROSS JOIN document_chunks AS c
                    WHERE c.workspace_id = @ws AND c.search_vector @@ q.query
            """);
        if (filterDocuments)
        {
            sql.Append("\n            AND c.document_id = ANY(@ids)");
        }

        sql.Append("""

                    LIMIT @scan
                ) AS m
                ORDER BY score DESC, m.id
                LIMIT @candidates
            ) AS r
            JOIN document_chunks AS c ON c.id = r.id
            JOIN documents AS d ON d.id = c.document_id
            WHERE d.status = 'Ready'
            ORDER BY r.score DESC, r.id
            """);

        var parameters = new List<(string Name, object Value)>
        {
            ("words", string.Join(" or ", terms)),
            ("ws", workspaceId),
            ("scan", FullTextLimits.MaxMatchesRanked),
            ("candidates", candidates),
        };
        if (filterDocuments)
        {
            parameters.Add(("ids", documentIds!.ToArray()));
        }

        return await RawSql.ReadIdsAsync(db, sql.ToString(), parameters, cancellationToken);
    }
}
