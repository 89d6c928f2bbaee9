using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Documents;
using Planck.Infrastructure.Documents.Extraction;
using Planck.Infrastructure.Documents.Processing;
using Planck.Infrastructure.Documents.Search;
using Planck.Infrastructure.Documents.Storage;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.Documents;

internal static class DocumentsRegistration
{
    public static IServiceCollection AddDocuments(this IServiceCollection services, PlanckOptions options)
    {
        services.AddOptions<DocumentUploadOptions>()
            .Configure<IOptions<PlanckOptions>>((upload, planck) => upload.MaxUploadBytes = planck.Value.Documents.MaxUploadBytes);
        services.AddScoped<IDocumentLocator, DocumentLocator>();
        if (options.Documents.Storage == FileStorageKind.Database)
        {
            services.AddSingleton<IFileStore, DatabaseFileStore>();
        }
        else
        {
            services.AddSingleton<IFileStore, FileSystemFileStore>();
            services.AddSingleton<StoredFileSweeper>();
            services.AddHostedService(sp => sp.GetRequiredService<StoredFileSweeper>());
        }

        services.AddDocumentExtraction();
        services.AddDocumentSearch(options);
        services.AddDocumentProcessing(options);
        return services;
    }
}
