using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Common.Abstractions;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Identity;

/// <summary>Password guessing against one account is slowed and then stopped. The real throttle is slow by design (about 15 s), so it is driven to lockout once.</summary>
public abstract class LoginThrottlingTests(PlanckApiFactory api)
{
    private const int FailuresBeforeLockout = 10;

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_with_429_and_Retry_After_even_for_the_right_password()
    {
        var user = await api.CreateUserAsync();
        var bystander = await api.CreateUserAsync();

        for (var attempt = 1; attempt <= FailuresBeforeLockout; attempt++)
        {
            var failed = await api.PostLoginAsync(user.Email, $"wrong password number {attempt}");
            var problem = await failed.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
            problem.Detail.ShouldBe("Invalid email or password.", $"attempt {attempt}");
        }

        var locked = await api.PostLoginAsync(user.Email, "yet another wrong password");
        await locked.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(locked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        retryAfter.ShouldBeInRange(1, 15 * 60);

        var rightPassword = await api.PostLoginAsync(user.Email.ToUpperInvariant(), user.Password);
        await rightPassword.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        rightPassword.Headers.RetryAfter.ShouldNotBeNull();
        rightPassword.SessionCookie().ShouldBeNull();

        // The lock is per account: others sign in, and the locked user's API key is not a sign-in and keeps working.
        (await api.PostLoginAsync(bystander.Email, bystander.Password)).StatusCode.ShouldBe(HttpStatusCode.OK);
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
