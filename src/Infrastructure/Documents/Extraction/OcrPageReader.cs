using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>A PDF page without a text layer, with its size in points (1/72 inch) so its rendering can be bounded.</summary>
internal readonly record struct ScannedPage(int Number, double Width, double Height);

/// <summary>
/// Reads scanned PDF pages with the machine's poppler-utils (<c>pdftoppm</c> renders a page to a PNG) and tesseract-ocr
/// (recognises its text). One process at a time per page, never through a shell, each page bounded in time and the
/// node's pages bounded in number, so a 500-page scan cannot fork 1,000 processes or hold a worker forever.
/// </summary>
internal sealed partial class OcrPageReader : IDisposable
{
    public const string InstallCommand = "apt-get install tesseract-ocr poppler-utils";

    /// <summary>The long side of a rendered page in pixels: A3 at 300 dpi fits; a poster-sized page is scaled down rather than rendered into gigabytes.</summary>
    private const int MaxRenderedPixels = 5000;

    private const string Renderer = "pdftoppm";
    private const string Recogniser = "tesseract";

    private readonly OcrOptions _options;
    private readonly string? _searchPath;
    private readonly ILogger<OcrPageReader> _logger;
    private readonly SemaphoreSlim _slots;

    public OcrPageReader(IOptions<OcrOptions> options, ILogger<OcrPageReader> logger)
        : this(options, logger, Environment.GetEnvironmentVariable("PATH"))
    {
    }

    /// <summary>Looks for the tools in <paramref name="searchPath"/> (directories joined like <c>PATH</c>) instead of the process's PATH.</summary>
    internal OcrPageReader(IOptions<OcrOptions> options, ILogger<OcrPageReader>? logger, string? searchPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger ?? NullLogger<OcrPageReader>.Instance;
        _searchPath = searchPath;
        _slots = new SemaphoreSlim(_options.EffectiveConcurrentPages);
    }

    public static string NotInstalled =>
        $"No text could be extracted from the PDF: its pages are images, as in a scan, and reading them needs OCR, which is not installed on the server ({InstallCommand}).";

    public static string TurnedOff =>
        "No text could be extracted from the PDF: its pages are images, as in a scan, and OCR is turned off on the server (Planck:Documents:Ocr:Enabled).";

    public static string PageTimedOut(int page, int seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"Reading scanned page {page} took longer than {seconds} seconds and was stopped.");

    public static string PageFailed(int page, string tool, int exitCode, string language) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"Reading scanned page {page} failed ({tool} exited with code {exitCode}); check that the OCR language data for '{language}' is installed (tesseract-ocr-<language> packages).");

    /// <summary>Null when scanned pages can be read on this machine; otherwise the document's error, which says what to install or switch on.</summary>
    public string? WhyUnavailable()
    {
        if (!_options.Enabled)
        {
            return TurnedOff;
        }

        return Find(Renderer) is null || Find(Recogniser) is null ? NotInstalled : null;
    }

    /// <summary>
    /// The recognised text of each page, keyed by page number. Blocks the calling thread (extraction runs on its own
    /// pool thread); cancelling the token kills the running processes and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public IReadOnlyDictionary<int, string> ReadPages(Stream pdf, IReadOnlyList<ScannedPage> pages, CancellationToken cancellationToken) =>
        ReadPagesAsync(pdf, pages, cancellationToken).GetAwaiter().GetResult();

    public async Task<IReadOnlyDictionary<int, string>> ReadPagesAsync(Stream pdf, IReadOnlyList<ScannedPage> pages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(pages);
        if (pages.Count == 0)
        {
            return new Dictionary<int, string>();
        }

        var tools = (Renderer: Find(Renderer), Recogniser: Find(Recogniser));
        if (!_options.Enabled || tools.Renderer is null || tools.Recogniser is null)
        {
            throw new DocumentRejectedException(WhyUnavailable() ?? NotInstalled);
        }

        var started = Stopwatch.GetTimestamp();
        var workDirectory = Directory.CreateTempSubdirectory("planck-ocr-");
        try
        {
            var pdfPath = Path.Combine(workDirectory.FullName, "document.pdf");
            await using (var copy = new FileStream(pdfPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                pdf.Position = 0;
                await pdf.CopyToAsync(copy, cancellationToken);
            }

            // The first page that fails stops its siblings: the document has failed, their work would be thrown away.
            using var stopSiblings = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reads = pages.Select(page => ReadStoppingSiblingsAsync(tools.Renderer, tools.Recogniser, pdfPath, page, stopSiblings)).ToList();
            try
            {
                await Task.WhenAll(reads);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // WhenAll rethrows the first task's exception, which may be a sibling's cancellation; report the cause.
                var cause = reads.Where(read => read.IsFaulted).Select(read => read.Exception!.InnerException!)
                    .FirstOrDefault(exception => exception is not OperationCanceledException);
                if (cause is not null)
                {
                    ExceptionDispatchInfo.Throw(cause);
                }

                throw;
            }

            var texts = reads.Select(read => read.Result).ToDictionary(read => read.Page, read => read.Text);
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogRead(texts.Count, (long)elapsed.TotalMilliseconds);
            return texts;
        }
        finally
        {
            TryDelete(workDirectory);
        }
    }

    private async Task<(int Page, string Text)> ReadStoppingSiblingsAsync(
        string renderer, string recogniser, string pdfPath, ScannedPage page, CancellationTokenSource stopSiblings)
    {
        try
        {
            return (page.Number, await ReadPageAsync(renderer, recogniser, pdfPath, page, stopSiblings.Token));
        }
        catch (Exception)
        {
            await stopSiblings.CancelAsync();
            throw;
        }
    }

    private async Task<string> ReadPageAsync(string renderer, string recogniser, string pdfPath, ScannedPage page, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            // The page's clock starts when it has a slot: waiting behind other documents is not the page's fault.
            using var pageTime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            pageTime.CancelAfter(TimeSpan.FromSeconds(_options.PageTimeoutSeconds));
            try
            {
                var number = page.Number.ToString(CultureInfo.InvariantCulture);
                var imageRoot = Path.Combine(Path.GetDirectoryName(pdfPath)!, "page-" + number);
                List<string> render = ["-f", number, "-l", number, "-gray", "-png", "-singlefile", .. RenderSize(page), pdfPath, imageRoot];
                var rendered = await RunAsync(renderer, render, pageTime.Token);
                if (rendered.ExitCode != 0)
                {
                    throw new DocumentRejectedException(PageFailed(page.Number, Renderer, rendered.ExitCode, _options.Language));
                }

                var image = imageRoot + ".png";
                try
                {
                    var recognised = await RunAsync(recogniser, [image, "stdout", "-l", _options.Language], pageTime.Token);
                    if (recognised.ExitCode != 0)
                    {
                        throw new DocumentRejectedException(PageFailed(page.Number, Recogniser, recognised.ExitCode, _options.Language));
                    }

                    return recognised.Output;
                }
                finally
                {
                    File.Delete(image);
                }
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DocumentRejectedException(PageTimedOut(page.Number, _options.PageTimeoutSeconds), exception);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private List<string> RenderSize(ScannedPage page)
    {
        var longSidePixels = Math.Max(page.Width, page.Height) / 72 * _options.Resolution;
        return longSidePixels > MaxRenderedPixels
            ? ["-scale-to", MaxRenderedPixels.ToString(CultureInfo.InvariantCulture)]
            : ["-r", _options.Resolution.ToString(CultureInfo.InvariantCulture)];
    }

    /// <summary>Runs a tool with its arguments passed one by one (no shell), and kills it with any children when the token fires.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Tesseract spreads one page over every core through OpenMP; the slots already decide how many cores OCR gets.
        start.Environment["OMP_THREAD_LIMIT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the token firing and the kill.
            }

            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }

        await errors;
        return (process.ExitCode, await output);
    }

    public void Dispose() => _slots.Dispose();

    private string? Find(string tool) =>
        (_searchPath ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);

    private void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException exception)
        {
            LogCleanupFailed(directory.FullName, exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            LogCleanupFailed(directory.FullName, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read {Pages} scanned PDF pages by OCR in {ElapsedMilliseconds} ms")]
    private partial void LogRead(int pages, long elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the OCR work directory {Directory}")]
    private partial void LogCleanupFailed(string directory, Exception exception);
}
