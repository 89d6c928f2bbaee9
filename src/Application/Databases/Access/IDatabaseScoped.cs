using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Databases.Catalog;

namespace Planck.Application.Databases.Access;

/// <summary>The request acts on one database of a workspace; a database outside it is not found.</summary>
public interface IDatabaseScoped : IWorkspaceScoped
{
    Guid DatabaseId { get; }
}

/// <summary>
/// <see cref="IDatabaseScoped"/>, and <see cref="IDatabaseTargeted"/> when it names a database: the database must be
/// one of the workspace's (its uploaded tables included). Runs after the workspace rule.
/// </summary>
public sealed class DatabaseAccessRule(DatabaseDirectory directory) : IAccessRule
{
    public const string DatabaseNotFound = "Database not found.";

    public int Order => AccessRuleOrder.WithinWorkspace;

    public bool AppliesTo(Type requestType) =>
        typeof(IDatabaseScoped).IsAssignableFrom(requestType) || typeof(IDatabaseTargeted).IsAssignableFrom(requestType);

    public async ValueTask<string?> RefusalAsync(object request, Caller caller, CancellationToken cancellationToken)
    {
        var (workspaceId, databaseId) = request switch
        {
            IDatabaseScoped scoped => (scoped.WorkspaceId, (Guid?)scoped.DatabaseId),
            IDatabaseTargeted targeted => (targeted.WorkspaceId, targeted.DatabaseId),
            _ => throw new InvalidOperationException($"{request.GetType().Name} names no database."),
        };

        return databaseId is not { } id || await directory.ExistsAsync(workspaceId, id, cancellationToken) ? null : DatabaseNotFound;
    }
}
