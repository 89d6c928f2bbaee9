using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Planck.Domain.Audit;
using Planck.Domain.Chat;
using Planck.Domain.Databases;
using Planck.Domain.Documents;
using Planck.Domain.Identity;
using Planck.Domain.Workspaces;

namespace Planck.Infrastructure.Persistence;

/// <summary>
/// The one model. Each provider derives its own context so that it owns a migrations folder; the model
/// is the same apart from what a provider cannot store natively.
/// </summary>
public abstract class PlanckDbContext(DbContextOptions options) : DbContext(options), IApplicationDbContext, IDataProtectionKeyContext
{
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<UserSession> Sessions => Set<UserSession>();
    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<DocumentChunk> DocumentChunks => Set<DocumentChunk>();
    public DbSet<DocumentTable> DocumentTables => Set<DocumentTable>();
    public DbSet<DocumentTableRow> DocumentTableRows => Set<DocumentTableRow>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<ChatMessage> ChatMessages => Set<ChatMessage>();
    public DbSet<UsageEntry> UsageEntries => Set<UsageEntry>();
    public DbSet<DatabaseConnection> DatabaseConnections => Set<DatabaseConnection>();
    public DbSet<WorkspaceContext> WorkspaceContexts => Set<WorkspaceContext>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AnswerStreamLog> AnswerStreams => Set<AnswerStreamLog>();
    public DbSet<AnswerStreamEvent> AnswerStreamEvents => Set<AnswerStreamEvent>();

    /// <summary>The Data Protection key ring, here so that every node reads the same keys (each key encrypted with the server secret).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public override async Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            // Two requests raced to create the same thing; the loser gets the answer a sequential caller would have had.
            throw new ConflictException("A record with the same unique value already exists.");
        }
    }

    protected abstract bool IsUniqueViolation(DbUpdateException exception);

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlanckDbContext).Assembly);
}
