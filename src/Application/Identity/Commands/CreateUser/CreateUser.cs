using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;
using Planck.Domain.Identity;

namespace Planck.Application.Identity.Commands.CreateUser;

[RequireRole(Planck.Domain.Identity.Role.Admin)]
public sealed record CreateUserCommand(string? Email, string? Password, string? FullName, string? Role) : ICommand<UserDto>, IAuditedCommand<UserDto>
{
    public AuditEvent Audit(UserDto response) =>
        new("user.created", null, AuditTargets.User, response.Id, new { response.Email, response.FullName, response.Role });

    // A record would print the password into any log line or exception that formats the command.
    public override string ToString() => $"{nameof(CreateUserCommand)} {{ Email = {Email}, Role = {Role} }}";
}

public sealed class CreateUserHandler(IApplicationDbContext db, IPasswordHasher passwordHasher, TimeProvider clock)
    : ICommandHandler<CreateUserCommand, UserDto>
{
    public async ValueTask<UserDto> Handle(CreateUserCommand command, CancellationToken cancellationToken)
    {
        var normalizedEmail = User.NormalizeEmail(command.Email!);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail, cancellationToken))
        {
            throw new ConflictException($"A user with email {command.Email!.Trim()} already exists.");
        }

        var user = User.Create(command.Email!, command.FullName!, IdentityRules.ParseRole(command.Role), clock.GetUtcNow());
        user.SetPasswordHash(passwordHasher.Hash(command.Password!));
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return user.ToDto();
    }
}
