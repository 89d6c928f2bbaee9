using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Documents;

namespace Planck.Infrastructure.Documents.Extraction;

internal static class ExtractionRegistration
{
    public static IServiceCollection AddDocumentExtraction(this IServiceCollection services)
    {
        services.AddSingleton<IDocumentTypeDetector, ContentTypeDetector>();
        services.AddOptions<OcrOptions>().BindConfiguration(OcrOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OcrPageReader>();
        services.AddSingleton<IDocumentExtractor, DocumentExtractor>();
        services.AddSingleton<IChunker, TokenChunker>();
        return services;
    }
}
