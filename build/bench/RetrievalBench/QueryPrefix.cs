using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Planck.Bench.Retrieval;

/// <summary>
/// An experiment for ADR 0015: arctic-embed was trained with a prefix on queries and none on passages, which the
/// server cannot give today (search does not tell the generator that it embeds a query). The bench can: documents
/// are all ingested before the first question, so once <see cref="QueriesStarted"/> every text embedded is a query.
/// </summary>
internal sealed class QueryPrefixGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, string prefix)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public bool QueriesStarted { get; set; }

    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GenerateAsync(QueriesStarted ? values.Select(value => prefix + value) : values, options, cancellationToken);

    /// <summary>Wraps the generator the server registered, keeping its lifetime.</summary>
    public static void Decorate(IServiceCollection services, string prefix)
    {
        var registered = services.Single(d => d.ServiceType == typeof(IEmbeddingGenerator<string, Embedding<float>>));
        var factory = registered.ImplementationFactory
            ?? throw new InvalidOperationException("the embedding generator is not registered by a factory");
        services.Remove(registered);
        services.AddSingleton(sp => new QueryPrefixGenerator((IEmbeddingGenerator<string, Embedding<float>>)factory(sp), prefix));
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<QueryPrefixGenerator>());
    }
}
