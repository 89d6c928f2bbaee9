using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Documents;
using Planck.Infrastructure.Documents.Embeddings;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Search;

internal static class SearchRegistration
{
    public static IServiceCollection AddDocumentSearch(this IServiceCollection services, PlanckOptions options)
    {
        services.AddEmbeddings(options.Embeddings);
        services.AddSingleton<VectorCache>();
        services.AddSingleton<ApproximateIndexer>();
        services.AddScoped<VectorSearch>();

        // The engine follows the context actually registered, so tests and hosts that register their own agree.
        services.AddScoped<IFullTextSearch>(sp => sp.GetRequiredService<PlanckDbContext>() switch
        {
            SqlitePlanckDbContext sqlite => new SqliteFullTextSearch(sqlite),
            PostgresPlanckDbContext postgres => new PostgresFullTextSearch(postgres),
            var other => throw new InvalidOperationException($"No full-text search for {other.GetType().Name}."),
        });
        services.AddScoped<HybridSearchIndex>();
        services.AddScoped<ISearchIndex>(sp => new MeasuredSearchIndex(sp.GetRequiredService<HybridSearchIndex>()));
        return services;
    }
}
