using System.Net;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Planck.Application.Common.Telemetry;
using Planck.Application.Server.Queries.GetAdminServerInfo;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Telemetry;

namespace Planck.WebApi.Http;

/// <summary>
/// OpenTelemetry for the host (ADR 0020): HTTP metrics and Planck's own (<see cref="PlanckTelemetry"/>), served to
/// Prometheus at <see cref="MetricsPath"/> for the configured addresses and/or exported over OTLP with traces; and
/// the console log as JSON lines with the trace id when asked. Nothing is collected when nothing is exported.
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddPlanckTelemetry(this WebApplicationBuilder builder, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);

        // The trace and span ids go into every log line's scope, so a line can be found from a trace and back.
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (options.JsonConsoleLogs)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var allowed = MetricsAllowedFrom(options);
        builder.Services.AddSingleton(allowed);
        builder.Services.AddSingleton(new MetricsEndpoint(options.PrometheusEnabled ? MetricsPath : null));
        var otlp = OtlpEndpoint(options);
        if (!options.PrometheusEnabled && otlp is null)
        {
            return builder;
        }

        builder.Services.AddMeasuredDocumentQueue();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("planck", serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddMeter(PlanckTelemetry.Name);
                if (options.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(exporter => exporter.Endpoint = otlp);
                }
            });
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource(PlanckTelemetry.Name)
                .AddOtlpExporter(exporter => exporter.Endpoint = otlp));
        }

        return builder;
    }

    /// <summary>
    /// Answers <see cref="MetricsPath"/> when Prometheus is on and the client's address (after forwarded headers) is
    /// allowed; any other request for it falls through to what every unknown path gets, hiding that it exists.
    /// </summary>
    public static IApplicationBuilder UsePlanckMetrics(this IApplicationBuilder app, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.PrometheusEnabled)
        {
            return app;
        }

        var allowed = app.ApplicationServices.GetRequiredService<MetricsAudience>();
        return app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path.Equals(MetricsPath, StringComparison.OrdinalIgnoreCase)
            && HttpMethods.IsGet(context.Request.Method)
            && allowed.Admits(context.Connection.RemoteIpAddress));
    }

    private static MetricsAudience MetricsAllowedFrom(TelemetryOptions options)
    {
        var entries = options.MetricsAllowedFrom.Count == 0 ? ["127.0.0.1", "::1"] : options.MetricsAllowedFrom;
        var networks = entries
            .SelectMany(entry => entry.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(entry => IPAddress.TryParse(entry, out var address)
                ? new System.Net.IPNetwork(address, address.GetAddressBytes().Length * 8)
                : System.Net.IPNetwork.TryParse(entry, out var network)
                    ? network
                    : throw new InvalidOperationException(
                        $"Planck:Telemetry:MetricsAllowedFrom has \"{entry}\", which is neither an IP address nor a network such as 10.0.0.0/8."))
            .ToList();
        return new MetricsAudience(networks);
    }

    private static Uri? OtlpEndpoint(TelemetryOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            return null;
        }

        return Uri.TryCreate(options.OtlpEndpoint.Trim(), UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"
            ? endpoint
            : throw new InvalidOperationException(
                $"Planck:Telemetry:OtlpEndpoint is \"{options.OtlpEndpoint}\", which is not an http(s) address such as http://collector:4317.");
    }
}

/// <summary>The addresses that may read the metrics. An IPv4 client reached over an IPv6 socket counts as its IPv4 address.</summary>
public sealed class MetricsAudience(IReadOnlyList<System.Net.IPNetwork> networks)
{
    public bool Admits(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return networks.Any(network => network.Contains(plain));
    }
}
