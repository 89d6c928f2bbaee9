using System.ClientModel;
using System.Text.Json;
using Anthropic.Exceptions;
using Microsoft.AspNetCore.WebUtilities;
using Planck.Application.Chat;
using Planck.Infrastructure.Options;
using Polly.Timeout;

namespace Planck.Infrastructure.Chat.Models;

/// <summary>
/// Turns what the SDKs and the HTTP stack throw into a <see cref="ChatModelException"/> a user can read. Messages
/// name the provider and the HTTP status, never the key, a URL's credentials or a response body (which may echo
/// the request). The caller's cancellation is passed on as a plain <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class ChatModelFailures(LlmSettings settings, CancellationToken callerToken, CancellationToken idleToken)
{
    private readonly LlmSettings _settings = settings;
    private readonly CancellationToken _callerToken = callerToken;
    private readonly CancellationToken _idleToken = idleToken;

    /// <summary>Whether <paramref name="exception"/> is a failure this class explains; anything else is a bug and propagates.</summary>
    public bool Translates(Exception exception) =>
        _callerToken.IsCancellationRequested || _idleToken.IsCancellationRequested || exception is OperationCanceledException
            or ClientResultException or HttpRequestException or IOException or JsonException or AnthropicException or TimeoutRejectedException;

    public Exception Translate(Exception exception, bool answerStarted)
    {
        if (_callerToken.IsCancellationRequested)
        {
            return exception is OperationCanceledException ? exception : new OperationCanceledException(_callerToken);
        }

        if (_idleToken.IsCancellationRequested || exception is TimeoutRejectedException)
        {
            var seconds = (int)_settings.IdleTimeout.TotalSeconds;
            return new ChatModelException(
                $"The language model did not respond within {seconds} {(seconds == 1 ? "second" : "seconds")}.", exception);
        }

        if (StatusOf(exception) is { } status and > 0)
        {
            return new ChatModelException(ForStatus(status), exception);
        }

        if (answerStarted)
        {
            return new ChatModelException("The language model stopped in the middle of its answer.", exception);
        }

        return exception is JsonException or AnthropicInvalidDataException
            ? new ChatModelException($"The language model service ({Provider}) sent an answer Planck could not read.", exception)
            : new ChatModelException($"The language model service ({Provider}) could not be reached.", exception);
    }

    private string Provider => _settings.Provider switch
    {
        LlmProvider.AzureOpenAI => "Azure OpenAI",
        var provider => provider.ToString(),
    };

    private string ForStatus(int status)
    {
        var code = $"{status} {ReasonPhrases.GetReasonPhrase(status)}".TrimEnd();
        return status switch
        {
            401 or 403 => $"The language model service ({Provider}) refused the request ({code}). Check Planck:Llm:ApiKey.",
            404 => $"The language model service ({Provider}) does not know the model or the address ({code}). Check Planck:Llm:Model and Planck:Llm:Endpoint.",
            429 => $"The language model service ({Provider}) is limiting requests ({code}). Try again shortly.",
            >= 500 => $"The language model service ({Provider}) failed ({code}).",
            _ => $"The language model service ({Provider}) rejected the request ({code}).",
        };
    }

    /// <summary>The HTTP status behind the failure, from whichever SDK threw it; null when the failure had none.</summary>
    private static int? StatusOf(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case ClientResultException { Status: > 0 } clientResult:
                    return clientResult.Status;
                case AnthropicApiException anthropic:
                    return (int)anthropic.StatusCode;
                case HttpRequestException { StatusCode: { } statusCode }:
                    return (int)statusCode;
            }
        }

        return null;
    }
}
