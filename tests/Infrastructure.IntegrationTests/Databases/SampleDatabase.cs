using System.Data.Common;
using System.Globalization;
using System.Text;
using Planck.Application.Databases.Engines;
using Planck.Tests.Fixtures.Databases;

namespace Planck.Infrastructure.IntegrationTests.Databases;

/// <summary>
/// The sample shop loaded into one engine, with the engine under test pointed at it through a read-only role, and an
/// owner's connection on the side to prove afterwards that nothing changed.
/// </summary>
public abstract class SampleDatabase : IAsyncLifetime
{
    public abstract SampleDialect Dialect { get; }

    public IDatabaseEngine Engine { get; protected set; } = null!;

    /// <summary>The engine's view of the sample: a role that can only read.</summary>
    public DatabaseTarget Target { get; protected set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>
    /// How many statements the engine's reader has running on the server now, as the owner sees them; null where the
    /// engine runs in this process and there is no server to ask.
    /// </summary>
    public virtual Task<int?> RunningStatementsAsync() => Task.FromResult<int?>(null);

    /// <summary>A connection as the sample's owner, who may write.</summary>
    protected abstract Task<DbConnection> OpenOwnerAsync();

    protected async Task LoadSampleAsync()
    {
        await using var connection = await OpenOwnerAsync();
        foreach (var statement in SampleSchema.Statements(Dialect))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Every table's fingerprint and every object's name, as the owner sees them.</summary>
    public async Task<string> StateAsync()
    {
        await using var connection = await OpenOwnerAsync();
        var state = new StringBuilder();
        foreach (var sql in new[] { SampleSchema.ChecksumSql, SampleSchema.ObjectsSql(Dialect) })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    state.Append(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
                }

                state.AppendLine();
            }
        }

        return state.ToString();
    }
}
