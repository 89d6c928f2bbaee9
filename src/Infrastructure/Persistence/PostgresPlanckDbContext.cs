using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Planck.Infrastructure.Persistence;

public sealed class PostgresPlanckDbContext(DbContextOptions<PostgresPlanckDbContext> options) : PlanckDbContext(options)
{
    protected override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
