using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Identity.Commands.ChangePassword;

/// <summary>Changes the caller's password and signs out their other sessions.</summary>
[RequireSession]
public sealed record ChangePasswordCommand(string? CurrentPassword, string? NewPassword) : ICommand, IAuditedCommand<Unit>
{
    public AuditEvent Audit(Unit response) => new("user.password_changed");

    public override string ToString() => nameof(ChangePasswordCommand);
}

public sealed class ChangePasswordHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IPasswordHasher passwordHasher, ICredentialCache credentialCache, IUnitOfWork unitOfWork)
    : ICommandHandler<ChangePasswordCommand>
{
    public async ValueTask<Unit> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        var caller = currentUser.Caller!;
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == caller.UserId, cancellationToken)
            ?? throw new UnauthenticatedException("Invalid or missing API key");

        if (!passwordHasher.Verify(user.PasswordHash, command.CurrentPassword!))
        {
            throw new RequestValidationException("current_password", "current_password is incorrect.");
        }

        user.SetPasswordHash(passwordHasher.Hash(command.NewPassword!));
        await db.Sessions.Where(s => s.UserId == user.Id && s.Id != caller.CredentialId).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        unitOfWork.AfterCommit(() => credentialCache.InvalidateUser(user.Id));
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
