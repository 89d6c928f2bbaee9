using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planck.Domain.Documents;
using Planck.Domain.Identity;
using Planck.Domain.Workspaces;

namespace Planck.Infrastructure.Persistence.Configurations;

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.ToTable("documents");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Name).HasMaxLength(Document.MaxNameLength).IsRequired();
        builder.Property(d => d.StorageKey).HasMaxLength(400).IsRequired();
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.ContentType).HasMaxLength(100).IsRequired();
        builder.Property(d => d.Sha256).HasMaxLength(64).IsRequired();
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Stage).HasColumnName("progress_stage").HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Error).HasMaxLength(Document.MaxErrorLength);
        builder.Property(d => d.LeaseOwner).HasMaxLength(100);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(d => d.UploadedBy).OnDelete(DeleteBehavior.Restrict);

        // The listing, newest first, per workspace.
        builder.HasIndex(d => new { d.WorkspaceId, d.CreatedAt });

        // What a worker looks for: pending work that is due, and processing work whose lease ran out.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.Status, d.LeaseExpiresAt });
    }
}

internal sealed class DocumentChunkConfiguration : IEntityTypeConfiguration<DocumentChunk>
{
    public void Configure(EntityTypeBuilder<DocumentChunk> builder)
    {
        builder.ToTable("document_chunks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedOnAdd();
        builder.Property(c => c.Text).IsRequired();
        builder.Property(c => c.Sheet).HasMaxLength(200);
        builder.HasOne<Document>().WithMany().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.DocumentId, c.Generation, c.Ordinal }).IsUnique();

        // Vector search loads a workspace's passages; full-text search filters on it.
        builder.HasIndex(c => c.WorkspaceId);
    }
}

internal sealed class DocumentTableConfiguration : IEntityTypeConfiguration<DocumentTable>
{
    public void Configure(EntityTypeBuilder<DocumentTable> builder)
    {
        builder.ToTable("document_tables");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedOnAdd();
        builder.Property(t => t.Name).HasMaxLength(Document.MaxNameLength).IsRequired();
        builder.Property(t => t.ColumnsJson).IsRequired();
        builder.HasOne<Document>().WithMany().HasForeignKey(t => t.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.DocumentId, t.Ordinal }).IsUnique();
    }
}

internal sealed class DocumentTableRowConfiguration : IEntityTypeConfiguration<DocumentTableRow>
{
    public void Configure(EntityTypeBuilder<DocumentTableRow> builder)
    {
        builder.ToTable("document_table_rows");
        builder.HasKey(r => new { r.TableId, r.RowNumber });
        builder.Property(r => r.CellsJson).IsRequired();
        builder.HasOne<DocumentTable>().WithMany().HasForeignKey(r => r.TableId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Pieces of stored files, for the database-backed file store (several nodes, no shared disk).</summary>
internal sealed class StoredFilePartConfiguration : IEntityTypeConfiguration<Documents.Storage.StoredFilePart>
{
    public void Configure(EntityTypeBuilder<Documents.Storage.StoredFilePart> builder)
    {
        builder.ToTable("stored_file_parts");
        builder.HasKey(p => new { p.Key, p.PartNumber });
        builder.Property(p => p.Key).HasMaxLength(400);
        builder.Property(p => p.Bytes).IsRequired();
    }
}
