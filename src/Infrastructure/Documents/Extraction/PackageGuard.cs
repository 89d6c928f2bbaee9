using System.Globalization;
using System.IO.Compression;

namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>
/// Refuses a zip package (.xlsx, .docx) that would expand beyond the limit, reading only its central directory.
/// The sizes there can lie; what stops a lying entry is that .NET's zip reader never inflates an entry beyond its
/// declared size (the XML then ends early and fails to parse as an invalid file), so the declared total is a true
/// bound on the bytes the Open XML reader can ever inflate.
/// </summary>
internal static class PackageGuard
{
    public static void EnsureWithinLimit(Stream content, ExtractionLimits limits, string invalidMessage, string tooLargeSubject)
    {
        long declared = 0;
        try
        {
            content.Position = 0;
            using (var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true))
            {
                foreach (var entry in zip.Entries)
                {
                    // A negative or absurd size is a crafted header, not a document.
                    if (entry.Length < 0)
                    {
                        throw new DocumentRejectedException(invalidMessage);
                    }

                    declared += entry.Length;
                    if (declared > limits.MaxUncompressedBytes)
                    {
                        throw new DocumentRejectedException(TooLarge(tooLargeSubject, limits.MaxUncompressedBytes));
                    }
                }
            }

            content.Position = 0;
        }
        catch (InvalidDataException exception)
        {
            throw new DocumentRejectedException(invalidMessage, exception);
        }
    }

    public static string TooLarge(string subject, long maxBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"The {subject} is too large to process (expands to more than {maxBytes / (1024 * 1024)} MB).");
}
