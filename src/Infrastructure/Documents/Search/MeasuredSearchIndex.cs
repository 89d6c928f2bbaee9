using Planck.Application.Common.Telemetry;
using Planck.Application.Documents;

namespace Planck.Infrastructure.Documents.Search;

/// <summary>Every passage search timed and traced by mode (never its words).</summary>
internal sealed class MeasuredSearchIndex(HybridSearchIndex inner) : ISearchIndex
{
    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken) =>
        PlanckTelemetry.MeasureAsync(
            PlanckTelemetry.SearchDuration,
            "planck.search",
            () => inner.SearchAsync(request, cancellationToken),
            null,
            new KeyValuePair<string, object?>("mode", request.Mode.ToString().ToLowerInvariant()));
}
