using Microsoft.EntityFrameworkCore;
using Planck.Domain.Audit;
using Planck.Domain.Chat;
using Planck.Domain.Databases;
using Planck.Domain.Documents;
using Planck.Domain.Identity;
using Planck.Domain.Workspaces;

namespace Planck.Application.Common.Abstractions;

public interface IApplicationDbContext
{
    DbSet<User> Users { get; }
    DbSet<ApiKey> ApiKeys { get; }
    DbSet<UserSession> Sessions { get; }
    DbSet<Workspace> Workspaces { get; }
    DbSet<WorkspaceMember> WorkspaceMembers { get; }
    DbSet<Document> Documents { get; }
    DbSet<DocumentChunk> DocumentChunks { get; }
    DbSet<DocumentTable> DocumentTables { get; }
    DbSet<DocumentTableRow> DocumentTableRows { get; }
    DbSet<Conversation> Conversations { get; }
    DbSet<ChatMessage> ChatMessages { get; }
    DbSet<UsageEntry> UsageEntries { get; }
    DbSet<DatabaseConnection> DatabaseConnections { get; }
    DbSet<WorkspaceContext> WorkspaceContexts { get; }
    DbSet<AuditEntry> AuditEntries { get; }
    DbSet<AnswerStreamLog> AnswerStreams { get; }
    DbSet<AnswerStreamEvent> AnswerStreamEvents { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken);
}
