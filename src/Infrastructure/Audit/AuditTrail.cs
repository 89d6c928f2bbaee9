using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Common.Auditing;
using Planck.Domain.Audit;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Audit;

/// <summary>
/// The trail in Planck's own database. <see cref="Add"/> joins the request's context (and so its transaction);
/// <see cref="WriteAsync"/> uses a context of its own, so nothing else the request has pending is saved with it.
/// </summary>
public sealed class AuditTrail(PlanckDbContext db, IServiceScopeFactory scopes) : IAuditTrail
{
    public void Add(AuditEntry entry) => db.AuditEntries.Add(entry);

    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var own = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
        own.AuditEntries.Add(entry);
        await own.SaveChangesAsync(cancellationToken);
    }
}
