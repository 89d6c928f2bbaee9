using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Infrastructure.Audit;
using Planck.Infrastructure.Backup;
using Planck.Infrastructure.Chat.Models;
using Planck.Infrastructure.Databases;
using Planck.Infrastructure.Documents;
using Planck.Infrastructure.Identity;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Persistence;
using Planck.Infrastructure.Security;
using Planck.Infrastructure.Startup;
using Planck.Infrastructure.Workspaces;

namespace Planck.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Planck";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlanckOptions>().Bind(configuration.GetSection(PlanckOptions.Section));
        var options = configuration.GetSection(PlanckOptions.Section).Get<PlanckOptions>() ?? new PlanckOptions();
        var connectionString = configuration.GetConnectionString(ConnectionStringName);

        switch (options.Database.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqliteConnection = string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnectionString(options) : connectionString;
                services.AddDbContextPool<PlanckDbContext, SqlitePlanckDbContext>(o => ConfigureSqlite(o, sqliteConnection));
                break;
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("Planck:Database:Provider is Postgres, so ConnectionStrings:Planck must be set.");
                }

                services.AddDbContextPool<PlanckDbContext, PostgresPlanckDbContext>(o => ConfigurePostgres(o, connectionString));
                break;
            default:
                throw new InvalidOperationException($"Unknown Planck:Database:Provider '{options.Database.Provider}'. Use Sqlite or Postgres.");
        }

        services.AddScoped<IApplicationDbContext>(sp => sp.GetRequiredService<PlanckDbContext>());
        services.AddScoped<IUnitOfWork, UnitOfWork>();
        services.AddSingleton<ISpecificationEvaluator, SpecificationEvaluator>();
        services.AddScoped<IWorkspaceAccess, WorkspaceAccess>();
        services.AddScoped<Application.Workspaces.IWorkspaceDirectory, WorkspaceDirectory>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ServerSecret>();
        services.AddSingleton<ISecretHasher, HmacSecretHasher>();
        services.AddSingleton<IPasswordHasher, IdentityPasswordHasher>();
        services.AddSingleton<ILoginThrottle, LoginThrottle>();
        services.AddSingleton<ApiKeyUsageRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiKeyUsageRecorder>());
        services.AddSingleton<CredentialValidator>();
        services.AddSingleton<ICredentialValidator>(sp => sp.GetRequiredService<CredentialValidator>());
        services.AddSingleton<ICredentialCache>(sp => sp.GetRequiredService<CredentialValidator>());

        services.AddOptions<Application.Identity.Commands.Login.SessionOptions>()
            .Configure<IOptions<PlanckOptions>>((session, planck) => session.Lifetime = TimeSpan.FromHours(Math.Max(1, planck.Value.Security.SessionHours)));
        services.AddOptions<Application.Identity.ApiKeyOptions>()
            .Configure<IOptions<PlanckOptions>>((keys, planck) => keys.MaxKeysPerUser = Math.Max(1, planck.Value.Security.MaxKeysPerUser));

        services.AddScoped<Application.Common.Auditing.IAuditTrail, AuditTrail>();
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuditRetention>();

        services.AddSingleton<FirstRunProvisioner>();
        // Connection secrets use ASP.NET Core Data Protection (sessions do not: they are server-side rows, ADR 5).
        services.AddPlanckDataProtection();
        services.AddDocuments(options);
        services.AddDatabases();
        services.AddChatModel(options.Llm);
        services.AddBackup(options);
        return services;
    }

    /// <summary>Applies migrations and provisions the first Admin as the host starts, then prunes the audit trail daily. Registered by the web host only.</summary>
    public static IServiceCollection AddDatabaseInitialization(this IServiceCollection services) =>
        services.AddHostedService<DatabaseInitializer>()
            .AddHostedService(sp => sp.GetRequiredService<AuditRetention>());

    public static string DefaultSqliteConnectionString(PlanckOptions options)
    {
        Directory.CreateDirectory(options.FullDataDirectory);
        return $"Data Source={Path.Combine(options.FullDataDirectory, "planck.db")};Pooling=True";
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(DependencyInjection).Assembly.FullName))
            .UseSnakeCaseNamingConvention();

    /// <summary>
    /// No retrying execution strategy on the context: with one, EF buffers every query's whole result before
    /// materialising it, which costs the hot read paths about a tenth of their throughput. Transactions retry
    /// through <see cref="TransactionRetries"/>; a transient failure of a plain read is answered 503 with Retry-After.
    /// </summary>
    internal static void ConfigurePostgres(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(
                WithPerformanceDefaults(connectionString),
                // Npgsql's own default strategy wraps a transient error in InvalidOperationException, which would
                // hide a deadlock from the transaction's retrying strategy; this one lets it through as it is.
                npgsql => npgsql.ExecutionStrategy(dependencies => new NonRetryingExecutionStrategy(dependencies)))
            .UseSnakeCaseNamingConvention();

    /// <summary>
    /// Prepared statements for the hot queries (PostgreSQL then skips parsing and planning them), and no
    /// session reset when a pooled connection is returned (Planck keeps no session state). An operator's
    /// explicit settings in the connection string win.
    /// </summary>
    internal static string WithPerformanceDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}
