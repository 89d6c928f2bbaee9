using Microsoft.EntityFrameworkCore;

namespace Planck.WebApi.FunctionalTests.Support;

/// <summary>Guards the suite itself: each collection really runs on the database it claims to.</summary>
public abstract class FixtureTests(PlanckApiFactory api, string expectedProvider)
{
    [Fact]
    public async Task The_server_runs_on_the_configured_database_provider()
    {
        var provider = await api.QueryDatabaseAsync(db => Task.FromResult(db.Database.ProviderName));

        provider.ShouldBe(expectedProvider);
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteFixtureTests(SqliteApiFactory api) : FixtureTests(api, "Microsoft.EntityFrameworkCore.Sqlite");

[Collection(PostgresServer.Name)]
public sealed class PostgresFixtureTests(PostgresApiFactory api) : FixtureTests(api, "Npgsql.EntityFrameworkCore.PostgreSQL");
