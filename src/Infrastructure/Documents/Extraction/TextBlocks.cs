using System.Text;

namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>Small text helpers shared by the extractors.</summary>
internal static class TextBlocks
{
    /// <summary>Paragraphs of running text: split at blank lines, each line's trailing space removed, empty ones dropped.</summary>
    public static List<string> Paragraphs(string text)
    {
        var paragraphs = new List<string>();
        var paragraph = new StringBuilder();
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            var line = rawLine.TrimEnd();
            if (line.IsWhiteSpace())
            {
                if (paragraph.Length > 0)
                {
                    paragraphs.Add(paragraph.ToString());
                    paragraph.Clear();
                }

                continue;
            }

            if (paragraph.Length > 0)
            {
                paragraph.Append('\n');
            }

            paragraph.Append(line);
        }

        if (paragraph.Length > 0)
        {
            paragraphs.Add(paragraph.ToString());
        }

        return paragraphs;
    }

    /// <summary>Runs of whitespace (including line breaks) folded to one space, as a browser shows inline text.</summary>
    public static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var character in text)
        {
            if (char.IsWhiteSpace(character))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(character);
        }

        return builder.ToString();
    }

    /// <summary>The whole stream as text: UTF-8 unless a byte order mark says UTF-16 or UTF-32; invalid bytes become U+FFFD.</summary>
    public static string ReadAllText(Stream content)
    {
        using var reader = new StreamReader(content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        return reader.ReadToEnd();
    }

    public static StreamReader OpenReader(Stream content) =>
        new(content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
}
