using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Behaviours;
using Planck.Application.Common.Exceptions;
using Planck.Domain.Identity;

namespace Planck.Application.Identity.Commands.Login;

[AllowAnonymousRequest]
public sealed record LoginCommand(string? Email, string? Password, string? ClientAddress) : ICommand<LoginResult>, IRunsWithoutTransaction;

/// <summary>The signed-in user and the session token for the cookie; the token exists only in this response.</summary>
public sealed record LoginResult(UserDto User, string SessionToken, DateTimeOffset ExpiresAt);

public sealed class SessionOptions
{
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(12);
}

public sealed class LoginHandler(
    IApplicationDbContext db,
    IPasswordHasher passwordHasher,
    ISecretHasher secretHasher,
    ILoginThrottle throttle,
    IOptions<SessionOptions> sessionOptions,
    AuditLog audit,
    TimeProvider clock)
    : ICommandHandler<LoginCommand, LoginResult>
{
    public const string InvalidCredentials = "Invalid email or password.";

    public async ValueTask<LoginResult> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        var normalizedEmail = User.NormalizeEmail(command.Email!);
        var attempt = throttle.Check(normalizedEmail, command.ClientAddress);
        if (attempt.IsLockedOut)
        {
            await audit.WriteAsync(SignInFailed(null, "throttled"), cancellationToken, new AuditActor(null, normalizedEmail));
            throw new TooManyRequestsException(RefusalDetail(attempt), attempt.RetryAfter);
        }

        if (attempt.Delay > TimeSpan.Zero)
        {
            await Task.Delay(attempt.Delay, clock, cancellationToken);
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalizedEmail, cancellationToken);
        if (user is null)
        {
            passwordHasher.SimulateVerification(command.Password!);
        }

        if (user is null || !passwordHasher.Verify(user.PasswordHash, command.Password!) || !user.IsActive)
        {
            throttle.RecordFailure(normalizedEmail, command.ClientAddress);
            // Nothing else is written on this path, so the entry has its own transaction; if it fails, the request fails.
            var reason = user is null ? "unknown_email" : user.IsActive ? "wrong_password" : "inactive_user";
            await audit.WriteAsync(SignInFailed(user?.Id, reason), cancellationToken, new AuditActor(user?.Id, normalizedEmail));
            throw new UnauthenticatedException(InvalidCredentials);
        }

        throttle.RecordSuccess(normalizedEmail, command.ClientAddress);
        var token = SecretTokens.New();
        var session = UserSession.Start(user.Id, secretHasher.Hash(token), clock.GetUtcNow(), sessionOptions.Value.Lifetime);
        db.Sessions.Add(session);
        // Saved with the session by the one SaveChanges: no session without its record.
        audit.Record(new AuditEvent("auth.sign_in.succeeded", null, AuditTargets.User, user.Id, new { SessionId = session.Id }), new AuditActor(user.Id, user.Email));
        await db.SaveChangesAsync(cancellationToken);
        return new LoginResult(user.ToDto(), token, session.ExpiresAt);
    }

    private static AuditEvent SignInFailed(Guid? userId, string reason) =>
        new("auth.sign_in.failed", null, userId is null ? null : AuditTargets.User, userId, new { Reason = reason });

    /// <summary>Says whose failures caused the refusal, so a person refused from a shared address knows it is not their account.</summary>
    public static string RefusalDetail(LoginAttemptState attempt)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(attempt.RetryAfter.TotalMinutes));
        var wait = minutes == 1 ? "1 minute" : $"{minutes} minutes";
        return attempt.Lockout == LoginLockout.Address
            ? $"Too many failed sign-in attempts from this address; try again in {wait}."
            : $"Too many failed sign-in attempts for this account from this address; try again in {wait}.";
    }
}

public sealed class LoginValidator : AbstractValidator<LoginCommand>
{
    public LoginValidator()
    {
        RuleFor(c => c.Email).NotEmpty().WithMessage("email is required.").MaximumLength(User.MaxEmailLength);
        RuleFor(c => c.Password).NotEmpty().WithMessage("password is required.").MaximumLength(1024);
    }
}
