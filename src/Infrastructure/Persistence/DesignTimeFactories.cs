using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Planck.Infrastructure.Persistence;

/// <summary>Used only by <c>dotnet ef migrations add</c>; the connection strings never reach a real database.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePlanckDbContext>
{
    public SqlitePlanckDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqlitePlanckDbContext>();
        DependencyInjection.ConfigureSqlite(builder, "Data Source=design-time.db");
        return new SqlitePlanckDbContext(builder.Options);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPlanckDbContext>
{
    public PostgresPlanckDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresPlanckDbContext>();
        DependencyInjection.ConfigurePostgres(builder, "Host=localhost;Database=design_time");
        return new PostgresPlanckDbContext(builder.Options);
    }
}
