using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Startup;

/// <summary>
/// Brings the database to the current schema before the server takes requests, then provisions the first
/// Admin on an empty database. Hosted services start before the web server listens.
/// </summary>
public sealed partial class DatabaseInitializer(IServiceProvider services, FirstRunProvisioner provisioner, ILogger<DatabaseInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync(services, cancellationToken);
        LogMigrated(logger);
        await provisioner.ProvisionAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets readers carry on while one writer commits. The setting persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is up to date")]
    private static partial void LogMigrated(ILogger logger);
}
