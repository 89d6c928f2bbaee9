using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Planck.Infrastructure.Chat.Models;

/// <summary>Says at start-up which model will answer: provider, endpoint host and model, never the key.</summary>
internal sealed partial class ChatModelStartupLog(IServiceProvider services, ILogger<ChatModelStartupLog> logger) : IHostedService
{
    private readonly IServiceProvider _services = services;
    private readonly ILogger<ChatModelStartupLog> _logger = logger;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_services.GetService<LlmSettings>() is { } settings)
        {
            var endpointHost = settings.Endpoint?.Host ?? "the provider's default host";
            LogModel(settings.Provider, endpointHost, settings.Model);
        }
        else
        {
            LogNoModel();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Chat answers come from {Provider} at {EndpointHost}, model {Model}.")]
    private partial void LogModel(Options.LlmProvider provider, string endpointHost, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "No language model is configured (Planck:Llm:Provider is None): chat answers with the retrieved passages only.")]
    private partial void LogNoModel();
}
