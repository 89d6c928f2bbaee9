using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.Chat.Models;

/// <summary>
/// <see cref="LlmOptions"/> checked once at start-up, with each provider's defaults filled in, so a mistake in the
/// configuration stops the server with a message naming the setting instead of failing the first chat.
/// </summary>
internal sealed record LlmSettings(LlmProvider Provider, Uri? Endpoint, string Model, string? ApiKey, TimeSpan IdleTimeout, int MaxOutputTokens)
{
    public static readonly Uri OllamaDefaultEndpoint = new("http://localhost:11434");

    /// <summary>Never shows the key: records print every property otherwise.</summary>
    public override string ToString() =>
        $"{Provider} at {Endpoint?.Host ?? "the provider's default host"}, model {Model}";

    public static LlmSettings? From(LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider == LlmProvider.None)
        {
            return null;
        }

        if (options.TimeoutSeconds <= 0)
        {
            throw new InvalidOperationException("Planck:Llm:TimeoutSeconds must be a positive number of seconds.");
        }

        if (options.MaxOutputTokens <= 0)
        {
            throw new InvalidOperationException("Planck:Llm:MaxOutputTokens must be a positive number of tokens.");
        }

        var endpoint = ParseEndpoint(options.Endpoint);
        var apiKey = string.IsNullOrWhiteSpace(options.ApiKey) ? null : options.ApiKey;
        var model = options.Model?.Trim();
        switch (options.Provider)
        {
            case LlmProvider.OpenAI:
                Require(model, "Planck:Llm:Model must name the model when the provider is OpenAI, for example gpt-4o-mini.");
                break;
            case LlmProvider.AzureOpenAI:
                Require(options.Endpoint, "Planck:Llm:Endpoint must be the Azure OpenAI resource URL (https://RESOURCE.openai.azure.com/) when the provider is AzureOpenAI.");
                Require(model, "Planck:Llm:Model must name the Azure OpenAI deployment when the provider is AzureOpenAI.");
                Require(apiKey, "Planck:Llm:ApiKey must be set when the provider is AzureOpenAI.");
                endpoint = AzureV1Endpoint(endpoint!);
                break;
            case LlmProvider.Ollama:
                Require(model, "Planck:Llm:Model must name the model when the provider is Ollama, for example llama3.1.");
                endpoint ??= OllamaDefaultEndpoint;
                break;
            case LlmProvider.Anthropic:
                Require(model, "Planck:Llm:Model must name the model when the provider is Anthropic, for example claude-sonnet-4-5.");
                Require(apiKey, "Planck:Llm:ApiKey must be set when the provider is Anthropic.");
                break;
            default:
                throw new InvalidOperationException($"Unknown Planck:Llm:Provider '{options.Provider}'. Use None, OpenAI, AzureOpenAI, Ollama or Anthropic.");
        }

        return new LlmSettings(options.Provider, endpoint, model!, apiKey, TimeSpan.FromSeconds(options.TimeoutSeconds), options.MaxOutputTokens);
    }

    private static void Require(string? value, string message)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(message);
        }
    }

    private static Uri? ParseEndpoint(string? endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        return Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new InvalidOperationException("Planck:Llm:Endpoint must be an absolute http or https URL, for example http://localhost:11434/v1.");
    }

    /// <summary>
    /// Azure's OpenAI-compatible surface lives under <c>/openai/v1/</c> of the resource. An operator may give the
    /// resource URL as the portal shows it, or the full v1 URL; both end up at the v1 URL.
    /// </summary>
    internal static Uri AzureV1Endpoint(Uri endpoint)
    {
        var path = endpoint.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        }

        return new Uri(endpoint.GetLeftPart(UriPartial.Authority) + (path.EndsWith("/openai", StringComparison.OrdinalIgnoreCase) ? path : path + "/openai") + "/v1/");
    }
}
