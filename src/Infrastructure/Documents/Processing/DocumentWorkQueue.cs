using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Planck.Application.Documents.Processing;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Extraction;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Processing;

/// <summary>
/// The <c>documents</c> table as a work queue shared by every node: the claim and the lease, the statements that must
/// be atomic across nodes, and the bulk writes of a completed document. The document's other transitions are its own
/// (<see cref="Document"/>), saved on condition that the lease is still held
/// (<see cref="DocumentTransitions"/>), so a document deleted or cancelled meanwhile, or taken over after the lease
/// lapsed, is never written back.
/// </summary>
internal abstract class DocumentWorkQueue(PlanckDbContext db)
{
    protected const string Pending = nameof(DocumentStatus.Pending);
    protected const string Processing = nameof(DocumentStatus.Processing);

    /// <summary>The column's length (<c>DocumentChunkConfiguration</c>).</summary>
    protected const int SheetMaxLength = 200;

    private const string RenewSql =
        "UPDATE documents SET lease_expires_at = @lease_expires_at WHERE id = @id AND lease_owner = @owner";

    private const string DeleteLeftoversSql = """
        DELETE FROM document_table_rows WHERE table_id IN (SELECT id FROM document_tables WHERE document_id = @id);
        DELETE FROM document_tables WHERE document_id = @id;
        DELETE FROM document_chunks WHERE document_id = @id;
        """;

    /// <summary>The leftovers' delete, only while the document serves nothing (a new attempt may already serve text again).</summary>
    private const string DeleteUnservedSql = """
        DELETE FROM document_table_rows WHERE table_id IN (SELECT id FROM document_tables WHERE document_id = @id)
            AND NOT EXISTS (SELECT 1 FROM documents WHERE id = @id AND index_generation > 0);
        DELETE FROM document_tables WHERE document_id = @id
            AND NOT EXISTS (SELECT 1 FROM documents WHERE id = @id AND index_generation > 0);
        DELETE FROM document_chunks WHERE document_id = @id
            AND NOT EXISTS (SELECT 1 FROM documents WHERE id = @id AND index_generation > 0);
        """;

    private const string StoreVectorSql =
        "UPDATE document_chunks SET embedding = @embedding WHERE document_id = @id AND generation = @generation AND ordinal = @ordinal";

    private const string InsertTableSql = """
        INSERT INTO document_tables (document_id, ordinal, name, columns_json, row_count)
        VALUES (@document_id, @ordinal, @name, @columns_json, @row_count)
        RETURNING id
        """;

    /// <summary>
    /// One due document, never-indexed ones before re-index work (whose old passages serve meanwhile), oldest first, by <see cref="Document.IsClaimable"/> and changed as <see cref="Document.Claim"/>
    /// changes it, in a single statement, so the claim is atomic; SQLite's single writer needs nothing more.
    /// </summary>
    internal string ClaimSql => $"""
        UPDATE documents
        SET status = '{Processing}', lease_owner = @owner, lease_expires_at = @lease_expires_at, attempts = attempts + 1,
            processing_started_at = coalesce(processing_started_at, @now),
            progress_stage = '{nameof(DocumentStage.Extracting)}', progress_percent = 0, passages_done = 0, updated_at = @now
        WHERE id = (
            SELECT id FROM documents
            WHERE (status = '{Pending}' AND next_attempt_at <= @now)
               OR (status = '{Processing}' AND lease_expires_at < @now)
            ORDER BY CASE WHEN index_generation = 0 THEN 0 ELSE 1 END, created_at
            LIMIT 1
            {ClaimRowLock})
        RETURNING id, workspace_id, name, storage_key, kind, attempts
        """;

    /// <summary>The row lock the claim's inner select takes, if the database has one.</summary>
    protected virtual string ClaimRowLock => string.Empty;

    protected PlanckDbContext Db => db;

    /// <summary>The queue for the context's provider; the SQL differs in locking and in how times and ids are stored.</summary>
    public static DocumentWorkQueue For(PlanckDbContext db) => db switch
    {
        SqlitePlanckDbContext => new SqliteDocumentWorkQueue(db),
        PostgresPlanckDbContext => new PostgresDocumentWorkQueue(db),
        _ => throw new NotSupportedException($"No document work queue for {db.GetType().Name}."),
    };

    public Task<ClaimedDocument?> ClaimAsync(string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async () =>
            {
                await using var command = Command(ClaimSql);
                AddParameter(command, "owner", owner);
                AddParameter(command, "now", Time(now));
                AddParameter(command, "lease_expires_at", Time(now + lease));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return null;
                }

                return new ClaimedDocument(
                    reader.GetFieldValue<Guid>(0),
                    reader.GetFieldValue<Guid>(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    Enum.Parse<DocumentKind>(reader.GetString(4)),
                    reader.GetInt32(5));
            },
            cancellationToken);

    /// <summary>Extends the lease; false when the document is gone or another worker holds it now.</summary>
    public async Task<bool> RenewAsync(Guid documentId, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        await ExecuteAsync(RenewSql, cancellationToken, ("id", Id(documentId)), ("owner", owner), ("lease_expires_at", Time(now + lease))) > 0;

    /// <summary>
    /// Stores what processing derived and saves the document <paramref name="ready"/> (or serving its text early,
    /// <see cref="Document.ServeFullText"/>), all in one transaction. The
    /// conditional status change goes first, so a lost lease is found before any row is written (and on PostgreSQL
    /// the row lock then holds off a concurrent delete or cancel until the commit, which then removes what was
    /// written). Returns false, with nothing written, when the lease is no longer held.
    /// </summary>
    public Task<bool> CompleteAsync(Document ready, string owner, IndexedDocument result, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                if (!await db.SaveTransitionAsync(ready, DocumentStatus.Processing, owner, cancellationToken))
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return false;
                }

                // The swap: the generations before (the one that served until now, and rows of an earlier attempt that died
                // after writing but before its node noticed the lost lease) go, the new one comes in, and the document
                // moved onto it above; readers see the one or the other, never both or neither.
                await ExecuteAsync(DeleteLeftoversSql, cancellationToken, ("id", Id(ready.Id)));
                await InsertChunksAsync(ready.Id, ready.WorkspaceId, ready.IndexGeneration, result.Passages, cancellationToken);
                var tables = ExtractedDocumentContent.Of(result.Content).Tables;
                for (var ordinal = 0; ordinal < tables.Count; ordinal++)
                {
                    var table = tables[ordinal];
                    var tableId = await InsertTableAsync(ready.Id, ordinal, table, cancellationToken);
                    await InsertRowsAsync(tableId, table, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                return true;
            },
            cancellationToken);

    /// <summary>
    /// Writes the vectors onto the passages a document already serves by full text and saves it <paramref name="ready"/>,
    /// in one transaction, so vector search sees the document's vectors all at once with its move to ready. False, with
    /// nothing written, when the lease is no longer held.
    /// </summary>
    public Task<bool> CompleteVectorsAsync(Document ready, string owner, IReadOnlyList<EmbeddedPassage> passages, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                if (!await db.SaveTransitionAsync(ready, DocumentStatus.Processing, owner, cancellationToken))
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return false;
                }

                await using var command = Command(StoreVectorSql);
                AddParameter(command, "id", Id(ready.Id));
                AddParameter(command, "generation", ready.IndexGeneration);
                var ordinal = AddParameter(command, "ordinal", 0);
                var embedding = AddParameter(command, "embedding", Array.Empty<byte>());
                await command.PrepareAsync(cancellationToken);
                for (var i = 0; i < passages.Count; i++)
                {
                    if (passages[i].Embedding is { } vector)
                    {
                        ordinal.Value = i;
                        embedding.Value = vector;
                        await command.ExecuteNonQueryAsync(cancellationToken);
                    }
                }

                await transaction.CommitAsync(cancellationToken);
                return true;
            },
            cancellationToken);

    /// <summary>Deletes what processing stored of a document that serves nothing now (its early text withdrawn); a no-op once it serves again.</summary>
    public Task WithdrawAsync(Guid documentId, CancellationToken cancellationToken) =>
        ExecuteAsync(DeleteUnservedSql, cancellationToken, ("id", Id(documentId)));

    /// <summary>A time as this provider's column stores it.</summary>
    protected abstract object Time(DateTimeOffset value);

    /// <summary>A document id as this provider's column stores it.</summary>
    protected abstract object Id(Guid value);

    protected abstract Task InsertChunksAsync(Guid documentId, Guid workspaceId, int generation, IReadOnlyList<EmbeddedPassage> chunks, CancellationToken cancellationToken);

    protected abstract Task InsertRowsAsync(long tableId, ExtractedTable table, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> with the context's connection open, and closes it after (<see cref="OpenConnections"/>).</summary>
    protected Task<T> WithConnectionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken) =>
        db.WithOpenConnectionAsync(_ => work(), cancellationToken);

    /// <summary>A command on the open connection (inside <see cref="WithConnectionAsync{T}"/>), in its transaction if one is open.</summary>
    protected DbCommand Command(string sql)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            throw new InvalidOperationException("A work-queue command runs inside WithConnectionAsync.");
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    protected static DbParameter AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Text the database can store: PostgreSQL refuses NUL characters in text, so neither provider keeps them.</summary>
    protected static string StorableText(string text) => text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", string.Empty, StringComparison.Ordinal) : text;

    protected static string? Bounded(string? text, int maxLength)
    {
        if (text is null)
        {
            return null;
        }

        var clean = StorableText(text);
        return clean.Length > maxLength ? clean[..maxLength] : clean;
    }

    private async Task<long> InsertTableAsync(Guid documentId, int ordinal, ExtractedTable table, CancellationToken cancellationToken)
    {
        await using var command = Command(InsertTableSql);
        AddParameter(command, "document_id", Id(documentId));
        AddParameter(command, "ordinal", ordinal);
        AddParameter(command, "name", Bounded(table.Name, Document.MaxNameLength));
        AddParameter(command, "columns_json", TableJson.Columns(table.Columns));
        AddParameter(command, "row_count", table.Rows.Count);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        WithConnectionAsync(
            async () =>
            {
                await using var command = Command(sql);
                foreach (var (name, value) in parameters)
                {
                    AddParameter(command, name, value);
                }

                return await command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
}
