using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Extraction;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Processing;

/// <summary>
/// The <c>documents</c> table as a work queue shared by every node. A worker claims one due document with a lease,
/// renews the lease while it works, and ends with exactly one of complete, fail, retry or release. Every write after
/// the claim is conditional on still holding the lease, so a document deleted meanwhile, or taken over after the
/// lease lapsed, is never written back.
/// </summary>
internal abstract class DocumentWorkQueue(PlanckDbContext db)
{
    protected const string Pending = nameof(DocumentStatus.Pending);
    protected const string Processing = nameof(DocumentStatus.Processing);

    /// <summary>The column's length (<c>DocumentChunkConfiguration</c>).</summary>
    protected const int SheetMaxLength = 200;

    private const string RenewSql =
        "UPDATE documents SET lease_expires_at = @lease_expires_at WHERE id = @id AND lease_owner = @owner";

    private const string MarkReadySql = """
        UPDATE documents
        SET status = 'Ready', page_count = @page_count, chunk_count = @chunk_count, error = NULL,
            lease_owner = NULL, lease_expires_at = NULL, processed_at = @now, updated_at = @now
        WHERE id = @id AND lease_owner = @owner
        """;

    private const string MarkFailedSql = """
        UPDATE documents
        SET status = 'Failed', error = @error, lease_owner = NULL, lease_expires_at = NULL, processed_at = @now, updated_at = @now
        WHERE id = @id AND lease_owner = @owner
        """;

    private const string ScheduleRetrySql = """
        UPDATE documents
        SET status = 'Pending', error = @error, next_attempt_at = @next_attempt_at, lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
        WHERE id = @id AND lease_owner = @owner
        """;

    // A shutdown is not the document's fault, so the attempt it interrupted is given back.
    private const string ReleaseSql = """
        UPDATE documents
        SET status = 'Pending', attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, next_attempt_at = @now,
            lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
        WHERE id = @id AND lease_owner = @owner
        """;

    private const string DeleteLeftoversSql = """
        DELETE FROM document_table_rows WHERE table_id IN (SELECT id FROM document_tables WHERE document_id = @id);
        DELETE FROM document_tables WHERE document_id = @id;
        DELETE FROM document_chunks WHERE document_id = @id;
        """;

    private const string InsertTableSql = """
        INSERT INTO document_tables (document_id, ordinal, name, columns_json, row_count)
        VALUES (@document_id, @ordinal, @name, @columns_json, @row_count)
        RETURNING id
        """;

    /// <summary>The claim statement: oldest due pending document, or one whose holder's lease lapsed.</summary>
    /// <summary>
    /// One due document, oldest first: pending and due, or processing under a lease that ran out (a crashed node).
    /// A single statement, so the claim is atomic; SQLite's single writer needs nothing more.
    /// </summary>
    internal string ClaimSql => $"""
        UPDATE documents
        SET status = '{Processing}', lease_owner = @owner, lease_expires_at = @lease_expires_at, attempts = attempts + 1,
            processing_started_at = coalesce(processing_started_at, @now), updated_at = @now
        WHERE id = (
            SELECT id FROM documents
            WHERE (status = '{Pending}' AND next_attempt_at <= @now)
               OR (status = '{Processing}' AND lease_expires_at < @now)
            ORDER BY created_at
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
    /// Stores what processing derived and marks the document ready, all in one transaction. The conditional status
    /// change goes first, so a lost lease is found before any row is written (and on PostgreSQL the row lock then
    /// holds off a concurrent delete until the commit, whose cascade removes what was written). Returns false, with
    /// nothing written, when the lease is no longer held.
    /// </summary>
    public Task<bool> CompleteAsync(ClaimedDocument document, string owner, ProcessedDocument result, DateTimeOffset now, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var updated = await ExecuteAsync(
                    MarkReadySql,
                    cancellationToken,
                    ("id", Id(document.Id)),
                    ("owner", owner),
                    ("page_count", result.PageCount),
                    ("chunk_count", result.Chunks.Count),
                    ("now", Time(now)));
                if (updated == 0)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return false;
                }

                // Rows from an earlier attempt that died after writing but before its node noticed the lost lease.
                await ExecuteAsync(DeleteLeftoversSql, cancellationToken, ("id", Id(document.Id)));
                await InsertChunksAsync(document, result.Chunks, cancellationToken);
                for (var ordinal = 0; ordinal < result.Tables.Count; ordinal++)
                {
                    var table = result.Tables[ordinal];
                    var tableId = await InsertTableAsync(document.Id, ordinal, table, cancellationToken);
                    await InsertRowsAsync(tableId, table, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                return true;
            },
            cancellationToken);

    public async Task<bool> FailAsync(Guid documentId, string owner, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync(MarkFailedSql, cancellationToken, ("id", Id(documentId)), ("owner", owner), ("error", Document.TrimError(error)), ("now", Time(now))) > 0;

    public async Task<bool> ScheduleRetryAsync(
        Guid documentId, string owner, string note, DateTimeOffset nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            ScheduleRetrySql,
            cancellationToken,
            ("id", Id(documentId)),
            ("owner", owner),
            ("error", Document.TrimError(note)),
            ("next_attempt_at", Time(nextAttemptAt)),
            ("now", Time(now))) > 0;

    /// <summary>Hands the document back at shutdown, due at once, without counting the interrupted attempt.</summary>
    public async Task<bool> ReleaseAsync(Guid documentId, string owner, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync(ReleaseSql, cancellationToken, ("id", Id(documentId)), ("owner", owner), ("now", Time(now))) > 0;

    /// <summary>A time as this provider's column stores it.</summary>
    protected abstract object Time(DateTimeOffset value);

    /// <summary>A document id as this provider's column stores it.</summary>
    protected abstract object Id(Guid value);

    protected abstract Task InsertChunksAsync(ClaimedDocument document, IReadOnlyList<ProcessedChunk> chunks, CancellationToken cancellationToken);

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
