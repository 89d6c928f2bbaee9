using Npgsql;

namespace Planck.Tests.Support;

/// <summary>
/// A fresh PostgreSQL database per fixture, on the server that build/test.sh starts. The server's address comes
/// from PLANCK_TEST_POSTGRES; without it the PostgreSQL tests fail loudly rather than silently skip.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "PLANCK_TEST_POSTGRES";

    private readonly string _serverConnectionString;

    private PostgresTestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set. Run the tests with build/test.sh, which starts PostgreSQL, or point {EnvironmentVariable} at a server.");
        }

        var database = new PostgresTestDatabase(server, $"planck_test_{Guid.NewGuid():N}");
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database.Name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
