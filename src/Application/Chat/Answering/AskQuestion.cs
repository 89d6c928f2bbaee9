using FluentValidation;
using Mediator;
using Planck.Application.Common.Authorization;

namespace Planck.Application.Chat.Answering;

/// <summary>
/// A question, answered as a stream of events through the pipeline (authorization, validation, the per-user answer
/// slot, logging). <see cref="DocumentIds"/> narrows retrieval; <see cref="DatabaseId"/> points it at one database.
/// </summary>
public abstract record AskQuestion(Guid WorkspaceId, string Message, IReadOnlyList<Guid>? DocumentIds, Guid? DatabaseId)
    : IStreamRequest<AnswerEvent>, IWorkspaceScoped, IDatabaseTargeted;

/// <summary>A question about the workspace: nothing is saved but its cost.</summary>
public sealed record AskWorkspaceQuestion(Guid WorkspaceId, string Message, IReadOnlyList<Guid>? DocumentIds, Guid? DatabaseId)
    : AskQuestion(WorkspaceId, Message, DocumentIds, DatabaseId);

/// <summary>A turn of a conversation: earlier turns are context, and both the question and the answer are saved.</summary>
public sealed record AskConversationQuestion(Guid WorkspaceId, Guid ConversationId, string Message, IReadOnlyList<Guid>? DocumentIds, Guid? DatabaseId)
    : AskQuestion(WorkspaceId, Message, DocumentIds, DatabaseId), IConversationScoped;

public abstract class AskQuestionValidator<T> : AbstractValidator<T>
    where T : AskQuestion
{
    protected AskQuestionValidator()
    {
        RuleFor(r => r.Message).Must(m => !string.IsNullOrWhiteSpace(m)).WithMessage("message is required: the question to answer.");
        RuleFor(r => r.Message).MaximumLength(ChatSettings.MaxMessageLength)
            .WithMessage($"message must be at most {ChatSettings.MaxMessageLength} characters.");
        RuleFor(r => r.DocumentIds).Must(ids => ids is null || ids.Count <= ChatSettings.MaxDocuments)
            .OverridePropertyName("settings.chat_metadata.documents")
            .WithMessage($"settings.chat_metadata.documents may name at most {ChatSettings.MaxDocuments} documents.");
    }
}

public sealed class AskWorkspaceQuestionValidator : AskQuestionValidator<AskWorkspaceQuestion>;

public sealed class AskConversationQuestionValidator : AskQuestionValidator<AskConversationQuestion>;
