namespace Planck.Domain.Documents;

/// <summary>The formats Planck reads. Decided from the file's content, not its name alone.</summary>
public enum DocumentKind
{
    Pdf,
    Spreadsheet,
    Csv,
    Text,
    Markdown,
    Word,
    Html,
}

public static class DocumentKinds
{
    /// <summary>What a refused upload is told it may send instead.</summary>
    public const string AcceptedDescription = "PDF (.pdf), Excel (.xlsx), CSV (.csv), plain text (.txt), Markdown (.md), Word (.docx) and HTML (.html)";

    /// <summary>
    /// The file name extensions a client may offer for upload (GET /api/v1/config). The content decides the format;
    /// these are the names the detector tells text formats apart by, plus the binary formats' usual names.
    /// </summary>
    public static readonly IReadOnlyList<string> AcceptedExtensions = [".pdf", ".xlsx", ".csv", ".txt", ".md", ".markdown", ".docx", ".html", ".htm"];

    public static string ContentType(this DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "application/pdf",
        DocumentKind.Spreadsheet => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        DocumentKind.Csv => "text/csv",
        DocumentKind.Text => "text/plain",
        DocumentKind.Markdown => "text/markdown",
        DocumentKind.Word => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        DocumentKind.Html => "text/html",
        _ => "application/octet-stream",
    };

    /// <summary>Whether the format carries tables that are kept as rows and columns as well as text.</summary>
    public static bool IsTabular(this DocumentKind kind) => kind is DocumentKind.Spreadsheet or DocumentKind.Csv;
}
