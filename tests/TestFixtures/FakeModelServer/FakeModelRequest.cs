namespace Planck.Tests.Fixtures;

/// <summary>One message of a request as the fake server parsed it. <see cref="Role"/> is the wire value: system, user, assistant.</summary>
public sealed record FakeMessage(string Role, string Content);

/// <summary>What one request to the fake server carried.</summary>
/// <param name="Id">The completion id the server answered with (<c>chatcmpl-…</c>), or the one it would have.</param>
/// <param name="MaxTokens"><c>max_completion_tokens</c>, else <c>max_tokens</c>; null when neither was sent.</param>
/// <param name="IncludeUsage">Whether <c>stream_options.include_usage</c> asked for a usage chunk.</param>
/// <param name="Authorization">
/// The Authorization header as received (Anthropic's <c>x-api-key</c> header as <c>x-api-key KEY</c>), so tests can
/// check which key a provider sent.
/// </param>
public sealed record FakeModelRequest(
    string Id,
    string Path,
    string? Model,
    IReadOnlyList<FakeMessage> Messages,
    int? MaxTokens,
    bool Stream,
    bool IncludeUsage,
    string? Authorization)
{
    /// <summary>The text of the last user message: where the directives are read from.</summary>
    public string LastUserText => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? "";
}
