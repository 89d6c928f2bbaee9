using System.Net;
using Microsoft.EntityFrameworkCore;
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

    [Fact]
    public async Task Reindex_queues_the_workspace_documents_prints_the_count_and_the_server_processes_them_again()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var notes = await member.Client.UploadOkAsync(workspace, "notes.txt", "The kestrel hovers over the verge.");
        (await member.Client.WaitUntilProcessedAsync(notes.Id)).Status.ShouldBe("ready");

        var (exitCode, output, error) = await ServerProcess.RunAsync(SameDatabase(), "reindex", "--workspace", workspace.ToString());

        exitCode.ShouldBe(0, error);
        output.Trim().ShouldBe("1");
        error.ShouldContain("Queued 1 documents");
        (await member.Client.WaitUntilProcessedAsync(notes.Id)).Status.ShouldBe("ready");
        (await api.QueryDatabaseAsync(db => db.Documents.Where(d => d.Id == notes.Id).Select(d => d.IndexGeneration).SingleAsync())).ShouldBe(2);
    }

    [Theory]
    [InlineData("--workspace", "not-a-uuid", 2, "is not a workspace id")]
    [InlineData("--everything", "yes", 2, "usage: reindex [--workspace WORKSPACE_ID]")]
    [InlineData("--workspace", "6f1c2d9e-0000-4000-8000-000000000000", 1, "Workspace not found.")]
    public async Task Reindex_with_a_bad_or_unknown_workspace_fails_with_a_message(string option, string value, int expectedExit, string message)
    {
        var (exitCode, output, error) = await ServerProcess.RunAsync(SameDatabase(), "reindex", option, value);

        exitCode.ShouldBe(expectedExit);
        output.ShouldBeEmpty();
        error.ShouldContain(message);
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
