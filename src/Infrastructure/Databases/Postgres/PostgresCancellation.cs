using Npgsql;

namespace Planck.Infrastructure.Databases.Postgres;

/// <summary>Makes sure a statement whose asker left is no longer running on the server.</summary>
internal static class PostgresCancellation
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Cancels whatever <paramref name="backend"/> is running, from a second connection as the same role (a role may
    /// cancel its own sessions), until the server shows it idle or <see cref="Patience"/> runs out. Best effort: the
    /// statement's own timeout still ends it if this cannot.
    /// </summary>
    public static async Task StopAsync(NpgsqlConnectionStringBuilder builder, int backend)
    {
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            await using var side = new NpgsqlConnection(builder.ConnectionString);
            await side.OpenAsync(patience.Token);
            while (true)
            {
                await using var cancel = new NpgsqlCommand(
                    "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE pid = $1 AND state = 'active'", side);
                cancel.Parameters.Add(new NpgsqlParameter { Value = backend });
                if (await cancel.ExecuteScalarAsync(patience.Token) is null)
                {
                    return;
                }

                await Task.Delay(Pause, patience.Token);
            }
        }
        catch (Exception failed) when (failed is NpgsqlException or OperationCanceledException or InvalidOperationException)
        {
            // Nothing more to do from here; the statement timeout bounds it.
        }
    }
}
