using Mediator;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;
using Planck.Application.Documents.Commands.ReindexDocuments;
using Planck.Application.Identity.Commands.IssueApiKey;
using Planck.Application.Identity.Queries.GetUserByEmail;
using Planck.Infrastructure.Startup;

namespace Planck.WebApi.Cli;

/// <summary>
/// Verbs on the server's own executable for provisioning scripts. <c>create-api-key --email E --name N
/// [--expires-at T]</c> prints the new key alone on standard output, once; <c>reindex [--workspace ID]</c> queues a
/// workspace's documents (or all) for processing again and prints how many; everything else goes to standard error.
/// </summary>
public static class ProvisioningCommandLine
{
    public const string CreateApiKeyVerb = "create-api-key";

    public const string ReindexVerb = "reindex";

    public static bool IsVerb(string[] args) => args.Length > 0 && args[0] is CreateApiKeyVerb or ReindexVerb;

    public static Task<int> RunAsync(WebApplication app, string[] args) =>
        args[0] == ReindexVerb ? ReindexAsync(app, args) : CreateApiKeyAsync(app, args);

    private static async Task<int> CreateApiKeyAsync(WebApplication app, string[] args)
    {
        var options = ParseOptions(args.Skip(1).ToArray());
        if (options is null || !options.TryGetValue("email", out var email) || !options.TryGetValue("name", out var name))
        {
            await Console.Error.WriteLineAsync($"usage: {CreateApiKeyVerb} --email EMAIL --name NAME [--expires-at 2027-01-01T00:00:00Z]");
            return 2;
        }

        DateTimeOffset? expiresAt = null;
        if (options.TryGetValue("expires-at", out var expiry))
        {
            if (!DateTimeOffset.TryParse(expiry, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                await Console.Error.WriteLineAsync($"--expires-at: '{expiry}' is not a date and time (ISO-8601).");
                return 2;
            }

            expiresAt = parsed;
        }

        return await AsSystemAsync(app, async sender =>
        {
            var user = await sender.Send(new GetUserByEmailQuery(email));
            var key = await sender.Send(new IssueApiKeyCommand(user.Id, name, expiresAt));
            await Console.Error.WriteLineAsync($"Created API key '{key.Name}' ({key.Prefix}…) for {user.Email}. It is shown once:");
            Console.WriteLine(key.Key);
        });
    }

    private static async Task<int> ReindexAsync(WebApplication app, string[] args)
    {
        var options = ParseOptions(args.Skip(1).ToArray());
        Guid? workspaceId = null;
        if (options is null || options.Keys.Any(k => k != "workspace"))
        {
            await Console.Error.WriteLineAsync($"usage: {ReindexVerb} [--workspace WORKSPACE_ID]");
            return 2;
        }

        if (options.TryGetValue("workspace", out var given))
        {
            if (!Guid.TryParse(given, out var parsed))
            {
                await Console.Error.WriteLineAsync($"--workspace: '{given}' is not a workspace id (a UUID).");
                return 2;
            }

            workspaceId = parsed;
        }

        return await AsSystemAsync(app, async sender =>
        {
            var result = await sender.Send(new ReindexDocumentsCommand(workspaceId));
            await Console.Error.WriteLineAsync($"Queued {result.Queued} documents for re-indexing; their passages serve search until the new ones are ready.");
            Console.WriteLine(result.Queued);
        });
    }

    /// <summary>Runs <paramref name="work"/> as the server itself on the migrated database; a refused request is its message and exit code 1.</summary>
    private static async Task<int> AsSystemAsync(WebApplication app, Func<ISender, Task> work)
    {
        await DatabaseInitializer.MigrateAsync(app.Services, CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Caller = Caller.System;
        try
        {
            await work(scope.ServiceProvider.GetRequiredService<ISender>());
            return 0;
        }
        catch (PlanckException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    private static Dictionary<string, string>? ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return null;
            }

            options[args[i][2..]] = args[i + 1];
        }

        return options;
    }
}
