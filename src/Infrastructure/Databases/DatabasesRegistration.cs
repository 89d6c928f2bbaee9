using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Databases.Engines;
using Planck.Infrastructure.Databases.MySql;
using Planck.Infrastructure.Databases.Postgres;
using Planck.Infrastructure.Databases.Sqlite;
using Planck.Infrastructure.Databases.UploadedTables;

namespace Planck.Infrastructure.Databases;

internal static class DatabasesRegistration
{
    /// <summary>The engines behind connected databases and uploaded tables.</summary>
    public static IServiceCollection AddDatabases(this IServiceCollection services)
    {
        services.AddSingleton<UploadedTablesCache>();
        services.AddScoped<IDatabaseEngine, UploadedTablesEngine>();
        services.AddSingleton<IDatabaseEngine, SqliteDatabaseEngine>();
        services.AddSingleton<IDatabaseEngine, PostgresDatabaseEngine>();
        services.AddSingleton<IDatabaseEngine, MySqlDatabaseEngine>();
        return services;
    }
}
