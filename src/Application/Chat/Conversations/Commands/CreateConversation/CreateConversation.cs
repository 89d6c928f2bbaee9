using FluentValidation;
using Mediator;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Behaviours;
using Planck.Domain.Chat;

namespace Planck.Application.Chat.Conversations.Commands.CreateConversation;

/// <summary>
/// Starts a conversation for the caller, named either by <paramref name="Name"/> or after <paramref name="Prompt"/>.
/// The prompt only names it; it is not saved as a message. Runs without a transaction: its one write is a single
/// SaveChanges, and the model may take seconds to suggest a title first.
/// </summary>
public sealed record CreateConversationCommand(Guid WorkspaceId, string? Name, string? Prompt)
    : ICommand<ConversationDto>, IWorkspaceScoped, IRunsWithoutTransaction;

public sealed class CreateConversationHandler(IApplicationDbContext db, ICurrentUser currentUser, ConversationTitler titler, TimeProvider clock)
    : ICommandHandler<CreateConversationCommand, ConversationDto>
{
    public async ValueTask<ConversationDto> Handle(CreateConversationCommand command, CancellationToken cancellationToken)
    {
        var callerId = currentUser.Caller!.UserId;
        var name = command.Name ?? await titler.TitleAsync(command.Prompt!, cancellationToken);
        var conversation = Conversation.Start(command.WorkspaceId, callerId, name, ConversationRules.Now(clock));
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        return ConversationDto.From(conversation, callerId);
    }
}

public sealed class CreateConversationValidator : AbstractValidator<CreateConversationCommand>
{
    public CreateConversationValidator()
    {
        RuleFor(c => c).Must(c => (c.Name is null) != (c.Prompt is null))
            .OverridePropertyName("body")
            .WithMessage("Give exactly one of name (the conversation's name) or prompt (what to name it after).");
        RuleFor(c => c.Name).ValidConversationName().When(c => c.Name is not null);
        RuleFor(c => c.Prompt).Must(prompt => !string.IsNullOrWhiteSpace(prompt)).WithMessage("prompt must not be blank.")
            .MaximumLength(ConversationRules.MaxPromptLength).WithMessage($"prompt must be at most {ConversationRules.MaxPromptLength:N0} characters.")
            .When(c => c.Prompt is not null);
    }
}
