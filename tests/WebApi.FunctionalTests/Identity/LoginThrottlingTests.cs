using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Common.Abstractions;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Identity;

/// <summary>
/// Password guessing from one address is slowed and then stopped for that address, without locking the owner out.
/// The real throttle is slow by design (about 13 s to the refusal), so it is driven to the refusal once.
/// </summary>
public abstract class LoginThrottlingTests(PlanckApiFactory api)
{
    private const int FailuresBeforeRefusal = 10;
    private const string Attacker = "203.0.113.66";
    private const string Owner = "198.51.100.23";

    [Fact]
    public async Task Wrong_passwords_from_one_address_refuse_that_address_with_429_and_Retry_After_while_the_owner_signs_in_from_another()
    {
        var user = await api.CreateUserAsync();
        var bystander = await api.CreateUserAsync();
        await using var server = api.WithWebHostBuilder(builder => builder.UseKnownProxy());
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        for (var attempt = 1; attempt <= FailuresBeforeRefusal; attempt++)
        {
            var failed = await client.SendAsync(ClientAddress.LoginThroughProxy(Attacker, user.Email, $"wrong password number {attempt}"));
            var problem = await failed.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
            problem.Detail.ShouldBe("Invalid email or password.", $"attempt {attempt}");
        }

        var refused = await client.SendAsync(ClientAddress.LoginThroughProxy(Attacker, user.Email, "yet another wrong password"));
        var refusal = await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        refusal.Detail.ShouldBe("Too many failed sign-in attempts for this account from this address; try again in 15 minutes.");
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        retryAfter.ShouldBeInRange(1, 15 * 60);

        var rightPasswordFromAttacker = await client.SendAsync(ClientAddress.LoginThroughProxy(Attacker, user.Email.ToUpperInvariant(), user.Password));
        await rightPasswordFromAttacker.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        rightPasswordFromAttacker.Headers.RetryAfter.ShouldNotBeNull();
        rightPasswordFromAttacker.SessionCookie().ShouldBeNull();

        // The owner, from an address that has not been failing, is not refused: the account's failures elsewhere
        // may cost them at most a moment's delay.
        var owner = await client.SendAsync(ClientAddress.LoginThroughProxy(Owner, user.Email, user.Password));
        (await owner.ShouldBeAsync<UserResponse>(HttpStatusCode.OK)).Id.ShouldBe(user.Id);
        owner.SessionCookie().ShouldNotBeNull();

        // Eleven failures are far from refusing the whole address: others sign in from it, and the refused
        // user's API key is not a sign-in and keeps working.
        (await client.SendAsync(ClientAddress.LoginThroughProxy(Attacker, bystander.Email, bystander.Password))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_sign_in_held_back_by_the_throttle_does_not_block_other_writes_while_it_waits()
    {
        var user = await api.CreateUserAsync();
        var throttle = new HoldingThrottle(user.Email.ToLowerInvariant());
        await using var server = api.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<ILoginThrottle>(throttle)));
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var abandon = new CancellationTokenSource();

        var held = client.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "a wrong password" }, abandon.Token);
        await throttle.Holding.WaitAsync(TimeSpan.FromSeconds(30));

        // The sign-in now waits for minutes. Everyone else must be able to write meanwhile (on SQLite a transaction
        // held open across the wait would lock the whole database).
        var write = await api.Admin.PostAsJsonAsync("/api/v1/admin/workspaces", new { name = $"Written meanwhile {Guid.NewGuid():N}", description = "d" });
        write.StatusCode.ShouldBe(HttpStatusCode.Created, await write.Content.ReadAsStringAsync());
        var renamed = await (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { full_name = "Renamed meanwhile" }))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        renamed.FullName.ShouldBe("Renamed meanwhile");
        held.IsCompleted.ShouldBeFalse();

        await abandon.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(held);
    }

    /// <summary>Makes one account's sign-in wait ten minutes, and says when that wait begins.</summary>
    private sealed class HoldingThrottle(string heldEmail) : ILoginThrottle
    {
        private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Holding => _holding.Task;

        public LoginAttemptState Check(string email, string? address)
        {
            if (!string.Equals(email, heldEmail, StringComparison.Ordinal))
            {
                return LoginAttemptState.Allowed;
            }

            _holding.TrySetResult();
            return LoginAttemptState.Allowed with { Delay = TimeSpan.FromMinutes(10) };
        }

        public void RecordFailure(string email, string? address)
        {
        }

        public void RecordSuccess(string email, string? address)
        {
        }
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteLoginThrottlingTests(SqliteApiFactory api) : LoginThrottlingTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresLoginThrottlingTests(PostgresApiFactory api) : LoginThrottlingTests(api);
