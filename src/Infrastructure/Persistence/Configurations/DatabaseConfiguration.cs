using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planck.Domain.Databases;
using Planck.Domain.Workspaces;

namespace Planck.Infrastructure.Persistence.Configurations;

internal sealed class DatabaseConnectionConfiguration : IEntityTypeConfiguration<DatabaseConnection>
{
    public void Configure(EntityTypeBuilder<DatabaseConnection> builder)
    {
        builder.ToTable("database_connections");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Name).HasMaxLength(DatabaseConnection.MaxNameLength).IsRequired();
        builder.Property(d => d.Description).HasMaxLength(DatabaseConnection.MaxDescriptionLength).IsRequired();
        builder.Property(d => d.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.StatusDetail).HasMaxLength(DatabaseConnection.MaxStatusDetailLength);
        builder.Property(d => d.ProtectedSecret).IsRequired();
        builder.Property(d => d.CatalogJson).IsRequired();
        builder.HasIndex(d => new { d.WorkspaceId, d.Name }).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkspaceContextConfiguration : IEntityTypeConfiguration<WorkspaceContext>
{
    public void Configure(EntityTypeBuilder<WorkspaceContext> builder)
    {
        builder.ToTable("workspace_contexts");
        builder.HasKey(c => c.WorkspaceId);
        builder.Property(c => c.ContextJson).IsRequired();
        builder.HasOne<Workspace>().WithOne().HasForeignKey<WorkspaceContext>(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder) => builder.ToTable("data_protection_keys");
}
