using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Planck.Application.Chat;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Tokens;
using Polly;

namespace Planck.Infrastructure.Chat.Models;

/// <summary>
/// Registers <see cref="IChatModel"/> (a singleton) for the configured provider and <see cref="ITokenCounter"/>.
/// The options are checked here, at start-up, so a broken configuration stops the server with a readable message.
/// </summary>
public static class ChatModelRegistration
{
    internal const string HttpClientName = "Planck.Llm";

    private const int MaxRetries = 2;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Connections are renewed this often so DNS changes reach the one long-lived client the model keeps.</summary>
    private static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(5);

    public static IServiceCollection AddChatModel(this IServiceCollection services, LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton<ITokenCounter, Cl100kTokenCounter>();
        services.AddHostedService<ChatModelStartupLog>();

        var settings = LlmSettings.From(options);
        if (settings is null)
        {
            services.AddSingleton<IChatModel, UnconfiguredChatModel>();
            return services;
        }

        services.AddSingleton(settings);
        AddResilientHttpClient(services, settings);
        services.AddSingleton<IChatModel>(sp =>
        {
            var httpClient = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return new MeasuredChatModel(new ChatClientModel(ChatClientFactory.Create(settings, httpClient), settings));
        });
        return services;
    }

    /// <summary>
    /// Shaped for streaming. The client's own timeout is off: an answer may stream for minutes. Each attempt must get
    /// its response headers within the idle limit; a transient failure before that (5xx, 408, 429, a refused
    /// connection, that timeout) is retried twice with jittered exponential back-off. Once the answer streams nothing
    /// is retried (a retry would repeat text already shown); its silences are <see cref="ChatClientModel"/>'s to judge.
    /// There is deliberately no total timeout, which would cut a long healthy answer.
    /// </summary>
    private static void AddResilientHttpClient(IServiceCollection services, LlmSettings settings)
    {
        var builder = services.AddHttpClient(HttpClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                if (settings.Provider == LlmProvider.AzureOpenAI)
                {
                    // Azure's v1 endpoint takes the key as a bearer token too; its documented header makes that certain.
                    client.DefaultRequestHeaders.Add("api-key", settings.ApiKey);
                }
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = ConnectionLifetime })
            // The model is a singleton that keeps its client; the pool above renews connections instead.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        builder.AddResilienceHandler("planck-llm", pipeline =>
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstRetryDelay,
            });
            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = settings.IdleTimeout });
        });
    }
}
