using Mediator;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;

namespace Planck.Application.Identity.Commands.RevokeMyApiKey;

/// <summary>The caller revokes one of their own keys; someone else's key is "not found".</summary>
[RequireSession]
public sealed record RevokeMyApiKeyCommand(Guid KeyId) : ICommand, IAuditedCommand<Unit>
{
    public AuditEvent Audit(Unit response) => ApiKeyAudit.Revoked(KeyId);
}

public sealed class RevokeMyApiKeyHandler(ApiKeyRevoker revoker, ICurrentUser currentUser) : ICommandHandler<RevokeMyApiKeyCommand>
{
    public async ValueTask<Unit> Handle(RevokeMyApiKeyCommand command, CancellationToken cancellationToken)
    {
        var userId = currentUser.Caller!.UserId;
        await revoker.RevokeAsync(k => k.Id == command.KeyId && k.UserId == userId, cancellationToken);
        return Unit.Value;
    }
}
