using Planck.Application.Databases.Engines;
using Planck.Application.Databases.Sql;
using Planck.Tests.Fixtures.Databases;

namespace Planck.Infrastructure.IntegrationTests.Databases;

/// <summary>
/// Every hostile payload through the whole path a model's SQL takes, on a real engine holding the sample shop: the
/// validator refuses it, or (for valid read-only blow-ups) the engine's statement timeout stops it. Afterwards every
/// table's checksum is the same and no object was created.
/// </summary>
public abstract class HostileSqlSuite<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : SampleDatabase
{
    private static readonly QueryLimits Limits = new(1000, TimeSpan.FromSeconds(2));

    protected abstract SqlDialect Dialect { get; }

    protected abstract string DialectName { get; }

    /// <summary>How this engine stops a read-only blow-up: its statement timeout, unless the engine has a nearer limit.</summary>
    protected virtual bool IsStoppedRunaway(DatabaseEngineException failure) => failure.Failure == DatabaseFailure.Timeout;

    [Fact]
    public async Task Every_payload_is_refused_or_stopped_and_the_database_is_unchanged()
    {
        var before = await database.StateAsync();
        var payloads = HostileSqlPayloads.All.Where(p => p.Dialects.Contains(DialectName)).ToList();
        var outcomes = new List<string>();

        foreach (var payload in payloads)
        {
            var validation = ReadOnlySqlValidator.Validate(payload.Sql, Dialect);
            if (!validation.Allowed)
            {
                payload.StoppedByTimeout.ShouldBeFalse($"{payload.Name} is valid read-only SQL and should have reached the engine");
                outcomes.Add($"{payload.Name}: refused");
                continue;
            }

            payload.StoppedByTimeout.ShouldBeTrue($"the validator let {payload.Name} through");
            var failure = await Should.ThrowAsync<DatabaseEngineException>(
                () => database.Engine.QueryAsync(database.Target, validation.Statement, Limits, CancellationToken.None));
            IsStoppedRunaway(failure).ShouldBeTrue($"{payload.Name}: {failure.Failure} {failure.Message}");
            outcomes.Add($"{payload.Name}: stopped by the {(failure.Failure == DatabaseFailure.Timeout ? "timeout" : "engine's limit")}");
        }

        // At least 40 routes in all; each engine gets those its dialect can spell.
        HostileSqlPayloads.All.Count.ShouldBeGreaterThanOrEqualTo(40);
        payloads.Count.ShouldBeGreaterThanOrEqualTo(30, string.Join("\n", outcomes));
        outcomes.Count(o => o.Contains(": stopped by the", StringComparison.Ordinal)).ShouldBe(2);
        (await database.StateAsync()).ShouldBe(before);
    }
}

public sealed class SqliteHostileSqlSuite(SqliteSampleDatabase database) : HostileSqlSuite<SqliteSampleDatabase>(database)
{
    protected override SqlDialect Dialect => SqlDialect.Sqlite;

    protected override string DialectName => HostileSqlPayloads.Sqlite;
}

public sealed class PostgresHostileSqlSuite(PostgresSampleDatabase database) : HostileSqlSuite<PostgresSampleDatabase>(database)
{
    protected override SqlDialect Dialect => SqlDialect.Postgresql;

    protected override string DialectName => HostileSqlPayloads.Postgresql;
}
