using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Backup;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.Backup;

internal static class BackupRegistration
{
    public static IServiceCollection AddBackup(this IServiceCollection services, PlanckOptions options)
    {
        if (options.Database.Provider == DatabaseProvider.Sqlite)
        {
            services.AddScoped<IDatabaseSnapshot, SqliteDatabaseSnapshot>();
        }
        else
        {
            services.AddScoped<IDatabaseSnapshot, PostgresDatabaseSnapshot>();
        }

        services.AddScoped<IRestoreTarget, DataDirectoryRestoreTarget>();
        return services;
    }
}
