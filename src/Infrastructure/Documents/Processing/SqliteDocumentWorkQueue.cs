using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Planck.Application.Documents.Processing;
using Planck.Infrastructure.Documents.Extraction;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Processing;

/// <summary>
/// SQLite serialises writers, so one <c>UPDATE … WHERE id = (SELECT … LIMIT 1) RETURNING</c> claims atomically: no
/// second writer can run between the choice and the update. Times are compared in EF's stored form (see
/// <see cref="SqlitePlanckDbContext"/>), ids in EF's upper-case text form.
/// </summary>
internal sealed class SqliteDocumentWorkQueue(PlanckDbContext db) : DocumentWorkQueue(db)
{
    private static readonly DateTimeOffsetToBinaryConverter TimeConverter = new();

    /// <summary>The same number EF writes for the value, so SQL comparisons agree with what EF stored.</summary>
    internal static long StoredTime(DateTimeOffset value) => (long)TimeConverter.ConvertToProvider(value.ToUniversalTime())!;


    protected override object Time(DateTimeOffset value) => StoredTime(value);

    protected override object Id(Guid value) => SqlitePlanckDbContext.StoredGuid(value);

    // SQLite's fastest bulk path inside a transaction is one prepared statement run once per row.
    protected override async Task InsertChunksAsync(Guid documentId, Guid workspaceId, int generation, IReadOnlyList<EmbeddedPassage> chunks, CancellationToken cancellationToken)
    {
        if (chunks.Count == 0)
        {
            return;
        }

        await using var command = Command(
            """
            INSERT INTO document_chunks (document_id, workspace_id, generation, ordinal, text, page, sheet, token_count, embedding)
            VALUES (@document_id, @workspace_id, @generation, @ordinal, @text, @page, @sheet, @token_count, @embedding)
            """);
        AddParameter(command, "document_id", Id(documentId));
        AddParameter(command, "workspace_id", Id(workspaceId));
        AddParameter(command, "generation", generation);
        var ordinal = AddParameter(command, "ordinal", 0);
        var text = AddParameter(command, "text", string.Empty);
        var page = AddParameter(command, "page", null);
        var sheet = AddParameter(command, "sheet", null);
        var tokenCount = AddParameter(command, "token_count", 0);
        var embedding = AddParameter(command, "embedding", null);
        await command.PrepareAsync(cancellationToken);
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            ordinal.Value = i;
            text.Value = StorableText(chunk.Draft.Text);
            page.Value = chunk.Draft.Page ?? (object)DBNull.Value;
            sheet.Value = Bounded(chunk.Draft.Sheet, SheetMaxLength) ?? (object)DBNull.Value;
            tokenCount.Value = chunk.Draft.TokenCount;
            embedding.Value = chunk.Embedding ?? (object)DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    protected override async Task InsertRowsAsync(long tableId, ExtractedTable table, CancellationToken cancellationToken)
    {
        if (table.Rows.Count == 0)
        {
            return;
        }

        await using var command = Command(
            "INSERT INTO document_table_rows (table_id, row_number, cells_json) VALUES (@table_id, @row_number, @cells_json)");
        AddParameter(command, "table_id", tableId);
        var rowNumber = AddParameter(command, "row_number", 0);
        var cells = AddParameter(command, "cells_json", string.Empty);
        await command.PrepareAsync(cancellationToken);
        using var json = new TableJson();
        for (var i = 0; i < table.Rows.Count; i++)
        {
            rowNumber.Value = i + 1;
            cells.Value = json.Row(table.Rows[i]);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
