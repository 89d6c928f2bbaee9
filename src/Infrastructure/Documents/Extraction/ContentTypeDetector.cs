using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Unicode;
using Planck.Application.Documents;
using Planck.Domain.Documents;

namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>
/// Decides a file's format from its first bytes and, for zip packages, from the names in the zip's directory.
/// The name only tells text formats apart: an executable called "report.pdf" is refused, and a text file called
/// "notes.pdf" is read as text.
/// </summary>
internal sealed class ContentTypeDetector : IDocumentTypeDetector
{
    private const int PdfMarkerWindow = 1024;
    private const int TextSampleBytes = 64 * 1024;

    private static readonly byte[] PdfMarker = "%PDF-"u8.ToArray();

    /// <summary>Formats Planck never reads; their magic numbers end detection early.</summary>
    private static readonly byte[][] BinarySignatures =
    [
        "MZ"u8.ToArray(),                               // Windows executables and DLLs
        [0x7F, (byte)'E', (byte)'L', (byte)'F'],        // Linux executables
        [0xCF, 0xFA, 0xED, 0xFE],                       // Mach-O 64-bit
        [0xCE, 0xFA, 0xED, 0xFE],                       // Mach-O 32-bit
        [0xCA, 0xFE, 0xBA, 0xBE],                       // Mach-O universal, Java class
        "GIF8"u8.ToArray(),
        [0x89, (byte)'P', (byte)'N', (byte)'G'],
        [0xFF, 0xD8, 0xFF],                             // JPEG
        [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C],           // 7z
        [0x1F, 0x8B],                                   // gzip
        "BZh"u8.ToArray(),
        [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00],
        "Rar!"u8.ToArray(),
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], // legacy Office (.doc, .xls)
        [0x00, (byte)'a', (byte)'s', (byte)'m'],        // WebAssembly
        "SQLite format 3\0"u8.ToArray(),
        "RIFF"u8.ToArray(),                             // WAV, AVI, WebP
        "OggS"u8.ToArray(),
        "ID3"u8.ToArray(),                              // MP3
    ];

    private static readonly byte[] ZipLocalHeader = [(byte)'P', (byte)'K', 0x03, 0x04];

    public async Task<DocumentKind?> DetectAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);

        if (content.CanSeek)
        {
            content.Position = 0;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(TextSampleBytes);
        try
        {
            var length = await content.ReadAtLeastAsync(buffer.AsMemory(0, TextSampleBytes), TextSampleBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var head = buffer.AsSpan(0, length);
            var wholeFile = length < TextSampleBytes;
            return DetectFromHead(head, wholeFile, content, fileName);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static DocumentKind? DetectFromHead(ReadOnlySpan<byte> head, bool wholeFile, Stream content, string fileName)
    {
        if (head.IsEmpty)
        {
            return null;
        }

        if (head[..Math.Min(head.Length, PdfMarkerWindow)].IndexOf(PdfMarker) >= 0)
        {
            return DocumentKind.Pdf;
        }

        if (head.StartsWith(ZipLocalHeader))
        {
            return DetectPackage(content);
        }

        foreach (var signature in BinarySignatures)
        {
            if (head.StartsWith(signature))
            {
                return null;
            }
        }

        var text = DecodeTextSample(head, wholeFile);
        if (text is null)
        {
            return null;
        }

        var extension = Path.GetExtension(fileName).ToUpperInvariant();
        if (extension is ".HTML" or ".HTM" || LooksLikeHtml(text))
        {
            return DocumentKind.Html;
        }

        return extension switch
        {
            ".CSV" => DocumentKind.Csv,
            ".MD" or ".MARKDOWN" => DocumentKind.Markdown,
            _ => DocumentKind.Text,
        };
    }

    /// <summary>Reads only the zip's central directory (entry names); no entry is inflated, so a zip bomb costs nothing here.</summary>
    private static DocumentKind? DetectPackage(Stream content)
    {
        if (!content.CanSeek)
        {
            return null;
        }

        try
        {
            content.Position = 0;
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var names = new HashSet<string>(zip.Entries.Select(entry => entry.FullName), StringComparer.OrdinalIgnoreCase);
            if (!names.Contains("[Content_Types].xml"))
            {
                return null;
            }

            if (names.Contains("xl/workbook.xml"))
            {
                return DocumentKind.Spreadsheet;
            }

            return names.Contains("word/document.xml") ? DocumentKind.Word : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// The sample as text, or null when it is not text: UTF-16 must carry a byte order mark, anything else must be
    /// valid UTF-8, and neither may contain NUL. A multi-byte character cut by the end of the sample is allowed.
    /// </summary>
    internal static string? DecodeTextSample(ReadOnlySpan<byte> sample, bool wholeFile)
    {
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return DecodeUtf16(sample, bigEndian: sample[0] == 0xFE, wholeFile);
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            sample = sample[3..];
        }

        if (sample.IndexOf((byte)0) >= 0)
        {
            return null;
        }

        var chars = new char[sample.Length];
        var status = Utf8.ToUtf16(sample, chars, out _, out var written, replaceInvalidSequences: false, isFinalBlock: wholeFile);
        return status is OperationStatus.Done or OperationStatus.NeedMoreData ? new string(chars, 0, written) : null;
    }

    private static string? DecodeUtf16(ReadOnlySpan<byte> sample, bool bigEndian, bool wholeFile)
    {
        var body = sample[2..];
        if (!wholeFile)
        {
            // The sample may end inside a code unit or between the halves of a surrogate pair.
            body = body[..(body.Length & ~1)];
            if (body.Length >= 2)
            {
                var last = bigEndian ? (char)((body[^2] << 8) | body[^1]) : (char)(body[^2] | (body[^1] << 8));
                if (char.IsHighSurrogate(last))
                {
                    body = body[..^2];
                }
            }
        }
        else if (body.Length % 2 != 0)
        {
            return null;
        }

        try
        {
            var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: false, throwOnInvalidBytes: true);
            var text = encoding.GetString(body);
            return text.Contains('\0', StringComparison.Ordinal) ? null : text;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool LooksLikeHtml(string text)
    {
        var start = text.AsSpan().TrimStart();
        return start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }
}
