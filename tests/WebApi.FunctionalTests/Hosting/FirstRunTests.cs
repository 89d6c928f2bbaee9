using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Hosting;

/// <summary>
/// The README's promise: the server starts with no set-up on SQLite, and on an empty database prints an
/// administrator's email, password and API key once, which work straight away.
/// </summary>
public sealed partial class FirstRunTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "planck-first-run-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_first_start_with_no_settings_prints_a_working_admin_once()
    {
        var environment = new Dictionary<string, string?>
        {
            ["Planck__DataDirectory"] = _dataDirectory,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };

        string key;
        string password;
        await using (var first = ServerProcess.Start(environment))
        {
            var output = await first.WaitForOutputAsync("Now listening on:");
            output.ShouldContain("email:    admin@planck.local");
            key = KeyLine().Match(output).Groups["key"].Value;
            password = PasswordLine().Match(output).Groups["password"].Value;
            key.ShouldStartWith("pk_live_");
            password.Length.ShouldBeGreaterThanOrEqualTo(12);

            using var client = new HttpClient { BaseAddress = new Uri(ListeningAddress().Match(output).Groups["url"].Value) };
            using var byKey = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
            byKey.Headers.Add("X-API-Key", key);
            var me = await (await client.SendAsync(byKey)).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
            me.Email.ShouldBe("admin@planck.local");
            me.Role.ShouldBe("Admin");
            (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "admin@planck.local", password })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        File.Exists(Path.Combine(_dataDirectory, "planck.db")).ShouldBeTrue();
        await using var second = ServerProcess.Start(environment);
        var again = await second.WaitForOutputAsync("Now listening on:");
        again.ShouldNotContain("Shown this once");
        again.ShouldNotContain(key);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [GeneratedRegex(@"API key:\s+(?<key>pk_live_\S+)")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"password:\s+(?<password>\S+)")]
    private static partial Regex PasswordLine();

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningAddress();
}
