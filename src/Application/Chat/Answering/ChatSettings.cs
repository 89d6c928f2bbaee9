using System.ComponentModel.DataAnnotations;

namespace Planck.Application.Chat.Answering;

/// <summary>How answers are produced and streamed (<c>Planck:Chat:*</c>).</summary>
public sealed class ChatSettings
{
    public const string Section = "Planck:Chat";
    public const int MaxMessageLength = 32_000;
    public const int MaxDocuments = 100;

    /// <summary>Answers one user may have in progress at once, streamed or not; the next gets 429.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentAnswersPerUser { get; set; } = 4;

    /// <summary>An idle stream gets a comment line this often, so proxies and clients do not time it out.</summary>
    [Range(1, 3600)]
    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>Earlier turns sent with a conversation message, in tokens; the oldest are dropped first.</summary>
    [Range(0, 1_000_000)]
    public int HistoryTokenBudget { get; set; } = 3000;

    /// <summary>An answer in a conversation is saved this often while it runs, so a server that dies leaves it, marked incomplete.</summary>
    [Range(1, 3600)]
    public int SaveProgressSeconds { get; set; } = 2;

    /// <summary>How long the events of an answer are kept for a client to resume its stream.</summary>
    [Range(1, 720)]
    public int StreamRetentionHours { get; set; } = 24;

    /// <summary>
    /// How long an answer keeps running after its client left, recording its events for a client that resumes; 0
    /// stops it as soon as the client leaves.
    /// </summary>
    [Range(0, 3600)]
    public int ContinueAfterDisconnectSeconds { get; set; } = 60;

    /// <summary>Passages retrieved for each question.</summary>
    [Range(1, 100)]
    public int Passages { get; set; } = 8;
}
