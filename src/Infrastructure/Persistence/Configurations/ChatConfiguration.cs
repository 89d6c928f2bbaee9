using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planck.Domain.Chat;
using Planck.Domain.Identity;
using Planck.Domain.Workspaces;

namespace Planck.Infrastructure.Persistence.Configurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("conversations");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(Conversation.MaxNameLength).IsRequired();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Restrict);

        // The owner's list in a workspace, newest first.
        builder.HasIndex(c => new { c.WorkspaceId, c.OwnerId, c.CreatedAt });
    }
}

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> builder)
    {
        builder.ToTable("chat_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Content).IsRequired();
        builder.Property(m => m.Text).IsRequired();
        builder.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);

        // History, oldest first.
        builder.HasIndex(m => new { m.ConversationId, m.CreatedAt });
    }
}

internal sealed class UsageEntryConfiguration : IEntityTypeConfiguration<UsageEntry>
{
    public void Configure(EntityTypeBuilder<UsageEntry> builder)
    {
        builder.ToTable("usage_entries");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.HasIndex(u => new { u.UserId, u.Day });
        builder.HasIndex(u => u.Day);
    }
}

internal sealed class AnswerStreamLogConfiguration : IEntityTypeConfiguration<AnswerStreamLog>
{
    public void Configure(EntityTypeBuilder<AnswerStreamLog> builder)
    {
        builder.ToTable("answer_streams");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();

        // Streams past their retention are swept by age.
        builder.HasIndex(s => s.UpdatedAt);
    }
}

internal sealed class AnswerStreamEventConfiguration : IEntityTypeConfiguration<AnswerStreamEvent>
{
    public void Configure(EntityTypeBuilder<AnswerStreamEvent> builder)
    {
        builder.ToTable("answer_stream_events");
        builder.HasKey(e => new { e.StreamId, e.Sequence });
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.Name).HasMaxLength(40).IsRequired();
        builder.Property(e => e.Data).IsRequired();
        builder.HasOne<AnswerStreamLog>().WithMany().HasForeignKey(e => e.StreamId).OnDelete(DeleteBehavior.Cascade);
    }
}
