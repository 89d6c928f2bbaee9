using System.Data.Common;
using Planck.Application.Documents.Processing;
using Planck.Infrastructure.Documents.Extraction;

namespace Planck.Infrastructure.Documents.Processing;

/// <summary>A failure that may pass if the document is tried again later, with what to tell the user.</summary>
internal sealed class TransientProcessingException(string message, Exception? innerException = null) : Exception(message, innerException);

internal static class ProcessingFailures
{
    public const string MissingFile = "The stored file is missing; upload the document again.";

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
        _ => new(false, $"Processing failed because of an unexpected error ({exception.GetType().Name}).", Unexpected: true),
    };
}
