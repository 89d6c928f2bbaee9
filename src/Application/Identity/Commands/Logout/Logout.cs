using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;

namespace Planck.Application.Identity.Commands.Logout;

/// <summary>Ends the session the token names, if any. Signing out twice is not an error.</summary>
[AllowAnonymousRequest]
public sealed record LogoutCommand(string? SessionToken) : ICommand, IAuditedCommand<Unit>
{
    public AuditEvent Audit(Unit response) => new("auth.sign_out");

    public override string ToString() => nameof(LogoutCommand);
}

public sealed class LogoutHandler(IApplicationDbContext db, ISecretHasher secretHasher, ICredentialCache credentialCache, IUnitOfWork unitOfWork)
    : ICommandHandler<LogoutCommand>
{
    public async ValueTask<Unit> Handle(LogoutCommand command, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(command.SessionToken) || command.SessionToken.Length > SecretTokens.MaxLength)
        {
            return Unit.Value;
        }

        var tokenHash = secretHasher.Hash(command.SessionToken);
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.TokenHash == tokenHash, cancellationToken);
        if (session is not null)
        {
            db.Sessions.Remove(session);
            await db.SaveChangesAsync(cancellationToken);
            unitOfWork.AfterCommit(() => credentialCache.InvalidateUser(session.UserId));
        }

        return Unit.Value;
    }
}
