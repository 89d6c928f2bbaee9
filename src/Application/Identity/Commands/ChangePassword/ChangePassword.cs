using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Behaviours;
using Planck.Application.Common.Exceptions;
using Planck.Application.Identity.Commands.Login;

namespace Planck.Application.Identity.Commands.ChangePassword;

/// <summary>
/// Changes the caller's password and signs out their other sessions. A wrong current password counts as a failed
/// sign-in for the account and address, so a stolen session cannot be used to guess the password faster than the
/// sign-in form allows. The throttle's delay and the slow hashing run before the transaction, which holds only the writes.
/// </summary>
[RequireSession]
// Recorded by the handler inside its own transaction (user.password_changed): the command runs without the pipeline's.
public sealed record ChangePasswordCommand(string? CurrentPassword, string? NewPassword, string? ClientAddress = null)
    : ICommand, IRunsWithoutTransaction
{
    public override string ToString() => nameof(ChangePasswordCommand);
}

public sealed class ChangePasswordHandler(
    IApplicationDbContext db,
    ICurrentUser currentUser,
    IPasswordHasher passwordHasher,
    ICredentialCache credentialCache,
    ILoginThrottle throttle,
    IUnitOfWork unitOfWork,
    AuditLog audit,
    TimeProvider clock)
    : ICommandHandler<ChangePasswordCommand>
{
    public async ValueTask<Unit> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        var caller = currentUser.Caller!;
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == caller.UserId, cancellationToken)
            ?? throw new UnauthenticatedException("Invalid or missing API key");

        var attempt = throttle.Check(user.NormalizedEmail, command.ClientAddress);
        if (attempt.IsLockedOut)
        {
            throw new TooManyRequestsException(LoginHandler.RefusalDetail(attempt), attempt.RetryAfter);
        }

        if (attempt.Delay > TimeSpan.Zero)
        {
            await Task.Delay(attempt.Delay, clock, cancellationToken);
        }

        if (!passwordHasher.Verify(user.PasswordHash, command.CurrentPassword!))
        {
            throttle.RecordFailure(user.NormalizedEmail, command.ClientAddress);
            throw new RequestValidationException("current_password", "current_password is incorrect.");
        }

        throttle.RecordSuccess(user.NormalizedEmail, command.ClientAddress);
        var newHash = passwordHasher.Hash(command.NewPassword!);
        await unitOfWork.ExecuteInTransactionAsync(
            async ct =>
            {
                var tracked = await db.Users.FirstAsync(u => u.Id == user.Id, ct);
                tracked.SetPasswordHash(newHash);
                await db.Sessions.Where(s => s.UserId == user.Id && s.Id != caller.CredentialId).ExecuteDeleteAsync(ct);
                audit.Record(new AuditEvent("user.password_changed"));
                await db.SaveChangesAsync(ct);
                unitOfWork.AfterCommit(() => credentialCache.InvalidateUser(user.Id));
                return Unit.Value;
            },
            cancellationToken);
        return Unit.Value;
    }
}

public sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().WithMessage("current_password is required.");
        RuleFor(c => c.NewPassword).ValidPassword("new_password");
    }
}
