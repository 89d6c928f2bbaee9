using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Anthropic.Core;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.Chat.Models;

/// <summary>
/// Builds the provider's <see cref="IChatClient"/> over the resilient <see cref="HttpClient"/> from
/// <see cref="ChatModelRegistration"/>. Every SDK's own retries are off (the HTTP pipeline retries, once per
/// failure rather than twice over) and so are their own time limits (the idle limit in <see cref="ChatClientModel"/> governs).
/// Nothing here touches the network.
/// </summary>
internal static class ChatClientFactory
{
    /// <summary>Bounds one answer of the Anthropic SDK, whose client insists on a total limit; far beyond any healthy answer.</summary>
    private static readonly TimeSpan AnthropicRequestLimit = TimeSpan.FromHours(1);

    public static IChatClient Create(LlmSettings settings, HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(httpClient);
        return settings.Provider switch
        {
            LlmProvider.OpenAI or LlmProvider.AzureOpenAI => CreateOpenAI(settings, httpClient),
            LlmProvider.Ollama => CreateOllama(settings, httpClient),
            LlmProvider.Anthropic => CreateAnthropic(settings, httpClient),
            _ => throw new InvalidOperationException($"Planck:Llm:Provider '{settings.Provider}' has no chat client."),
        };
    }

    /// <summary>
    /// OpenAI, any OpenAI-compatible server, and Azure OpenAI's v1 endpoint, which takes the resource key as the
    /// bearer token like OpenAI does (and as <c>api-key</c>, which <see cref="ChatModelRegistration"/> adds for Azure).
    /// </summary>
    private static IChatClient CreateOpenAI(LlmSettings settings, HttpClient httpClient)
    {
        var options = new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(httpClient),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        if (settings.Endpoint is not null)
        {
            options.Endpoint = settings.Endpoint;
        }

        // Local OpenAI-compatible servers often need no key, but the client insists on one.
        var credential = new ApiKeyCredential(settings.ApiKey ?? "unused");
        return new OpenAIClient(credential, options).GetChatClient(settings.Model).AsIChatClient();
    }

    private static OllamaApiClient CreateOllama(LlmSettings settings, HttpClient httpClient)
    {
        httpClient.BaseAddress = settings.Endpoint ?? LlmSettings.OllamaDefaultEndpoint;
        return new OllamaApiClient(httpClient, settings.Model);
    }

    private static IChatClient CreateAnthropic(LlmSettings settings, HttpClient httpClient)
    {
        var options = new ClientOptions
        {
            HttpClient = httpClient,
            ApiKey = settings.ApiKey!,
            MaxRetries = 0,
            Timeout = AnthropicRequestLimit,
        };
        if (settings.Endpoint is not null)
        {
            options.BaseUrl = settings.Endpoint.ToString().TrimEnd('/');
        }

        return new AnthropicClient(options).AsIChatClient(settings.Model, settings.MaxOutputTokens);
    }
}
