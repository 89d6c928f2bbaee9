using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Planck.Application.Documents.Processing;
using Planck.Infrastructure.Documents.Extraction;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Processing;

/// <summary>
/// Several nodes claim at once: <c>FOR UPDATE SKIP LOCKED</c> lets each take a different row without waiting on the
/// others. Passages and table rows go in by binary <c>COPY</c>, PostgreSQL's bulk path, inside the completing transaction.
/// </summary>
internal sealed class PostgresDocumentWorkQueue(PlanckDbContext db) : DocumentWorkQueue(db)
{
    /// <summary>Several nodes claim at once; each skips rows another is claiming instead of waiting for it.</summary>
    protected override string ClaimRowLock => "FOR UPDATE SKIP LOCKED";

    protected override object Time(DateTimeOffset value) => value.ToUniversalTime();

    protected override object Id(Guid value) => value;

    protected override async Task InsertChunksAsync(Guid documentId, Guid workspaceId, int generation, IReadOnlyList<EmbeddedPassage> chunks, CancellationToken cancellationToken)
    {
        if (chunks.Count == 0)
        {
            return;
        }

        await using var importer = await Connection.BeginBinaryImportAsync(
            "COPY document_chunks (document_id, workspace_id, generation, ordinal, text, page, sheet, token_count, embedding) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(documentId, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(workspaceId, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(generation, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(StorableText(chunk.Draft.Text), NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, chunk.Draft.Page, NpgsqlDbType.Integer, cancellationToken);
            await WriteNullableAsync(importer, Bounded(chunk.Draft.Sheet, SheetMaxLength), NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(chunk.Draft.TokenCount, NpgsqlDbType.Integer, cancellationToken);
            await WriteNullableAsync(importer, chunk.Embedding, NpgsqlDbType.Bytea, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    protected override async Task InsertRowsAsync(long tableId, ExtractedTable table, CancellationToken cancellationToken)
    {
        if (table.Rows.Count == 0)
        {
            return;
        }

        using var json = new TableJson();
        await using var importer = await Connection.BeginBinaryImportAsync(
            "COPY document_table_rows (table_id, row_number, cells_json) FROM STDIN (FORMAT BINARY)", cancellationToken);
        for (var i = 0; i < table.Rows.Count; i++)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(tableId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(i + 1, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(json.Row(table.Rows[i]), NpgsqlDbType.Text, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private NpgsqlConnection Connection => (NpgsqlConnection)Db.Database.GetDbConnection();

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : class =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, int? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value.Value, type, cancellationToken);
}
