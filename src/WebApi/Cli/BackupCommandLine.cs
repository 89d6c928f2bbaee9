using Planck.Application.Backup;
using Planck.Application.Common.Exceptions;

namespace Planck.WebApi.Cli;

/// <summary>
/// <c>backup --output FILE</c> writes one tar.gz of the running server's data (ADR 0021) and prints its path on
/// standard output; <c>restore --input FILE [--force]</c> puts one into the configured data directory, which must be
/// empty unless <c>--force</c> (the server stopped). Messages go to standard error; refused is exit 1, usage exit 2.
/// </summary>
public static class BackupCommandLine
{
    public const string BackupVerb = "backup";

    public const string RestoreVerb = "restore";

    private const string BackupUsage = $"usage: {BackupVerb} --output FILE.tar.gz";

    private const string RestoreUsage = $"usage: {RestoreVerb} --input FILE.tar.gz [--force]";

    public static bool IsVerb(string[] args) => args.Length > 0 && args[0] is BackupVerb or RestoreVerb;

    public static Task<int> RunAsync(WebApplication app, string[] args) =>
        args[0] == BackupVerb ? BackupAsync(app, args[1..]) : RestoreAsync(app, args[1..]);

    private static async Task<int> BackupAsync(WebApplication app, string[] args)
    {
        if (args is not ["--output", var output])
        {
            await Console.Error.WriteLineAsync(BackupUsage);
            return 2;
        }

        return await RunAsync(app, async services =>
        {
            var result = await services.GetRequiredService<CreateBackup>().RunAsync(output, CancellationToken.None);
            var manifest = result.Manifest;
            await Console.Error.WriteLineAsync(
                $"Backed up the {manifest.Provider} server: {DescribeContents(manifest)} into {result.Path}.");
            if (manifest.FilesMissing > 0)
            {
                await Console.Error.WriteLineAsync($"{manifest.FilesMissing} stored files were deleted while the backup ran; their documents were deleted too, or will be missing their file.");
            }

            if (manifest.Provider != "Sqlite")
            {
                await Console.Error.WriteLineAsync(
                    "The PostgreSQL database is not in the archive: back it up with pg_dump -Fc (before this backup) and restore it with pg_restore; see README, \"Back up and restore\".");
            }

            await Console.Error.WriteLineAsync(
                "The server secret is not in the archive: keep Planck:Security:ApiKeySecret, or the data directory's server-secret file, safe apart from it. A restored server needs the same one for API keys, sessions and connection secrets to work.");
            Console.WriteLine(result.Path);
        });
    }

    private static async Task<int> RestoreAsync(WebApplication app, string[] args)
    {
        var force = args.Contains("--force", StringComparer.Ordinal);
        if (args.Where(a => a != "--force").ToArray() is not ["--input", var input])
        {
            await Console.Error.WriteLineAsync(RestoreUsage);
            return 2;
        }

        return await RunAsync(app, async services =>
        {
            var result = await services.GetRequiredService<RestoreBackup>().RunAsync(input, force, CancellationToken.None);
            var manifest = result.Manifest;
            await Console.Error.WriteLineAsync(
                $"Restored the backup of {manifest.CreatedAt:u} (Planck {manifest.AppVersion}): {DescribeContents(manifest)}.");
            if (manifest.Provider != "Sqlite")
            {
                await Console.Error.WriteLineAsync("Restored the stored files only: restore the PostgreSQL database with pg_restore (README, \"Back up and restore\").");
            }

            if (!result.ServerSecretPresent)
            {
                await Console.Error.WriteLineAsync(
                    "WARNING: this server has no server secret yet. Before starting it, copy server-secret from the old data directory (owner-only permissions) or set Planck:Security:ApiKeySecret to the old value; with a new secret no API key, session or database connection secret of the backup works.");
            }
        });
    }

    private static string DescribeContents(BackupManifest manifest) =>
        (manifest.Entries.Any(e => e.Name == BackupManifest.DatabaseEntryName) ? $"the database ({manifest.Rows.Values.Sum()} rows) and " : string.Empty)
        + $"{manifest.Files} stored files";

    /// <summary>Neither verb migrates: a backup copies the database as the running server has it, a restore must not create one first.</summary>
    private static async Task<int> RunAsync(WebApplication app, Func<IServiceProvider, Task> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            await work(scope.ServiceProvider);
            return 0;
        }
        catch (Exception ex) when (ex is PlanckException or IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
    }
}
