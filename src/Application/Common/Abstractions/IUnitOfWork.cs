namespace Planck.Application.Common.Abstractions;

public interface IUnitOfWork
{
    /// <summary>Runs the work in one database transaction, retried as a whole by the provider's execution strategy.</summary>
    Task<T> ExecuteInTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Queues an action to run once the current transaction has committed (never if it rolls back).</summary>
    void AfterCommit(Action action);
}
