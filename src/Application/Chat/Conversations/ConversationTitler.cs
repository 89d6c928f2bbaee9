using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Planck.Domain.Chat;

namespace Planck.Application.Chat.Conversations;

/// <summary>
/// Names a conversation after the first thing its owner wants to ask. The model suggests a short title when one is
/// configured; without one, or when it fails, is slow or says nothing usable, the prompt's first words do. Naming
/// never fails a request.
/// </summary>
/// <remarks>
/// The model is optional in the constructor so that a host without a model port registered still names
/// conversations; the configured provider <c>None</c> behaves the same way.
/// </remarks>
public sealed partial class ConversationTitler(TimeProvider clock, ILogger<ConversationTitler> logger, IChatModel? model = null)
{
    public const string Instruction = "Reply with a title of at most 6 words for this conversation, no quotes.";
    public const int MaxTitleTokens = 20;
    public const int FallbackWords = 8;
    public const int FallbackLength = 60;
    public const string Ellipsis = "…";

    /// <summary>Its own limit, far shorter than an answer's: a title is not worth keeping someone waiting.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>A model that ignores the token limit is not read to the end.</summary>
    private const int MaxReplyLength = 4 * Conversation.MaxNameLength;

    private static readonly char[] Enclosing = ['"', '\'', '“', '”', '‘', '’', '«', '»', '*', '_', '`', ' '];
    private static readonly char[] LineMarks = ['#', '>', '-', '*', ' '];

    public async Task<string> TitleAsync(string prompt, CancellationToken cancellationToken)
    {
        if (model is { IsConfigured: true } && await AskModelAsync(model, prompt, cancellationToken) is { Length: > 0 } title)
        {
            return title;
        }

        return FirstWords(prompt);
    }

    /// <summary>The model's title, cleaned; null when the model failed or timed out. The caller's own cancellation propagates.</summary>
    private async Task<string?> AskModelAsync(IChatModel chatModel, string prompt, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var request = new ChatModelRequest([new PromptMessage(ChatRole.System, Instruction), new PromptMessage(ChatRole.User, prompt)], MaxTitleTokens);
        var reply = new StringBuilder();
        try
        {
            await foreach (var update in chatModel.StreamAsync(request, linked.Token))
            {
                if (update is ChatTextUpdate text)
                {
                    reply.Append(text.Text);
                }

                if (reply.Length > MaxReplyLength)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong (refused, unreachable, timed out, a provider bug), the prompt still gives a name.
            LogModelFailed(logger, timeout.IsCancellationRequested ? "timed out" : exception.GetType().Name);
            return null;
        }

        return Clean(reply.ToString());
    }

    /// <summary>
    /// The first line that says something, without the decoration models like to add: a heading or list mark, a
    /// "Title:" label, emphasis, a link's address (its text stays), citation markers such as [1], enclosing quotes, a
    /// closing full stop. Capped at the longest name a conversation takes. A name is shown as plain text everywhere, so
    /// Markdown left in it would show as punctuation.
    /// </summary>
    public static string Clean(string reply)
    {
        foreach (var rawLine in reply.Split('\n'))
        {
            var unlinked = Citation().Replace(MarkdownLink().Replace(rawLine, "$1"), string.Empty);
            var line = unlinked.Replace("**", string.Empty, StringComparison.Ordinal).Replace("`", string.Empty, StringComparison.Ordinal)
                .Trim().TrimStart(LineMarks);
            if (line.StartsWith("title:", StringComparison.OrdinalIgnoreCase))
            {
                line = line["title:".Length..];
            }

            line = CollapseWhitespace(line.Trim(Enclosing).TrimEnd('.').Trim(Enclosing));
            if (line.Length > 0)
            {
                return line.Length <= Conversation.MaxNameLength ? line : line[..Conversation.MaxNameLength].TrimEnd();
            }
        }

        return string.Empty;
    }

    /// <summary>The prompt's first words (at most <see cref="FallbackWords"/>, <see cref="FallbackLength"/> characters), ending in "…" when cut.</summary>
    public static string FirstWords(string prompt)
    {
        var words = prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var title = new StringBuilder();
        var taken = 0;
        foreach (var word in words.Take(FallbackWords))
        {
            var separator = taken == 0 ? 0 : 1;
            if (title.Length + separator + word.Length > FallbackLength)
            {
                if (taken == 0)
                {
                    // One very long "word" (a URL, a hash): its beginning still says more than nothing.
                    title.Append(word.AsSpan(0, FallbackLength));
                }

                break;
            }

            title.Append(' ', separator).Append(word);
            taken++;
        }

        return taken < words.Length ? title.ToString().TrimEnd(',', ';', ':') + Ellipsis : title.ToString();
    }

    [GeneratedRegex(@"\[([^\]]*)\]\([^)\s]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\s*\[\d+(?:\s*,\s*\d+)*\]")]
    private static partial Regex Citation();

    private static string CollapseWhitespace(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The language model could not title a conversation ({Reason}); it is named after its prompt instead")]
    private static partial void LogModelFailed(ILogger logger, string reason);
}
