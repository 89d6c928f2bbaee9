using System.Diagnostics;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Extraction;
using Planck.Tests.Fixtures;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Planck.Infrastructure.IntegrationTests.Documents.Extraction;

/// <summary>
/// Scanned PDF pages through the machine's pdftoppm and tesseract (build/test.sh installs them), and the same reader
/// against stand-in tools in a private directory for the failures: missing, slow, cancelled, crowded.
/// </summary>
public sealed class OcrPageReaderTests : IDisposable
{
    private readonly DirectoryInfo _fakeTools = Directory.CreateTempSubdirectory("planck-ocr-tools-");

    public void Dispose() => _fakeTools.Delete(recursive: true);

    [Fact]
    public void A_scanned_page_is_read_by_ocr_and_keeps_its_page_number()
    {
        using var reader = Reader(new OcrOptions(), machineTools: true);
        reader.WhyUnavailable().ShouldBeNull($"OCR tools are missing on this machine: {OcrPageReader.InstallCommand}");

        var document = Extract(ScannedPdf.Pdf(), reader);

        document.PageCount.ShouldBe(ScannedPdf.ScannedPageNumber);
        var scanned = string.Join("\n", document.Blocks.Where(block => block.Page == ScannedPdf.ScannedPageNumber).Select(block => block.Text));
        scanned.ShouldContain("keeper reads the barometer");
        scanned.ShouldContain("harbour ledger");
        document.Blocks.Where(block => block.Text.Contains("barometer", StringComparison.Ordinal)).ShouldAllBe(block => block.Page == ScannedPdf.ScannedPageNumber);
        document.Blocks.ShouldContain(block => block.Page == 1 && block.Text.StartsWith("Page 1 of 2.", StringComparison.Ordinal));
        document.Blocks.Select(block => block.Page).ShouldBeInOrder();
    }

    [Fact]
    public void Without_the_tools_a_scan_only_pdf_fails_naming_what_to_install()
    {
        using var reader = Reader(new OcrOptions());

        var rejected = Should.Throw<DocumentRejectedException>(() => Extract(ScannedPdf.Pdf(textPages: 0), reader));

        rejected.Message.ShouldStartWith("No text could be extracted");
        rejected.Message.ShouldContain("apt-get install tesseract-ocr poppler-utils");
    }

    [Fact]
    public void Without_the_tools_the_text_pages_of_a_partly_scanned_pdf_are_still_read()
    {
        using var reader = Reader(new OcrOptions());

        var document = Extract(ScannedPdf.Pdf(), reader);

        document.Blocks.ShouldNotBeEmpty();
        document.Blocks.ShouldAllBe(block => block.Page < ScannedPdf.ScannedPageNumber);
    }

    [Fact]
    public void Ocr_turned_off_says_so_even_where_the_tools_are_installed()
    {
        WriteTool("pdftoppm", "exit 0");
        WriteTool("tesseract", "exit 0");

        using var reader = Reader(new OcrOptions { Enabled = false });

        var rejected = Should.Throw<DocumentRejectedException>(() => Extract(ScannedPdf.Pdf(textPages: 0), reader));

        rejected.Message.ShouldBe(OcrPageReader.TurnedOff);
    }

    [Fact]
    public void A_page_over_its_time_is_killed_and_fails_the_document_plainly()
    {
        WriteTool("pdftoppm", "sleep 30");
        WriteTool("tesseract", "echo never");
        using var reader = Reader(new OcrOptions { PageTimeoutSeconds = 1 });
        var started = Stopwatch.StartNew();

        var rejected = Should.Throw<DocumentRejectedException>(() => Extract(ScannedPdf.Pdf(), reader));

        rejected.Message.ShouldBe(OcrPageReader.PageTimedOut(ScannedPdf.ScannedPageNumber, 1));
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Cancelling_kills_the_running_tool_and_throws_cancellation()
    {
        var pidFile = Path.Combine(_fakeTools.FullName, "pid");
        WriteTool("pdftoppm", $"echo $$ > '{pidFile}.tmp'; mv '{pidFile}.tmp' '{pidFile}'; sleep 30");
        WriteTool("tesseract", "echo never");
        using var cancel = new CancellationTokenSource();
        using var pdf = new MemoryStream(ScannedPdf.Pdf());
        using var reader = Reader(new OcrOptions());
        var extraction = Task.Run(() => new DocumentExtractor(reader).Extract(pdf, DocumentKind.Pdf, "scan.pdf", ExtractionLimits.Default, cancel.Token));
        var waited = Stopwatch.StartNew();
        while (!File.Exists(pidFile) && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
        }

        File.Exists(pidFile).ShouldBeTrue("the stand-in pdftoppm never started");
        var pid = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);
        var cancelled = Stopwatch.StartNew();
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => extraction);
        cancelled.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        Should.Throw<ArgumentException>(() => Process.GetProcessById(pid), "the stand-in pdftoppm should have been killed");
    }

    [Fact]
    public void Pages_are_read_no_more_at_once_than_the_limit_each_with_its_own_text()
    {
        var log = Path.Combine(_fakeTools.FullName, "log");
        // pdftoppm's last argument is the image's name without ".png"; tesseract's first is the image.
        WriteTool("pdftoppm", $"echo start >> '{log}'; sleep 0.3; for last; do :; done; echo \"$last\" > \"$last.png\"; echo end >> '{log}'");
        WriteTool("tesseract", "cat \"$1\"");
        using var reader = Reader(new OcrOptions { MaxConcurrentPages = 1 });

        var document = Extract(ThreePageScan(), reader);

        File.ReadAllLines(log).ShouldBe(["start", "end", "start", "end", "start", "end"]);
        document.Blocks.Select(block => (block.Page, Name: Path.GetFileName(block.Text))).ShouldBe([(1, "page-1"), (2, "page-2"), (3, "page-3")]);
    }

    private static byte[] ThreePageScan()
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var image = ScannedPdf.ScanImage();
        for (var i = 0; i < 3; i++)
        {
            builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddPng(image, new UglyToad.PdfPig.Core.PdfRectangle(60, 500, 540, 690));
        }

        return builder.Build();
    }

    /// <summary>The machine's tools from PATH, or only what the test put in its own directory (nothing: not installed).</summary>
    private OcrPageReader Reader(OcrOptions options, bool machineTools = false) =>
        new(MsOptions.Create(options), null, machineTools ? Environment.GetEnvironmentVariable("PATH") : _fakeTools.FullName);

    private static ExtractedDocument Extract(byte[] pdf, OcrPageReader reader)
    {
        using var stream = new MemoryStream(pdf);
        return new DocumentExtractor(reader).Extract(stream, DocumentKind.Pdf, "scan.pdf", ExtractionLimits.Default, CancellationToken.None);
    }

    private void WriteTool(string name, string body)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The stand-in tools are shell scripts.");
        }

        var path = Path.Combine(_fakeTools.FullName, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
