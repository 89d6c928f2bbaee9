using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Planck.Domain.Documents;

namespace Planck.Infrastructure.Persistence;

public sealed class PostgresPlanckDbContext(DbContextOptions<PostgresPlanckDbContext> options) : PlanckDbContext(options)
{
    protected override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>The name of the stored full-text vector on <c>document_chunks</c>, which only PostgreSQL has.</summary>
    public const string SearchVectorColumn = "search_vector";

    /// <summary>The text search configuration: English stemming and stop words, matching SQLite's Porter stemmer.</summary>
    public const string TextSearchConfiguration = "english";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Stored and indexed, so a search reads the GIN index instead of parsing every passage.
        modelBuilder.Entity<DocumentChunk>()
            .Property<NpgsqlTsVector>("SearchVector")
            .HasColumnName(SearchVectorColumn)
            .HasComputedColumnSql($"to_tsvector('{TextSearchConfiguration}', text)", stored: true);
        modelBuilder.Entity<DocumentChunk>().HasIndex("SearchVector").HasMethod("GIN");
    }
}
