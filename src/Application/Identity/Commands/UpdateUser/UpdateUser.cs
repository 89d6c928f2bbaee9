using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;
using Planck.Domain.Identity;

namespace Planck.Application.Identity.Commands.UpdateUser;

/// <summary>
/// Changes only the fields given. Deactivating keeps the user's data; their keys and sessions stop working at once.
/// Reactivating does not bring the old keys back (they are revoked then) unless the same request asks for it with
/// <see cref="RestoreKeys"/>: whoever deactivated a user may have done so because a key leaked.
/// </summary>
[RequireRole(Planck.Domain.Identity.Role.Admin)]
public sealed record UpdateUserCommand(Guid UserId, string? FullName, string? Role, bool? IsActive, bool? RestoreKeys = null)
    : ICommand<UserDto>, IAuditedCommand<UserDto>
{
    /// <summary>Records the fields the request changed (a role change is here too), as they are now.</summary>
    public AuditEvent Audit(UserDto response) =>
        new("user.updated", null, AuditTargets.User, UserId, new
        {
            FullName = FullName is null ? null : response.FullName,
            Role = Role is null ? null : response.Role,
            IsActive = IsActive is null ? (bool?)null : response.IsActive,
            RestoreKeys,
        });
}

public sealed class UpdateUserHandler(IApplicationDbContext db, ICredentialCache credentialCache, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<UpdateUserCommand, UserDto>
{
    public async ValueTask<UserDto> Handle(UpdateUserCommand command, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == command.UserId, cancellationToken)
            ?? throw new NotFoundException("User not found.");

        var wasActiveAdmin = user.IsActive && user.Role == Role.Admin;

        if (command.FullName is not null)
        {
            user.Rename(command.FullName);
        }

        if (command.Role is not null)
        {
            user.ChangeRole(IdentityRules.ParseRole(command.Role));
        }

        if (command.IsActive is { } isActive)
        {
            if (isActive)
            {
                if (!user.IsActive && command.RestoreKeys != true)
                {
                    var now = clock.GetUtcNow();
                    await db.ApiKeys.Where(k => k.UserId == user.Id && k.RevokedAt == null)
                        .ExecuteUpdateAsync(set => set.SetProperty(k => k.RevokedAt, now), cancellationToken);
                }

                user.Activate();
            }
            else
            {
                user.Deactivate();
                await db.Sessions.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
            }
        }

        var isActiveAdmin = user.IsActive && user.Role == Role.Admin;
        if (wasActiveAdmin && !isActiveAdmin && await LockOtherActiveAdminsAsync(user.Id, cancellationToken) == 0)
        {
            throw new ConflictException("At least one active Admin must remain.");
        }

        await db.SaveChangesAsync(cancellationToken);
        unitOfWork.AfterCommit(() => credentialCache.InvalidateUser(user.Id));
        return user.ToDto();
    }

    /// <summary>
    /// Counts the other active Admins with a no-op write rather than a read, so their rows stay locked until commit.
    /// Two Admins demoting or deactivating each other at once then wait on each other; the database aborts one,
    /// which is retried and sees the other's change. A plain read let both succeed and leave no active Admin.
    /// </summary>
    private Task<int> LockOtherActiveAdminsAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id != userId && u.IsActive && u.Role == Role.Admin)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.Role, u => u.Role), cancellationToken);
}
