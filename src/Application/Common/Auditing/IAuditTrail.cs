using Planck.Domain.Audit;

namespace Planck.Application.Common.Auditing;

/// <summary>Where audit entries go. There is no update or delete: the trail is append-only (retention pruning lives in Infrastructure).</summary>
public interface IAuditTrail
{
    /// <summary>Adds the entry to the action's own unit of work: it is saved by the action's SaveChanges, in the action's transaction.</summary>
    void Add(AuditEntry entry);

    /// <summary>Writes the entry now, in its own transaction, for events that have no transaction to share. Throws if it cannot.</summary>
    Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken);
}
