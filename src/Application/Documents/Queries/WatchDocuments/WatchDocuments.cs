using System.Runtime.CompilerServices;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;

namespace Planck.Application.Documents.Queries.WatchDocuments;

/// <summary>The workspace's documents each time one changes status or progress, until the caller goes away.</summary>
public sealed record WatchDocumentsQuery(Guid WorkspaceId) : IStreamRequest<DocumentDto>, IWorkspaceScoped;

/// <summary>
/// Polls the shared table once a second for documents of the workspace whose <c>updated_at</c> moved. Every change of
/// status or progress, on any node, moves it, so this sees every node's work without a message bus; the query is one
/// indexed range read per open stream per second. The window reaches back <see cref="ClockSlack"/> so that a node
/// whose clock runs a little behind is not missed (nor is a change of the moments before the stream opened); what was already sent is recognised by its time and not sent twice.
/// </summary>
public sealed class WatchDocumentsHandler(IApplicationDbContext db, TimeProvider time) : IStreamRequestHandler<WatchDocumentsQuery, DocumentDto>
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(5);

    public async IAsyncEnumerable<DocumentDto> Handle(WatchDocumentsQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sent = new Dictionary<Guid, DateTimeOffset>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var windowStart = time.GetUtcNow() - ClockSlack;
            var changed = await db.Documents.AsNoTracking()
                .Where(d => d.WorkspaceId == query.WorkspaceId && d.UpdatedAt >= windowStart)
                .ToListAsync(cancellationToken);
            foreach (var document in changed.OrderBy(d => d.UpdatedAt))
            {
                if (!sent.TryGetValue(document.Id, out var at) || at != document.UpdatedAt)
                {
                    sent[document.Id] = document.UpdatedAt;
                    yield return DocumentDto.From(document);
                }
            }

            // What fell out of the window can no longer come back through it.
            foreach (var old in sent.Where(entry => entry.Value < windowStart).Select(entry => entry.Key).ToList())
            {
                sent.Remove(old);
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }
}
