namespace Planck.Domain.Documents;

/// <summary>
/// A table found in a spreadsheet sheet or CSV file, kept as columns and rows so that a later feature can
/// load it into a SQL engine and query it.
/// </summary>
public sealed class DocumentTable
{
    private DocumentTable()
    {
        Name = string.Empty;
        ColumnsJson = "[]";
    }

    public DocumentTable(Guid documentId, int ordinal, string name, string columnsJson, int rowCount)
    {
        DocumentId = documentId;
        Ordinal = ordinal;
        Name = name;
        ColumnsJson = columnsJson;
        RowCount = rowCount;
    }

    public long Id { get; private set; }
    public Guid DocumentId { get; private set; }
    public int Ordinal { get; private set; }

    /// <summary>The sheet's name, or the file's name for a CSV.</summary>
    public string Name { get; private set; }

    /// <summary>JSON array of <c>{"name", "type"}</c> with type one of <c>string</c>, <c>number</c>, <c>boolean</c>, <c>date</c>.</summary>
    public string ColumnsJson { get; private set; }

    public int RowCount { get; private set; }
}

/// <summary>One data row of a <see cref="DocumentTable"/>: a JSON array of cell values in column order.</summary>
public sealed class DocumentTableRow
{
    private DocumentTableRow()
    {
        CellsJson = "[]";
    }

    public DocumentTableRow(long tableId, int rowNumber, string cellsJson)
    {
        TableId = tableId;
        RowNumber = rowNumber;
        CellsJson = cellsJson;
    }

    public long TableId { get; private set; }

    /// <summary>1-based, in file order, not counting the header.</summary>
    public int RowNumber { get; private set; }

    public string CellsJson { get; private set; }
}
