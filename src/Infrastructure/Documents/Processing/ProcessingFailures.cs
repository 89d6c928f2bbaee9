using System.Data.Common;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Extraction;

namespace Planck.Infrastructure.Documents.Processing;

/// <summary>A failure that may pass if the document is tried again later, with what to tell the user.</summary>
internal sealed class TransientProcessingException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>How a failed attempt ends: retried later, or failed for good, with a message a user can read.</summary>
internal readonly record struct FailureVerdict(bool Transient, string Message);

internal static class ProcessingFailures
{
    public const string NoText = "No text could be extracted from the document (is it a scanned image?).";
    public const string MissingFile = "The stored file is missing; upload the document again.";
    public const string CrashedEveryTime = "the server stopped while processing it each time.";

    public static string TimedOut(int seconds) => $"Processing took longer than {seconds} seconds and was stopped.";

    public static string GaveUp(string lastError) => $"Processing failed after {Document.MaxAttempts} attempts: {lastError}";

    public static string WillRetry(int attempt, string error) => $"Attempt {attempt} of {Document.MaxAttempts} failed and will be retried: {error}";

    /// <summary>
    /// Sorts an exception into transient or permanent. Messages are written here rather than taken from the exception,
    /// so a user never sees a stack trace, a connection string or an endpoint's address.
    /// </summary>
    public static FailureVerdict Classify(Exception exception) => exception switch
    {
        DocumentRejectedException rejected => new(false, rejected.Message),
        TransientProcessingException transient => new(true, transient.Message),
        FileNotFoundException or DirectoryNotFoundException => new(false, MissingFile),
        HttpRequestException { StatusCode: { } status } => new(true, $"The embedding service answered {(int)status} ({status})."),
        HttpRequestException => new(true, "The embedding service could not be reached."),
        TimeoutException or OperationCanceledException => new(true, "The embedding service did not answer in time."),
        DbException { IsTransient: true } => new(true, "The database was briefly unavailable."),
        IOException => new(true, "The stored file could not be read."),

        // The OpenAI SDK's error for a non-success answer; matched by name because only the embeddings area references that SDK.
        _ when exception.GetType().FullName == "System.ClientModel.ClientResultException" => new(true, "The embedding service returned an error."),
        _ => new(false, $"Processing failed because of an unexpected error ({exception.GetType().Name})."),
    };
}

/// <summary>
/// Waits between attempts after a transient failure: 10 s, 40 s, 160 s, each stretched by up to a quarter at random
/// so that documents that failed together (an embedding endpoint that was down) do not all come back together.
/// </summary>
internal sealed class RetryBackoff(TimeSpan firstDelay)
{
    private const int Growth = 4;
    private const double Jitter = 0.25;

    public static RetryBackoff Default { get; } = new(TimeSpan.FromSeconds(10));

    /// <summary>The wait after the given failed attempt (1-based).</summary>
    public TimeSpan After(int attempt)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 8);
        var delay = firstDelay * Math.Pow(Growth, exponent);
#pragma warning disable CA5394 // Jitter spreads retries out; it protects nothing.
        return delay * (1 + (Random.Shared.NextDouble() * Jitter));
#pragma warning restore CA5394
    }
}
