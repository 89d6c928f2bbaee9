using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Identity.Commands.CreateMyApiKey;

[RequireSession]
public sealed record CreateMyApiKeyCommand(string? Name, DateTimeOffset? ExpiresAt)
    : ICommand<CreatedApiKeyDto>, INewApiKey, IAuditedCommand<CreatedApiKeyDto>
{
    public AuditEvent Audit(CreatedApiKeyDto response) => ApiKeyAudit.Created(response);
}

public sealed class CreateMyApiKeyHandler(IApplicationDbContext db, ICurrentUser currentUser, ApiKeyIssuer issuer)
    : ICommandHandler<CreateMyApiKeyCommand, CreatedApiKeyDto>
{
    public async ValueTask<CreatedApiKeyDto> Handle(CreateMyApiKeyCommand command, CancellationToken cancellationToken)
    {
        var userId = currentUser.Caller!.UserId;
        var owner = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken)
            ?? throw new UnauthenticatedException("Invalid or missing API key");
        var created = await issuer.IssueAsync(owner, command.Name!, command.ExpiresAt, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }
}

public sealed class CreateMyApiKeyValidator(TimeProvider clock) : NewApiKeyValidator<CreateMyApiKeyCommand>(clock);
