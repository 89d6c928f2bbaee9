using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Search;

/// <summary>
/// FTS5 over <c>document_chunks_fts(text, scope)</c>. Each user word becomes a quoted string (so nothing the user
/// types is FTS syntax), the words are OR-ed, restricted to the <c>text</c> column and AND-ed with the workspace's
/// scope token, so the index reads only that workspace's postings. Ranked by bm25 with the scope column weighted 0.
/// </summary>
internal sealed class SqliteFullTextSearch(PlanckDbContext db) : IFullTextSearch
{
    public async Task<IReadOnlyList<long>> SearchAsync(
        Guid workspaceId, IReadOnlyList<string> terms, IReadOnlyCollection<Guid>? documentIds, int candidates, CancellationToken cancellationToken)
    {
        if (terms.Count == 0 || candidates <= 0)
        {
            return [];
        }

        // Ranked first, joined after: only the best candidates are checked against their document (processing writes
        // a generation in the transaction that moves the document onto it, so the check removes little in practice
        // and need not run for every match).
        var sql = new StringBuilder("""
            SELECT r.rowid
            FROM (
            SELECT m.rowid, m.score
            FROM (
                SELECT rowid, bm25(document_chunks_fts, 1.0, 0.0) AS score
                FROM document_chunks_fts
                WHERE document_chunks_fts MATCH $match
            """);
        var parameters = new List<(string Name, object Value)>
        {
            ("$match", MatchExpression(workspaceId, terms)),
            ("$ws", SqlitePlanckDbContext.StoredGuid(workspaceId)),
            ("$scan", FullTextLimits.MaxMatchesRanked),
            ("$candidates", candidates),
        };
        if (documentIds is { Count: > 0 })
        {
            var names = documentIds.Select((id, i) =>
            {
                var name = "$d" + i.ToString(CultureInfo.InvariantCulture);
                parameters.Add((name, SqlitePlanckDbContext.StoredGuid(id)));
                return name;
            });
            sql.Append(CultureInfo.InvariantCulture, $"\n        AND rowid IN (SELECT id FROM document_chunks WHERE document_id IN ({string.Join(", ", names)}))");
        }

        sql.Append($"""

                LIMIT $scan
            ) AS m
            ORDER BY m.score, m.rowid
            LIMIT $candidates
            ) AS r
            JOIN document_chunks c ON c.id = r.rowid
            JOIN documents d ON d.id = c.document_id
            WHERE d.workspace_id = $ws AND {ServedPassages.Sql}
            ORDER BY r.score, r.rowid
            """);

        return await RawSql.ReadIdsAsync(db, sql.ToString(), parameters, cancellationToken);
    }

    /// <summary>
    /// <c>scope : "w…" AND (text : "a" OR text : "b")</c>. Inside an FTS5 string a double quote is written twice;
    /// the terms have none (letters and digits only) but the rule is kept so the builder is safe on its own.
    /// </summary>
    internal static string MatchExpression(Guid workspaceId, IReadOnlyList<string> terms) =>
        $"scope : \"{ScopeToken(workspaceId)}\" AND ({string.Join(" OR ", terms.Select(t => $"text : \"{t.Replace("\"", "\"\"", StringComparison.Ordinal)}\""))})";

    /// <summary>What the insert trigger writes: <c>'w' || replace(workspace_id, '-', '')</c>; unicode61 folds its case.</summary>
    internal static string ScopeToken(Guid workspaceId) => "w" + workspaceId.ToString("N");

}

/// <summary>Parameterised raw SQL on the context's own connection (and transaction, if one is open).</summary>
internal static class RawSql
{
    public static Task<IReadOnlyList<long>> ReadIdsAsync(
        PlanckDbContext db, string sql, IEnumerable<(string Name, object Value)> parameters, CancellationToken cancellationToken) =>
        db.WithOpenConnectionAsync<IReadOnlyList<long>>(
            async connection =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                foreach (var (name, value) in parameters)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = value;
                    command.Parameters.Add(parameter);
                }

                var ids = new List<long>();
                await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetInt64(0));
                }

                return ids;
            },
            cancellationToken);
}
