using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Planck.Application.Documents;
using Planck.Infrastructure.Options;

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
        services.TryAddSingleton(RetryBackoff.Default);
        services.TryAddSingleton<DocumentProcessor>();
        services.AddSingleton<DocumentWorkerService>();
        services.AddSingleton<IDocumentProcessing>(sp => sp.GetRequiredService<DocumentWorkerService>());
        services.AddHostedService(sp => sp.GetRequiredService<DocumentWorkerService>());
        return services;
    }
}
