using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;
using Planck.Domain.Identity;

namespace Planck.Application.Identity.Commands.IssueApiKey;

/// <summary>An Admin (or the server's own command line) issues a key for any active user.</summary>
[RequireRole(Role.Admin)]
public sealed record IssueApiKeyCommand(Guid UserId, string? Name, DateTimeOffset? ExpiresAt)
    : ICommand<CreatedApiKeyDto>, INewApiKey, IAuditedCommand<CreatedApiKeyDto>
{
    public AuditEvent Audit(CreatedApiKeyDto response) => ApiKeyAudit.Created(response);
}

public sealed class IssueApiKeyHandler(IApplicationDbContext db, ApiKeyIssuer issuer) : ICommandHandler<IssueApiKeyCommand, CreatedApiKeyDto>
{
    public async ValueTask<CreatedApiKeyDto> Handle(IssueApiKeyCommand command, CancellationToken cancellationToken)
    {
        var owner = await db.Users.FirstOrDefaultAsync(u => u.Id == command.UserId, cancellationToken)
            ?? throw new NotFoundException("User not found.");
        var created = await issuer.IssueAsync(owner, command.Name!, command.ExpiresAt, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }
}

public sealed class IssueApiKeyValidator(TimeProvider clock) : NewApiKeyValidator<IssueApiKeyCommand>(clock);
