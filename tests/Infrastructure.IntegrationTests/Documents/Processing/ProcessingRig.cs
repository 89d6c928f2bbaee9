using Planck.Infrastructure.IntegrationTests.Documents.Search;
using Planck.Infrastructure.IntegrationTests.Support;

namespace Planck.Infrastructure.IntegrationTests.Documents.Processing;

/// <summary>What a test of the workers with search beside them holds: its documents, the fakes at the boundaries, the workers' host and a search node; all let go when the test ends.</summary>
internal sealed class ProcessingRig(DatabaseFixture database) : IAsyncDisposable
{
    public DocumentScenario Scenario { get; } = new(database);

    public ScriptedExtractor Extractor { get; } = new();

    public FakeEmbeddingGenerator Embeddings { get; } = new();

    public Gate Gate { get; } = new();

    public ProcessingHost? Host { get; set; }

    public SearchTestNode? Search { get; set; }

    public async ValueTask DisposeAsync()
    {
        Gate.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (Search is not null)
        {
            await Search.DisposeAsync();
        }

        await Scenario.CleanUpAsync();
    }
}
