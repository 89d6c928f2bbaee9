using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;
using Planck.Application.Identity;
using Planck.Application.Identity.Commands.CreateUser;
using Planck.Application.Identity.Commands.IssueApiKey;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Startup;

/// <summary>
/// On an empty database, creates the first Admin: from <c>Planck:Bootstrap</c> when set, otherwise
/// <c>admin@planck.local</c> with a random password and an API key, printed once to the console so a new
/// installation can be used straight away.
/// </summary>
public sealed partial class FirstRunProvisioner(IServiceProvider services, IOptions<PlanckOptions> options, ILogger<FirstRunProvisioner> logger)
{
    public const string DefaultAdminEmail = "admin@planck.local";

    public async Task ProvisionAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        scope.ServiceProvider.GetRequiredService<CurrentUser>().Caller = Caller.System;
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        var bootstrap = options.Value.Bootstrap;
        var configured = !string.IsNullOrWhiteSpace(bootstrap.AdminEmail) && !string.IsNullOrEmpty(bootstrap.AdminPassword);
        var email = configured ? bootstrap.AdminEmail!.Trim() : DefaultAdminEmail;
        var password = configured ? bootstrap.AdminPassword! : SecretTokens.New();

        UserDto admin;
        try
        {
            admin = await sender.Send(new CreateUserCommand(email, password, "Administrator", "Admin"), cancellationToken);
        }
        catch (ConflictException)
        {
            // Another node provisioned the same database a moment earlier.
            return;
        }
        catch (RequestValidationException ex)
        {
            throw new InvalidOperationException($"Planck:Bootstrap settings are not valid: {ex.Message}", ex);
        }

        LogCreated(logger, admin.Email);
        if (configured)
        {
            return;
        }

        var key = await sender.Send(new IssueApiKeyCommand(admin.Id, "bootstrap", null), cancellationToken);

        // Printed, not logged: shown once on this console and never written to a log sink.
        Console.WriteLine($"""

            ==================================================================
             Planck created the first administrator. Shown this once:
               email:    {admin.Email}
               password: {password}
               API key:  {key.Key}
             Try: curl -H "X-API-Key: {key.Key}" http://localhost:5000/api/v1/users/me
            ==================================================================

            """);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the first administrator {Email} on an empty database")]
    private static partial void LogCreated(ILogger logger, string email);
}
