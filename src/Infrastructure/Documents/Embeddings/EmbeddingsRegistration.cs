using System.ClientModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.Documents.Embeddings;

/// <summary>
/// Registers <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> of strings as a singleton only when a provider is
/// on. With <see cref="EmbeddingProvider.None"/> nothing is registered, so consumers take the generator as an
/// optional constructor parameter (<c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;? generator = null</c>,
/// which the container honours) and treat null as "no embeddings": search runs full-text only and processing
/// stores no vectors.
/// </summary>
internal static class EmbeddingsRegistration
{
    public static IServiceCollection AddEmbeddings(this IServiceCollection services, EmbeddingOptions options)
    {
        switch (options.Provider)
        {
            case EmbeddingProvider.None:
                break;
            case EmbeddingProvider.Local:
                // Parsed here, not on first use, so a misspelt model stops the server at start-up with the choices.
                var model = LocalEmbeddingModel.Parse(options.LocalModel);
                var batchSize = Math.Max(1, options.BatchSize);
                services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(_ => new LocalEmbeddingGenerator(model, batchSize));
                break;
            case EmbeddingProvider.OpenAI:
                var endpoint = options.Endpoint;
                var remoteModel = options.Model;
                var apiKey = options.ApiKey;
                services.AddSingleton(_ => CreateOpenAI(endpoint, remoteModel, apiKey));
                break;
            default:
                throw new InvalidOperationException($"Unknown Planck:Embeddings:Provider '{options.Provider}'. Use Local, OpenAI or None.");
        }

        return services;
    }

    /// <summary>Any OpenAI-compatible <c>/embeddings</c> endpoint; the OpenAI cloud when no endpoint is given.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateOpenAI(string? endpoint, string model, string? apiKey)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new InvalidOperationException("Planck:Embeddings:Model must name the embedding model when the provider is OpenAI.");
        }

        var clientOptions = new OpenAIClientOptions();
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            clientOptions.Endpoint = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
                ? uri
                : throw new InvalidOperationException("Planck:Embeddings:Endpoint must be an absolute URL, for example http://localhost:11434/v1.");
        }

        // Local OpenAI-compatible servers often need no key, but the client insists on one.
        var credential = new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "unused" : apiKey);
        return new OpenAIClient(credential, clientOptions).GetEmbeddingClient(model).AsIEmbeddingGenerator();
    }
}
