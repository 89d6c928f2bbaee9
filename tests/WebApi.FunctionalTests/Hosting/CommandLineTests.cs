using System.Net;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Hosting;

/// <summary>The provisioning verb, run as the real executable against the same database as a running server.</summary>
public abstract class CommandLineTests(PlanckApiFactory api)
{
    [Fact]
    public async Task Create_api_key_prints_only_a_working_key_on_standard_output()
    {
        var user = await api.CreateUserAsync();

        var (exitCode, output, error) = await ServerProcess.RunAsync(SameDatabase(), "create-api-key", "--email", user.Email.ToUpperInvariant(), "--name", "provisioning");

        exitCode.ShouldBe(0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Length.ShouldBe(1, output);
        lines[0].ShouldStartWith("pk_live_");
        error.ShouldContain(user.Email);
        error.ShouldNotContain(lines[0]);
        var me = await (await api.CreateKeyClient(lines[0]).GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        me.Id.ShouldBe(user.Id);
    }

    [Fact]
    public async Task Create_api_key_for_an_unknown_email_fails_with_a_message()
    {
        var (exitCode, output, error) = await ServerProcess.RunAsync(SameDatabase(), "create-api-key", "--email", "nobody@tests.planck.local", "--name", "x");

        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        error.ShouldContain("User not found.");
    }

    [Fact]
    public async Task Create_api_key_without_a_name_prints_its_usage()
    {
        var (exitCode, output, error) = await ServerProcess.RunAsync(SameDatabase(), "create-api-key", "--email", "someone@tests.planck.local");

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain("usage: create-api-key --email EMAIL --name NAME");
    }

    private Dictionary<string, string?> SameDatabase() => new()
    {
        ["Planck__DataDirectory"] = api.DataDirectory,
        ["Planck__Database__Provider"] = api.Provider,
        ["ConnectionStrings__Planck"] = api.DatabaseConnectionString,
        ["Logging__LogLevel__Default"] = "Warning",
    };
}

[Collection(SqliteServer.Name)]
public sealed class SqliteCommandLineTests(SqliteApiFactory api) : CommandLineTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresCommandLineTests(PostgresApiFactory api) : CommandLineTests(api);
