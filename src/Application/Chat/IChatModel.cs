namespace Planck.Application.Chat;

public enum ChatRole
{
    System,
    User,
    Assistant,
}

/// <summary>One message of a prompt, in the model's terms.</summary>
public sealed record PromptMessage(ChatRole Role, string Text);

/// <summary>What to ask the model. <paramref name="MaxOutputTokens"/> overrides the configured limit when given.</summary>
public sealed record ChatModelRequest(IReadOnlyList<PromptMessage> Messages, int? MaxOutputTokens = null);

/// <summary>A piece of a streamed answer: more text, or (usually last) what the call consumed.</summary>
public abstract record ChatModelUpdate;

public sealed record ChatTextUpdate(string Text) : ChatModelUpdate;

public sealed record ChatUsageUpdate(int InputTokens, int OutputTokens) : ChatModelUpdate;

/// <summary>
/// The language model, whichever provider is configured. Implementations throw <see cref="ChatModelException"/>
/// for failures a user should read about (unreachable, refused, timed out) and honour cancellation at once.
/// </summary>
public interface IChatModel
{
    /// <summary>False when no model is configured (provider <c>None</c>); callers then answer without one.</summary>
    bool IsConfigured { get; }

    IAsyncEnumerable<ChatModelUpdate> StreamAsync(ChatModelRequest request, CancellationToken cancellationToken);
}

/// <summary>The model could not answer. <see cref="Exception.Message"/> is safe to show: it never carries secrets or raw bodies.</summary>
public sealed class ChatModelException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>Counts tokens the way the history budget and credits reckon them (cl100k).</summary>
public interface ITokenCounter
{
    int Count(string text);
}
