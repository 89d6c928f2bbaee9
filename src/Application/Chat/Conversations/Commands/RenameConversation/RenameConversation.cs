using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Chat.Conversations.Commands.RenameConversation;

public sealed record RenameConversationCommand(Guid WorkspaceId, Guid ConversationId, string? Name) : ICommand<ConversationDto>, IConversationScoped;

public sealed class RenameConversationHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<RenameConversationCommand, ConversationDto>
{
    public async ValueTask<ConversationDto> Handle(RenameConversationCommand command, CancellationToken cancellationToken)
    {
        var callerId = currentUser.Caller!.UserId;
        var conversation = await db.Conversations.Named(command, callerId).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException(ConversationRules.NotFound);
        conversation.Rename(command.Name!, ConversationRules.Now(clock));
        await db.SaveChangesAsync(cancellationToken);
        return ConversationDto.From(conversation, callerId);
    }
}

public sealed class RenameConversationValidator : AbstractValidator<RenameConversationCommand>
{
    public RenameConversationValidator() =>
        RuleFor(c => c.Name).Cascade(CascadeMode.Stop).NotNull().WithMessage("name is required: the conversation's new name.").ValidConversationName();
}
