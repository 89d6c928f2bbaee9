using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using Fonts = DocumentFormat.OpenXml.Spreadsheet.Fonts;
using NumberingFormat = DocumentFormat.OpenXml.Spreadsheet.NumberingFormat;
using PageSize = UglyToad.PdfPig.Content.PageSize;
using TopBorder = DocumentFormat.OpenXml.Wordprocessing.TopBorder;
using Word = DocumentFormat.OpenXml.Wordprocessing;
using Xl = DocumentFormat.OpenXml.Spreadsheet;

namespace Planck.Tests.Fixtures;

/// <summary>
/// Real files generated on demand, with deterministic content: the accepted formats filled from
/// <see cref="FixtureCorpus"/>, and hostile files (an executable named .pdf, a truncated or encrypted PDF, a zip
/// bomb named .xlsx, an empty file).
/// </summary>
public static class DocumentFixtures
{
    /// <summary>The zip bomb's big entry inflates to this: more than 1 GiB.</summary>
    public const long ZipBombInflatedBytes = 1100L * 1024 * 1024;

    private const double FontSize = 10;
    private const double LineHeight = 14;
    private const double Margin = 50;
    private const int WrapColumns = 95;

    private static readonly Lazy<byte[]> ZipBomb = new(() => BuildZipBomb(understateSize: false));
    private static readonly Lazy<byte[]> UnderstatedZipBomb = new(() => BuildZipBomb(understateSize: true));

    // ---- PDF ---------------------------------------------------------------------------------------------------

    /// <summary>A text PDF with one page per entry; each page's paragraphs are separated by a blank line's gap, long lines wrapped.</summary>
    public static byte[] Pdf(IReadOnlyList<IReadOnlyList<string>> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var paragraphs in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            var y = page.PageSize.Height - Margin;
            foreach (var paragraph in paragraphs)
            {
                foreach (var line in Wrap(paragraph, WrapColumns))
                {
                    if (y < Margin)
                    {
                        break;
                    }

                    page.AddText(line, FontSize, new PdfPoint(Margin, y), font);
                    y -= LineHeight;
                }

                y -= LineHeight;
            }
        }

        return builder.Build();
    }

    /// <summary>A corpus document as a PDF: the title and first section on page 1, each further section on its own page.</summary>
    public static byte[] Pdf(CorpusDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var pages = document.Sections
            .Select((section, index) => (IReadOnlyList<string>)[.. (index == 0 ? new[] { document.Title } : []), section.Heading, .. section.Paragraphs])
            .ToList();
        return Pdf(pages);
    }

    /// <summary>
    /// A long PDF for limits and benchmarks: every page starts "Page N of M." and carries about 400 tokens of corpus prose
    /// (the corpus cycles), so a 200-page file is about 80,000 tokens.
    /// </summary>
    public static byte[] LongPdf(int pageCount)
    {
        var paragraphs = FixtureCorpus.Documents.SelectMany(document => document.Paragraphs).ToList();
        var pages = new List<IReadOnlyList<string>>(pageCount);
        var next = 0;
        for (var number = 1; number <= pageCount; number++)
        {
            var page = new List<string> { string.Create(CultureInfo.InvariantCulture, $"Page {number} of {pageCount}.") };
            for (var i = 0; i < 4; i++)
            {
                page.Add(paragraphs[next++ % paragraphs.Count]);
            }

            pages.Add(page);
        }

        return Pdf(pages);
    }

    /// <summary>A PDF whose pages have no text at all, as a scan without OCR would.</summary>
    public static byte[] PdfWithoutText(int pageCount)
    {
        var builder = new PdfDocumentBuilder();
        for (var i = 0; i < pageCount; i++)
        {
            var page = builder.AddPage(PageSize.A4);
            page.DrawRectangle(new PdfPoint(100, 100), 300, 400);
        }

        return builder.Build();
    }

    /// <summary>The first 40% of a valid PDF: the header is there, the cross-reference table and trailer are not.</summary>
    public static byte[] TruncatedPdf()
    {
        var whole = Pdf(FixtureCorpus.ProductManual);
        return whole[..(whole.Length * 2 / 5)];
    }

    /// <summary>
    /// A hand-made PDF whose trailer points to a standard-security /Encrypt dictionary. Its /U entry matches no
    /// password, so a reader cannot open it without one (as a password-protected file).
    /// </summary>
    public static byte[] EncryptedPdf()
    {
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            "<< /Length 44 >>\nstream\n" + new string('\u00C4', 44) + "\nendstream",
            "<< /Filter /Standard /V 1 /R 2 /O <" + new string('a', 64) + "> /U <" + new string('b', 64) + "> /P -44 >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        foreach (var (body, index) in objects.Select((body, index) => (body, index)))
        {
            offsets.Add(Encoding.Latin1.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{index + 1} 0 obj\n{body}\nendobj\n");
        }

        var xref = Encoding.Latin1.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R /Encrypt 5 0 R ");
        pdf.Append("/ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] >>\n");
        pdf.Append(CultureInfo.InvariantCulture, $"startxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }

    // ---- Word --------------------------------------------------------------------------------------------------

    /// <summary>A .docx: the title (style Title), each section under a Heading1 (the last under Heading2), its paragraphs, and a small table.</summary>
    public static byte[] Docx(CorpusDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                ParagraphStyle("Normal", "Normal"),
                ParagraphStyle("Title", "Title"),
                ParagraphStyle("Heading1", "heading 1"),
                ParagraphStyle("Heading2", "heading 2"));

            var body = new Body();
            body.Append(StyledParagraph(document.Title, "Title"));
            for (var index = 0; index < document.Sections.Count; index++)
            {
                var section = document.Sections[index];
                var headingStyle = index == document.Sections.Count - 1 && index > 0 ? "Heading2" : "Heading1";
                body.Append(StyledParagraph(section.Heading, headingStyle));
                foreach (var paragraph in section.Paragraphs)
                {
                    body.Append(StyledParagraph(paragraph, null));
                }
            }

            body.Append(WordTable(
                ["Contact", "Role", "Extension"],
                ["Ingrid Halvorsen", "Security lead", "4411"],
                ["Priya Raman", "Travel coordinator", "4520"]));
            body.Append(StyledParagraph("End of document.", null));
            main.Document = new Word.Document(body);
        }

        return stream.ToArray();
    }

    // ---- Excel -------------------------------------------------------------------------------------------------

    /// <summary>
    /// A two-sheet .xlsx: "Quarterly results" (the finance rows) and "Staff". Header row then typed rows: shared and
    /// inline strings, numbers, dates (built-in format 14 and a custom "dd mmm yyyy") and booleans.
    /// </summary>
    public static byte[] Xlsx()
    {
        var finance = new List<object?[]> { new object?[] { "Quarter", "Region", "Revenue", "Expenses", "Closed on", "Audited", "Notes" } };
        finance.AddRange(FixtureCorpus.FinanceRows.Select(row => new object?[] { row.Quarter, row.Region, row.Revenue, row.Expenses, row.ClosedOn, row.Audited, new InlineText(row.Notes) }));
        var staff = new List<object?[]> { new object?[] { "Name", "Department", "Start date", "Salary", "Remote" } };
        staff.AddRange(FixtureCorpus.Staff.Select(member => new object?[] { member.Name, member.Department, new CustomDate(member.StartDate), member.Salary, member.Remote }));
        return Xlsx(("Quarterly results", finance), ("Staff", staff));
    }

    /// <summary>A one-sheet .xlsx with a header and <paramref name="rowCount"/> numbered rows, for the row limit.</summary>
    public static byte[] XlsxWithRows(int rowCount)
    {
        var rows = new List<object?[]> { new object?[] { "Id", "Item", "Price" } };
        for (var i = 1; i <= rowCount; i++)
        {
            rows.Add([(double)i, string.Create(CultureInfo.InvariantCulture, $"Item {i}"), i * 1.25]);
        }

        return Xlsx(("Items", rows));
    }

    /// <summary>
    /// A zip named like a workbook ([Content_Types].xml and xl/workbook.xml present) whose sheet entry inflates to
    /// <see cref="ZipBombInflatedBytes"/> zeros; about 1 MB compressed. Built once per process.
    /// </summary>
    public static byte[] ZipBombXlsx() => ZipBomb.Value;

    /// <summary>
    /// The same bomb with a lying directory: the big entry declares 1,000 bytes. Its content is a valid worksheet
    /// (a start tag, a gigabyte of spaces, one row "boom", end tags), so only a reader that stops at the declared
    /// size refuses it; one that inflates everything finds a valid sheet.
    /// </summary>
    public static byte[] UnderstatedZipBombXlsx() => UnderstatedZipBomb.Value;

    // ---- Text formats ------------------------------------------------------------------------------------------

    /// <summary>
    /// A CSV of invoices: id, customer, amount, issued_on (ISO date), paid (true/false), one line per row.
    /// <paramref name="rowCount"/> rows, deterministic.
    /// </summary>
    public static byte[] Csv(int rowCount, char delimiter = ',')
    {
        string[] customers = ["Contoso", "Fabrikam", "Tailspin Toys", "Wide World Importers", "Northwind Labs"];
        var text = new StringBuilder(rowCount * 48);
        text.Append(string.Join(delimiter, "id", "customer", "amount", "issued_on", "paid")).Append('\n');
        var start = new DateTime(2024, 1, 1);
        for (var i = 1; i <= rowCount; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i}{delimiter}{customers[i % customers.Length]}{delimiter}{i * 7 % 1000 + 0.5}{delimiter}");
            text.Append(CultureInfo.InvariantCulture, $"{start.AddDays(i % 365):yyyy-MM-dd}{delimiter}{(i % 3 == 0 ? "false" : "true")}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The glossary as a two-column CSV (term, definition); definitions contain commas, so they are quoted.</summary>
    public static byte[] GlossaryCsv()
    {
        var text = new StringBuilder("term,definition\n");
        foreach (var entry in FixtureCorpus.GlossaryEntries)
        {
            text.Append(Quote(entry.Term)).Append(',').Append(Quote(entry.Definition)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>An HTML page: a head with a title and a style, a script and a nav to drop, h1/h2 headings, paragraphs with entities, a list and a table.</summary>
    public static byte[] Html(CorpusDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>Not content</title><style>p { color: red; }</style></head>\n<body>\n");
        html.Append("<script>var hidden = 'script text must not appear';</script>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{WebUtility.HtmlEncode(document.Title)}</h1>\n");
        foreach (var section in document.Sections)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>{WebUtility.HtmlEncode(section.Heading)}</h2>\n");
            foreach (var paragraph in section.Paragraphs)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>{WebUtility.HtmlEncode(paragraph)}</p>\n");
            }
        }

        html.Append("<ul><li>Fish &amp; chips on Fridays</li><li>Caf&eacute; opens at 08:00</li></ul>\n");
        html.Append("<table><tr><th>City</th><th>Hotel cap</th></tr><tr><td>London</td><td>260 euros</td></tr></table>\n");
        html.Append("<noscript>noscript text must not appear</noscript>\n</body>\n</html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    /// <summary>Markdown: a # title, ## sections with paragraphs (with emphasis and links), a list, a fenced code block and a pipe table.</summary>
    public static byte[] Markdown(CorpusDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var markdown = new StringBuilder();
        markdown.Append(CultureInfo.InvariantCulture, $"# {document.Title}\n\n");
        foreach (var section in document.Sections)
        {
            markdown.Append(CultureInfo.InvariantCulture, $"## {section.Heading}\n\n");
            foreach (var paragraph in section.Paragraphs)
            {
                markdown.Append(paragraph).Append("\n\n");
            }
        }

        markdown.Append("## Kitchen notes\n\n");
        markdown.Append("Always *taste* before serving, and read the [allergen list](https://example.com/allergens).\n\n");
        markdown.Append("- Keep knives sharp\n- Label every container with the date\n\n");
        markdown.Append("```\noven.preheat(200)\n```\n\n");
        markdown.Append("| Dish | Minutes |\n|---|---|\n| Saffron fish stew | 36 |\n| Green lentil salad | 30 |\n");
        return Encoding.UTF8.GetBytes(markdown.ToString());
    }

    /// <summary>The document as plain UTF-8 text, paragraphs separated by blank lines.</summary>
    public static byte[] Text(CorpusDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Encoding.UTF8.GetBytes(document.PlainText + "\n");
    }

    /// <summary>The document as UTF-16 little-endian text with a byte order mark.</summary>
    public static byte[] Utf16Text(CorpusDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(document.PlainText)];
    }

    // ---- Hostile -----------------------------------------------------------------------------------------------

    /// <summary>The start of a Windows executable (MZ header, DOS stub, PE signature) with zero padding; upload it as "report.pdf".</summary>
    public static byte[] WindowsExecutable()
    {
        var bytes = new byte[4096];
        bytes[0] = (byte)'M';
        bytes[1] = (byte)'Z';
        bytes[2] = 0x90;
        BitConverter.TryWriteBytes(bytes.AsSpan(0x3C), 0x80);
        "This program cannot be run in DOS mode.\r\r\n$"u8.CopyTo(bytes.AsSpan(0x4E));
        "PE\0\0"u8.CopyTo(bytes.AsSpan(0x80));
        return bytes;
    }

    public static byte[] Empty() => [];

    // ---- Sets --------------------------------------------------------------------------------------------------

    /// <summary>One file per accepted format, each carrying a different corpus document, named as it would be uploaded.</summary>
    public static IReadOnlyList<FixtureFile> RetrievalSet() =>
    [
        new("employee-handbook.docx", Docx(FixtureCorpus.CompanyHandbook), FixtureCorpus.CompanyHandbook.Key),
        new("aquila-3-manual.pdf", Pdf(FixtureCorpus.ProductManual), FixtureCorpus.ProductManual.Key),
        new("finance-2024.xlsx", Xlsx(), FixtureCorpus.FinanceReport.Key),
        new("recipes.md", Markdown(FixtureCorpus.RecipeBook), FixtureCorpus.RecipeBook.Key),
        new("travel-policy.html", Html(FixtureCorpus.TravelPolicy), FixtureCorpus.TravelPolicy.Key),
        new("postmortem-checkout.txt", Text(FixtureCorpus.IncidentPostmortem), FixtureCorpus.IncidentPostmortem.Key),
        new("urban-heat-summary.pdf", Pdf(FixtureCorpus.ResearchSummary), FixtureCorpus.ResearchSummary.Key),
        new("glossary.csv", GlossaryCsv(), FixtureCorpus.Glossary.Key),
    ];

    // ---- Helpers -----------------------------------------------------------------------------------------------

    private static IEnumerable<string> Wrap(string paragraph, int columns)
    {
        var line = new StringBuilder();
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > columns)
            {
                yield return line.ToString();
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    private static string Quote(string value) => $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static Style ParagraphStyle(string id, string name) =>
        new(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };

    private static Paragraph StyledParagraph(string text, string? styleId)
    {
        var paragraph = new Paragraph();
        if (styleId is not null)
        {
            paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = styleId }));
        }

        paragraph.Append(new Word.Run(new Word.Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        return paragraph;
    }

    private static Word.Table WordTable(params string[][] rows)
    {
        var table = new Word.Table(new TableProperties(new TableBorders(new TopBorder { Val = BorderValues.Single, Size = 4 })));
        foreach (var cells in rows)
        {
            var row = new TableRow();
            foreach (var cell in cells)
            {
                row.Append(new TableCell(new Paragraph(new Word.Run(new Word.Text(cell)))));
            }

            table.Append(row);
        }

        return table;
    }

    /// <summary>A string written inline in the cell (t="inlineStr") rather than through the shared-string table.</summary>
    private sealed record InlineText(string Value);

    /// <summary>A date written with the custom number format "dd mmm yyyy" rather than the built-in format 14.</summary>
    private sealed record CustomDate(DateTime Value);

    private static byte[] Xlsx(params (string Name, List<object?[]> Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var spreadsheet = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = spreadsheet.AddWorkbookPart();
            var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
            stylesPart.Stylesheet = new Stylesheet(
                new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "dd mmm yyyy" }) { Count = 1 },
                new Fonts(new Xl.Font()) { Count = 1 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None })) { Count = 1 },
                new Borders(new Xl.Border()) { Count = 1 },
                new CellFormats(
                    new CellFormat { NumberFormatId = 0 },
                    new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
                    new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
                    new CellFormat { NumberFormatId = 4, ApplyNumberFormat = true }) { Count = 4 });

            var sharedStrings = new List<string>();
            var sharedIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            var sheetList = new Sheets();
            uint sheetId = 1;
            foreach (var (name, rows) in sheets)
            {
                var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
                var sheetData = new SheetData();
                for (var r = 0; r < rows.Count; r++)
                {
                    var row = new Row { RowIndex = (uint)(r + 1) };
                    for (var c = 0; c < rows[r].Length; c++)
                    {
                        var cell = XlsxCell(rows[r][c], sharedStrings, sharedIndex);
                        if (cell is not null)
                        {
                            cell.CellReference = ColumnName(c) + (r + 1).ToString(CultureInfo.InvariantCulture);
                            row.Append(cell);
                        }
                    }

                    sheetData.Append(row);
                }

                worksheetPart.Worksheet = new Worksheet(sheetData);
                sheetList.Append(new Sheet { Name = name, SheetId = sheetId++, Id = workbookPart.GetIdOfPart(worksheetPart) });
            }

            var sharedPart = workbookPart.AddNewPart<SharedStringTablePart>();
            sharedPart.SharedStringTable = new SharedStringTable(sharedStrings.Select(text => new SharedStringItem(new Xl.Text(text))))
            {
                Count = (uint)sharedStrings.Count,
                UniqueCount = (uint)sharedStrings.Count,
            };
            workbookPart.Workbook = new Workbook(sheetList);
        }

        return stream.ToArray();
    }

    private static Cell? XlsxCell(object? value, List<string> sharedStrings, Dictionary<string, int> sharedIndex) => value switch
    {
        null => null,
        string text => new Cell { DataType = CellValues.SharedString, CellValue = new CellValue(SharedStringIndex(text, sharedStrings, sharedIndex)) },
        InlineText inline => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Xl.Text(inline.Value)) },
        double number => new Cell { CellValue = new CellValue(number), StyleIndex = number % 1 == 0 ? 0u : 3u },
        bool flag => new Cell { DataType = CellValues.Boolean, CellValue = new CellValue(flag) },
        DateTime date => new Cell { CellValue = new CellValue(date.ToOADate()), StyleIndex = 1 },
        CustomDate date => new Cell { CellValue = new CellValue(date.Value.ToOADate()), StyleIndex = 2 },
        _ => throw new ArgumentException($"No cell for {value.GetType().Name}.", nameof(value)),
    };

    private static int SharedStringIndex(string text, List<string> sharedStrings, Dictionary<string, int> sharedIndex)
    {
        if (!sharedIndex.TryGetValue(text, out var index))
        {
            index = sharedStrings.Count;
            sharedStrings.Add(text);
            sharedIndex[text] = index;
        }

        return index;
    }

    private static string ColumnName(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private static byte[] BuildZipBomb(bool understateSize)
    {
        const string sheetEntry = "xl/worksheets/sheet1.xml";
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            WriteEntry(zip, "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>");
            WriteEntry(zip, "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            WriteEntry(zip, "xl/workbook.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Boom\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            WriteEntry(zip, "xl/_rels/workbook.xml.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");

            var entry = zip.CreateEntry(sheetEntry, CompressionLevel.Optimal);
            using var sheet = entry.Open();
            var filler = new byte[1024 * 1024];
            if (understateSize)
            {
                sheet.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"u8);
                filler.AsSpan().Fill((byte)' ');
            }

            for (long written = 0; written < ZipBombInflatedBytes; written += filler.Length)
            {
                sheet.Write(filler);
            }

            if (understateSize)
            {
                sheet.Write("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>boom</t></is></c></row></sheetData></worksheet>"u8);
            }
        }

        var bytes = stream.ToArray();
        if (understateSize)
        {
            DeclareUncompressedSize(bytes, sheetEntry, 1000);
        }

        return bytes;
    }

    private static void WriteEntry(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }

    /// <summary>Rewrites an entry's uncompressed size in the central directory (what readers trust) and in its local header.</summary>
    private static void DeclareUncompressedSize(byte[] zip, string entryName, uint size)
    {
        var name = Encoding.UTF8.GetBytes(entryName);
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2 && zip.AsSpan(i + 46, name.Length).SequenceEqual(name))
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 24, 4), size);
            }

            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4 && zip.AsSpan(i + 30, name.Length).SequenceEqual(name))
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 22, 4), size);
            }
        }
    }
}
