using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Behaviours;
using Planck.Application.Common.Exceptions;
using Planck.Application.Databases.Access;
using Planck.Application.Databases.Catalog;
using Planck.Application.Databases.Engines;
using Planck.Application.Databases.Secrets;
using Planck.Domain.Databases;
using Planck.Domain.Identity;

namespace Planck.Application.Databases.Commands;

/// <summary>
/// Connects a database: the server connects and reads its catalog first, and saves nothing unless that worked. Runs
/// without a transaction because reading a remote catalog may take seconds, and the one write is a single SaveChanges.
/// </summary>
[RequireRole(Role.Admin)]
public sealed record ConnectDatabaseCommand(Guid WorkspaceId, string? Name, string? Type, string? ConnectionString, string? Description)
    : ICommand<DatabaseDto>, IWorkspaceScoped, IRunsWithoutTransaction
{
    // A record would print the connection string into any log line or exception that formats the command.
    public override string ToString() => $"{nameof(ConnectDatabaseCommand)} {{ WorkspaceId = {WorkspaceId}, Name = {Name}, Type = {Type} }}";
}

public sealed class ConnectDatabaseHandler(
    IApplicationDbContext db, DatabaseEngines engines, IConnectionSecretProtector secrets, AuditLog audit, TimeProvider clock)
    : ICommandHandler<ConnectDatabaseCommand, DatabaseDto>
{
    public async ValueTask<DatabaseDto> Handle(ConnectDatabaseCommand command, CancellationToken cancellationToken)
    {
        var name = command.Name!.Trim();
        await DatabaseRules.EnsureNameFreeAsync(db, command.WorkspaceId, name, null, cancellationToken);
        var type = DatabaseTypes.ParseConnectable(command.Type)!.Value;
        var catalog = await engines.ReadForAdminAsync(new DatabaseTarget(Guid.Empty, command.WorkspaceId, type, command.ConnectionString!), cancellationToken);
        var connection = DatabaseConnection.Connect(
            command.WorkspaceId, name, type, command.Description, secrets.Protect(command.ConnectionString!), CatalogJson.Write(catalog),
            catalog.Tables.Count, clock.GetUtcNow());
        db.DatabaseConnections.Add(connection);
        // No transaction here, so the entry is saved by the same SaveChanges as the connection. Never the connection string.
        audit.Record(new AuditEvent(
            "database.created", command.WorkspaceId, AuditTargets.Database, connection.Id,
            new { connection.Name, Type = DatabaseTypes.Name(type), connection.TableCount }));
        await db.SaveChangesAsync(cancellationToken);
        return DatabaseRules.Describe(connection, catalog).ToDto();
    }
}

public sealed class ConnectDatabaseValidator : AbstractValidator<ConnectDatabaseCommand>
{
    public ConnectDatabaseValidator()
    {
        RuleFor(c => c.Name).ValidDatabaseName();
        RuleFor(c => c.Type).Must(t => DatabaseTypes.ParseConnectable(t) is not null)
            .WithMessage("type must be postgresql, mysql or sqlite (a workspace's uploaded tables are built in).");
        RuleFor(c => c.ConnectionString).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage("connection_string is required.");
        RuleFor(c => c.ConnectionString).MaximumLength(DatabaseRules.MaxConnectionStringLength)
            .WithMessage($"connection_string must be at most {DatabaseRules.MaxConnectionStringLength} characters.");
        RuleFor(c => c.Description).ValidDatabaseDescription();
    }
}

/// <summary>Renames, describes, or replaces the secret (read through first, so a connection never keeps a secret that fails).</summary>
[RequireRole(Role.Admin)]
public sealed record UpdateDatabaseCommand(Guid WorkspaceId, Guid DatabaseId, string? Name, string? Description, string? ConnectionString)
    : ICommand<DatabaseDto>, IDatabaseScoped, IRunsWithoutTransaction
{
    public override string ToString() => $"{nameof(UpdateDatabaseCommand)} {{ WorkspaceId = {WorkspaceId}, DatabaseId = {DatabaseId}, Name = {Name} }}";
}

public sealed class UpdateDatabaseHandler(
    IApplicationDbContext db, DatabaseEngines engines, IConnectionSecretProtector secrets, AuditLog audit, TimeProvider clock)
    : ICommandHandler<UpdateDatabaseCommand, DatabaseDto>
{
    public async ValueTask<DatabaseDto> Handle(UpdateDatabaseCommand command, CancellationToken cancellationToken)
    {
        var connection = await DatabaseRules.ConnectionToChangeAsync(db, command.WorkspaceId, command.DatabaseId, cancellationToken);
        if (command.Name is not null)
        {
            await DatabaseRules.EnsureNameFreeAsync(db, command.WorkspaceId, command.Name.Trim(), connection.Id, cancellationToken);
            connection.Rename(command.Name);
        }

        if (command.Description is not null)
        {
            connection.Describe(command.Description);
        }

        DatabaseCatalog? catalog = null;
        if (command.ConnectionString is not null)
        {
            catalog = await engines.ReadForAdminAsync(
                new DatabaseTarget(connection.Id, command.WorkspaceId, connection.Type, command.ConnectionString), cancellationToken);
            connection.ReplaceSecret(secrets.Protect(command.ConnectionString), CatalogJson.Write(catalog), catalog.Tables.Count, clock.GetUtcNow());
        }

        audit.Record(new AuditEvent(
            "database.updated", command.WorkspaceId, AuditTargets.Database, connection.Id,
            new { Name = command.Name is null ? null : connection.Name, DescriptionChanged = command.Description is not null, ConnectionChanged = command.ConnectionString is not null }));
        await db.SaveChangesAsync(cancellationToken);
        return DatabaseRules.Describe(connection, catalog ?? CatalogJson.Read(connection.CatalogJson)).ToDto();
    }
}

public sealed class UpdateDatabaseValidator : AbstractValidator<UpdateDatabaseCommand>
{
    public UpdateDatabaseValidator()
    {
        RuleFor(c => c.Name).ValidDatabaseName().When(c => c.Name is not null);
        RuleFor(c => c.Description).ValidDatabaseDescription();
        RuleFor(c => c.ConnectionString).Must(s => !string.IsNullOrWhiteSpace(s)).When(c => c.ConnectionString is not null)
            .WithMessage("connection_string may not be empty; leave it out to keep the current one.");
        RuleFor(c => c.ConnectionString).MaximumLength(DatabaseRules.MaxConnectionStringLength)
            .WithMessage($"connection_string must be at most {DatabaseRules.MaxConnectionStringLength} characters.");
        RuleFor(c => c).Must(c => c.Name is not null || c.Description is not null || c.ConnectionString is not null)
            .OverridePropertyName("body").WithMessage("Nothing to change: give name, description or connection_string.");
    }
}

/// <summary>
/// Reads the schema again. When the database cannot be read, the connection is marked unavailable (its last catalog
/// kept for grounding) and the request is 400 with the reason.
/// </summary>
[RequireRole(Role.Admin)]
public sealed record RefreshDatabaseCommand(Guid WorkspaceId, Guid DatabaseId) : ICommand<DatabaseDto>, IDatabaseScoped, IRunsWithoutTransaction;

public sealed class RefreshDatabaseHandler(IApplicationDbContext db, DatabaseDirectory directory, DatabaseEngines engines, AuditLog audit, TimeProvider clock)
    : ICommandHandler<RefreshDatabaseCommand, DatabaseDto>
{
    public async ValueTask<DatabaseDto> Handle(RefreshDatabaseCommand command, CancellationToken cancellationToken)
    {
        if (command.DatabaseId == DatabaseDirectory.UploadedTablesId(command.WorkspaceId))
        {
            // Uploaded tables are read as they are each time; there is nothing stored to refresh.
            return (await directory.GetAsync(command.WorkspaceId, command.DatabaseId, cancellationToken)).ToDto();
        }

        var target = await directory.TargetAsync(command.WorkspaceId, command.DatabaseId, cancellationToken);
        var connection = await DatabaseRules.ConnectionToChangeAsync(db, command.WorkspaceId, command.DatabaseId, cancellationToken);
        DatabaseCatalog catalog;
        try
        {
            catalog = await engines.ReadForAdminAsync(target, cancellationToken);
        }
        catch (RequestValidationException failed)
        {
            connection.RefreshFailed(failed.Message, clock.GetUtcNow());
            audit.Record(Refreshed(command, succeeded: false));
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        connection.Refreshed(CatalogJson.Write(catalog), catalog.Tables.Count, clock.GetUtcNow());
        audit.Record(Refreshed(command, succeeded: true));
        await db.SaveChangesAsync(cancellationToken);
        return DatabaseRules.Describe(connection, catalog).ToDto();
    }

    private static AuditEvent Refreshed(RefreshDatabaseCommand command, bool succeeded) =>
        new("database.refreshed", command.WorkspaceId, AuditTargets.Database, command.DatabaseId, new { Succeeded = succeeded });
}

[RequireRole(Role.Admin)]
public sealed record DeleteDatabaseCommand(Guid WorkspaceId, Guid DatabaseId) : ICommand, IDatabaseScoped, IAuditedCommand<Unit>
{
    public AuditEvent Audit(Unit response) => new("database.deleted", WorkspaceId, AuditTargets.Database, DatabaseId);
}

public sealed class DeleteDatabaseHandler(IApplicationDbContext db) : ICommandHandler<DeleteDatabaseCommand>
{
    public async ValueTask<Unit> Handle(DeleteDatabaseCommand command, CancellationToken cancellationToken)
    {
        var connection = await DatabaseRules.ConnectionToChangeAsync(db, command.WorkspaceId, command.DatabaseId, cancellationToken);
        db.DatabaseConnections.Remove(connection);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

public static class DatabaseRules
{
    public const int MaxConnectionStringLength = 8000;

    public static IRuleBuilderOptions<T, string?> ValidDatabaseName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("name is required.")
            .Must(n => n is null || n.Trim().Length <= DatabaseConnection.MaxNameLength)
            .WithMessage($"name must be at most {DatabaseConnection.MaxNameLength} characters.");

    public static IRuleBuilderOptions<T, string?> ValidDatabaseDescription<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(d => d is null || d.Trim().Length <= DatabaseConnection.MaxDescriptionLength)
            .WithMessage($"description must be at most {DatabaseConnection.MaxDescriptionLength} characters.");

    /// <summary>A connection an Admin may change; the built-in uploaded tables are not one.</summary>
    public static async Task<DatabaseConnection> ConnectionToChangeAsync(
        IApplicationDbContext db, Guid workspaceId, Guid databaseId, CancellationToken cancellationToken)
    {
        if (databaseId == DatabaseDirectory.UploadedTablesId(workspaceId))
        {
            throw new RequestValidationException(
                "database_id", "The uploaded tables are built into every workspace and follow its documents; they cannot be changed or removed.");
        }

        return await db.DatabaseConnections.FirstOrDefaultAsync(d => d.Id == databaseId && d.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new NotFoundException(DatabaseAccessRule.DatabaseNotFound);
    }

    public static async Task EnsureNameFreeAsync(IApplicationDbContext db, Guid workspaceId, string name, Guid? except, CancellationToken cancellationToken)
    {
        // A workspace has a handful of databases; comparing here keeps case-insensitivity the same on both providers.
        var taken = await db.DatabaseConnections.AsNoTracking()
            .Where(d => d.WorkspaceId == workspaceId && d.Id != except).Select(d => d.Name).ToListAsync(cancellationToken);
        if (string.Equals(name, DatabaseDirectory.UploadedTablesName, StringComparison.OrdinalIgnoreCase)
            || taken.Exists(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ConflictException($"This workspace already has a database named \"{name}\".");
        }
    }

    public static WorkspaceDatabase Describe(DatabaseConnection connection, DatabaseCatalog catalog) =>
        new(connection.Id, connection.WorkspaceId, connection.Name, connection.Type, connection.Description, connection.Status, connection.StatusDetail,
            connection.TableCount, connection.RefreshedAt, connection.CreatedAt, catalog);
}
