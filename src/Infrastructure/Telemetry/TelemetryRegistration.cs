using Microsoft.Extensions.DependencyInjection;
using Planck.Infrastructure.Documents.Processing;

namespace Planck.Infrastructure.Telemetry;

/// <summary>What Infrastructure adds when the host exports metrics: measurements that need a database to take.</summary>
public static class TelemetryRegistration
{
    public static IServiceCollection AddMeasuredDocumentQueue(this IServiceCollection services) =>
        services.AddHostedService<DocumentQueueGauge>();
}
