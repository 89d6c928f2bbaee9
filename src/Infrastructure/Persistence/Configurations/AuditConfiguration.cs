using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planck.Domain.Audit;

namespace Planck.Infrastructure.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Action).HasMaxLength(AuditEntry.MaxActionLength).IsRequired();
        builder.Property(e => e.ActorDisplay).HasMaxLength(AuditEntry.MaxActorDisplayLength);
        builder.Property(e => e.ActorAddress).HasMaxLength(AuditEntry.MaxAddressLength);
        builder.Property(e => e.TargetType).HasMaxLength(AuditEntry.MaxTargetTypeLength);
        builder.Property(e => e.TargetId).HasMaxLength(AuditEntry.MaxTargetIdLength);

        // No foreign keys: the trail outlives what it names. Newest first, overall and within each filter; pruning by time.
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.ActorId, e.At });
        builder.HasIndex(e => new { e.WorkspaceId, e.At });
        builder.HasIndex(e => new { e.Action, e.At });
    }
}
