using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;

namespace Planck.Infrastructure.Persistence;

public sealed class UnitOfWork(PlanckDbContext db) : IUnitOfWork
{
    private readonly List<Action> _afterCommit = [];

    public async Task<T> ExecuteInTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work(cancellationToken);
        }

        var strategy = TransactionRetries.For(db);
        var result = await strategy.ExecuteAsync(
            async ct =>
            {
                // A retried attempt starts from nothing: no entities or follow-ups left over from the failed one.
                db.ChangeTracker.Clear();
                _afterCommit.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var value = await work(ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return value;
            },
            cancellationToken);

        var actions = _afterCommit.ToArray();
        _afterCommit.Clear();
        foreach (var action in actions)
        {
            action();
        }

        return result;
    }

    public void AfterCommit(Action action)
    {
        if (db.Database.CurrentTransaction is null)
        {
            action();
            return;
        }

        _afterCommit.Add(action);
    }
}
