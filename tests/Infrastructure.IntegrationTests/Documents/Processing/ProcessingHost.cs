using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Planck.Application.Common.Abstractions;
using Planck.Application.Documents;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Extraction;
using Planck.Infrastructure.Documents.Processing;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.IntegrationTests.Documents.Processing;

/// <summary>
/// A real host running the product's registration of the workers on the test database, with the extractor, chunker,
/// embedding generator and file store replaced by fakes (the boundaries of processing). Short leases and polls keep
/// tests quick; nothing asserts on timing.
/// </summary>
internal sealed class ProcessingHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private ProcessingHost(IHost host) => _host = host;

    public IDocumentProcessing Processing => _host.Services.GetRequiredService<IDocumentProcessing>();

    public static async Task<ProcessingHost> StartAsync(
        DatabaseFixture database,
        InMemoryFileStore files,
        ScriptedExtractor extractor,
        FakeEmbeddingGenerator? embeddings = null,
        Action<PlanckOptions>? configure = null,
        DocumentRetryPolicy? backoff = null,
        IChunker? chunker = null)
    {
        var options = new PlanckOptions();
        options.Documents.Workers = 1;
        options.Documents.LeaseSeconds = 3;
        options.Documents.PollSeconds = 1;
        options.Documents.ProcessingTimeoutSeconds = 120;
        options.Embeddings.BatchSize = 2;
        configure?.Invoke(options);

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        builder.Services.AddSingleton(TimeProvider.System);
        database.AddDbContext(builder.Services);
        builder.Services.AddSingleton<IFileStore>(files);
        builder.Services.AddSingleton<IDocumentExtractor>(extractor);
        builder.Services.AddSingleton(chunker ?? new BlockChunker());
        if (embeddings is not null)
        {
            builder.Services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(embeddings);
        }

        // Retries come due almost at once unless a test asks for the real schedule.
        builder.Services.AddSingleton(backoff ?? new DocumentRetryPolicy(TimeSpan.FromMilliseconds(50)));
        builder.Services.AddDocumentProcessing(options);

        var host = builder.Build();
        await host.StartAsync();
        return new ProcessingHost(host);
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
