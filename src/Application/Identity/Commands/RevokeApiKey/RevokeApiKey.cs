using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;
using Planck.Domain.Identity;

namespace Planck.Application.Identity.Commands.RevokeApiKey;

/// <summary>An Admin revokes any user's key.</summary>
[RequireRole(Role.Admin)]
public sealed record RevokeApiKeyCommand(Guid KeyId) : ICommand, IAuditedCommand<Unit>
{
    public AuditEvent Audit(Unit response) => ApiKeyAudit.Revoked(KeyId);
}

public sealed class RevokeApiKeyHandler(ApiKeyRevoker revoker) : ICommandHandler<RevokeApiKeyCommand>
{
    public async ValueTask<Unit> Handle(RevokeApiKeyCommand command, CancellationToken cancellationToken)
    {
        await revoker.RevokeAsync(k => k.Id == command.KeyId, cancellationToken);
        return Unit.Value;
    }
}
