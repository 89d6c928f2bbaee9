using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Planck.Infrastructure.Persistence;
using Planck.Infrastructure.Startup;
using Planck.Tests.Support;

namespace Planck.Infrastructure.IntegrationTests.Support;

/// <summary>
/// One migrated database per provider, shared by a test collection. Contexts are configured exactly as the product
/// configures them (<c>ConfigureSqlite</c>/<c>ConfigurePostgres</c>) and the schema is made by the product's own
/// migration step. Every test makes its own rows, so tests never depend on each other's data.
/// </summary>
public abstract class DatabaseFixture : IAsyncLifetime
{
    /// <summary>EF's provider name, to check each collection really runs where it claims to.</summary>
    public abstract string ProviderName { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>A new context on the test database, optionally with interceptors that watch what it does.</summary>
    public abstract PlanckDbContext CreateContext(params IInterceptor[] interceptors);

    /// <summary>Registers the provider's context as <see cref="PlanckDbContext"/>, as the product's DI does.</summary>
    public abstract void AddDbContext(IServiceCollection services, params IInterceptor[] interceptors);

    /// <summary>Registers a pool of the provider's contexts, exactly as the product does (<c>AddDbContextPool</c>).</summary>
    public abstract void AddDbContextPool(IServiceCollection services);

    protected async Task MigrateAsync()
    {
        var services = new ServiceCollection();
        AddDbContext(services);
        await using var provider = services.BuildServiceProvider();
        await DatabaseInitializer.MigrateAsync(provider, CancellationToken.None);
    }
}

public sealed class SqliteDatabaseFixture : DatabaseFixture
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "planck-infra-tests-" + Guid.NewGuid().ToString("N"));

    public SqliteDatabaseFixture() =>
        ConnectionString = $"Data Source={Path.Combine(_directory, "planck.db")};Pooling=True";

    public string ConnectionString { get; }

    public override string ProviderName => "Microsoft.EntityFrameworkCore.Sqlite";

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        await MigrateAsync();
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }

        return Task.CompletedTask;
    }

    public override PlanckDbContext CreateContext(params IInterceptor[] interceptors)
    {
        var builder = new DbContextOptionsBuilder<SqlitePlanckDbContext>();
        DependencyInjection.ConfigureSqlite(builder, ConnectionString);
        builder.AddInterceptors(interceptors);
        return new SqlitePlanckDbContext(builder.Options);
    }

    public override void AddDbContext(IServiceCollection services, params IInterceptor[] interceptors) =>
        services.AddDbContext<PlanckDbContext, SqlitePlanckDbContext>(o =>
        {
            DependencyInjection.ConfigureSqlite(o, ConnectionString);
            o.AddInterceptors(interceptors);
        });

    public override void AddDbContextPool(IServiceCollection services) =>
        services.AddDbContextPool<PlanckDbContext, SqlitePlanckDbContext>(o => DependencyInjection.ConfigureSqlite(o, ConnectionString));
}

public sealed class PostgresDatabaseFixture : DatabaseFixture
{
    private PostgresTestDatabase? _database;

    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public override string ProviderName => "Npgsql.EntityFrameworkCore.PostgreSQL";

    public override async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        await MigrateAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    public override PlanckDbContext CreateContext(params IInterceptor[] interceptors)
    {
        var builder = new DbContextOptionsBuilder<PostgresPlanckDbContext>();
        DependencyInjection.ConfigurePostgres(builder, ConnectionString);
        builder.AddInterceptors(interceptors);
        return new PostgresPlanckDbContext(builder.Options);
    }

    public override void AddDbContext(IServiceCollection services, params IInterceptor[] interceptors) =>
        services.AddDbContext<PlanckDbContext, PostgresPlanckDbContext>(o =>
        {
            DependencyInjection.ConfigurePostgres(o, ConnectionString);
            o.AddInterceptors(interceptors);
        });

    public override void AddDbContextPool(IServiceCollection services) =>
        services.AddDbContextPool<PlanckDbContext, PostgresPlanckDbContext>(o => DependencyInjection.ConfigurePostgres(o, ConnectionString));
}

[CollectionDefinition(Name)]
public sealed class SqliteDatabase : ICollectionFixture<SqliteDatabaseFixture>
{
    public const string Name = "sqlite database";
}

[CollectionDefinition(Name)]
public sealed class PostgresDatabase : ICollectionFixture<PostgresDatabaseFixture>
{
    public const string Name = "postgres database";
}
