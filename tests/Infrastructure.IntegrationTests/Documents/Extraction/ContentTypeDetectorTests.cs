using System.Text;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Extraction;
using Planck.Tests.Fixtures;

namespace Planck.Infrastructure.IntegrationTests.Documents.Extraction;

public sealed class ContentTypeDetectorTests
{
    private readonly ContentTypeDetector detector = new();

    public static TheoryData<string, DocumentKind> AcceptedFiles => new()
    {
        { "manual.pdf", DocumentKind.Pdf },
        { "handbook.docx", DocumentKind.Word },
        { "finance.xlsx", DocumentKind.Spreadsheet },
        { "invoices.csv", DocumentKind.Csv },
        { "travel.html", DocumentKind.Html },
        { "recipes.md", DocumentKind.Markdown },
        { "postmortem.txt", DocumentKind.Text },
    };

    [Theory]
    [MemberData(nameof(AcceptedFiles))]
    public async Task Every_accepted_format_is_recognised_from_its_content(string name, DocumentKind expected)
    {
        var content = expected switch
        {
            DocumentKind.Pdf => DocumentFixtures.Pdf(FixtureCorpus.ProductManual),
            DocumentKind.Word => DocumentFixtures.Docx(FixtureCorpus.CompanyHandbook),
            DocumentKind.Spreadsheet => DocumentFixtures.Xlsx(),
            DocumentKind.Csv => DocumentFixtures.Csv(10),
            DocumentKind.Html => DocumentFixtures.Html(FixtureCorpus.TravelPolicy),
            DocumentKind.Markdown => DocumentFixtures.Markdown(FixtureCorpus.RecipeBook),
            _ => DocumentFixtures.Text(FixtureCorpus.IncidentPostmortem),
        };

        (await Detect(content, name)).ShouldBe(expected);
    }

    [Fact]
    public async Task A_windows_executable_named_pdf_is_refused()
    {
        (await Detect(DocumentFixtures.WindowsExecutable(), "report.pdf")).ShouldBeNull();
    }

    [Fact]
    public async Task A_text_file_named_pdf_is_read_as_text()
    {
        (await Detect(DocumentFixtures.Text(FixtureCorpus.TravelPolicy), "policy.pdf")).ShouldBe(DocumentKind.Text);
    }

    [Fact]
    public async Task A_pdf_named_txt_is_still_a_pdf()
    {
        (await Detect(DocumentFixtures.Pdf(FixtureCorpus.ProductManual), "notes.txt")).ShouldBe(DocumentKind.Pdf);
    }

    [Fact]
    public async Task A_zip_bomb_named_xlsx_is_detected_as_a_spreadsheet_without_inflating_it()
    {
        (await Detect(DocumentFixtures.ZipBombXlsx(), "bomb.xlsx")).ShouldBe(DocumentKind.Spreadsheet);
    }

    [Fact]
    public async Task A_truncated_pdf_is_still_detected_as_a_pdf()
    {
        (await Detect(DocumentFixtures.TruncatedPdf(), "broken.pdf")).ShouldBe(DocumentKind.Pdf);
    }

    [Fact]
    public async Task An_encrypted_pdf_is_detected_as_a_pdf()
    {
        (await Detect(DocumentFixtures.EncryptedPdf(), "secret.pdf")).ShouldBe(DocumentKind.Pdf);
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        (await Detect(DocumentFixtures.Empty(), "empty.txt")).ShouldBeNull();
    }

    [Fact]
    public async Task A_zip_that_is_not_an_office_document_is_refused()
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("hello");
        }

        (await Detect(stream.ToArray(), "archive.xlsx")).ShouldBeNull();
    }

    [Theory]
    [InlineData(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, "image.txt")]
    [InlineData(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1 }, "program.md")]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0 }, "data.csv")]
    [InlineData(new byte[] { (byte)'a', (byte)'b', 0, (byte)'c' }, "nul.txt")]
    [InlineData(new byte[] { (byte)'a', 0xC3, 0x28, (byte)'b' }, "invalid-utf8.txt")]
    public async Task Binary_content_is_refused_whatever_its_name(byte[] content, string name)
    {
        (await Detect(content, name)).ShouldBeNull();
    }

    [Fact]
    public async Task Utf16_text_with_a_byte_order_mark_is_text()
    {
        (await Detect(DocumentFixtures.Utf16Text(FixtureCorpus.RecipeBook), "recipes.txt")).ShouldBe(DocumentKind.Text);
    }

    [Fact]
    public async Task Html_is_recognised_by_its_doctype_whatever_its_name()
    {
        (await Detect(Encoding.UTF8.GetBytes("\uFEFF  \n<!DOCTYPE HTML><html><body><p>Hi</p></body></html>"), "page.txt")).ShouldBe(DocumentKind.Html);
    }

    [Fact]
    public async Task A_multibyte_character_cut_by_the_end_of_the_sample_does_not_make_text_binary()
    {
        var text = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(text.ToString()) < 70_000)
        {
            text.Append("Crème brûlée für Zürich. ");
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());

        // Start where the first byte past the 64 KiB sample is the second byte of a two-byte character.
        var start = Enumerable.Range(0, 100).First(offset => (bytes[offset] & 0xC0) != 0x80 && (bytes[offset + (64 * 1024)] & 0xC0) == 0x80);
        (await Detect(bytes[start..], "notes.txt")).ShouldBe(DocumentKind.Text);
    }

    private async Task<DocumentKind?> Detect(byte[] content, string name)
    {
        using var stream = new MemoryStream(content);
        return await detector.DetectAsync(stream, name, CancellationToken.None);
    }
}
