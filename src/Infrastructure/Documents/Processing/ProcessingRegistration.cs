using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Planck.Application.Common.Abstractions;
using Planck.Application.Documents;
using Planck.Application.Documents.Processing;
using Planck.Domain.Documents;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Processing;

internal static class ProcessingRegistration
{
    /// <summary>
    /// The background workers, as a hosted service: they run only in a started host (the web server), never in the
    /// command-line verbs or in code that merely builds a service provider. <c>Documents.RunWorkers</c> turns them off.
    /// </summary>
    public static IServiceCollection AddDocumentProcessing(this IServiceCollection services, PlanckOptions options)
    {
        // Read when the workers start, so that configuration applied after registration (tests, hosting) counts.
        _ = options;
        services.TryAddSingleton(DocumentRetryPolicy.Default);

        // The use case reaches the database through the Application's view of the one context.
        services.TryAddScoped<IApplicationDbContext>(sp => sp.GetRequiredService<PlanckDbContext>());
        // Each port timed as its stage (MeasuredProcessingStages); a host that registered its own port keeps it as it is.
        services.TryAddScoped<ContentExtraction>();
        services.TryAddScoped<PassageChunking>();
        services.TryAddScoped<PassageEmbedding>();
        services.TryAddScoped<DocumentIndex>();
        services.TryAddScoped<IContentExtraction>(sp => new MeasuredContentExtraction(sp.GetRequiredService<ContentExtraction>()));
        services.TryAddScoped<IPassageChunking>(sp => new MeasuredPassageChunking(sp.GetRequiredService<PassageChunking>()));
        services.TryAddScoped<IPassageEmbedding>(sp => new MeasuredPassageEmbedding(sp.GetRequiredService<PassageEmbedding>()));
        services.TryAddScoped<IDocumentIndex>(sp => new MeasuredDocumentIndex(sp.GetRequiredService<DocumentIndex>()));
        services.TryAddSingleton<IProcessingFailureClassifier, ProcessingFailureClassifier>();
        services.TryAddScoped<ProcessDocument>();
        services.TryAddSingleton<DocumentProcessor>();
        services.AddSingleton<DocumentWorkerService>();
        services.AddSingleton<IDocumentProcessing>(sp => sp.GetRequiredService<DocumentWorkerService>());
        services.AddHostedService(sp => sp.GetRequiredService<DocumentWorkerService>());
        return services;
    }
}
