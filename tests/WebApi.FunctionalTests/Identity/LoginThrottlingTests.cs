using System.Net;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Identity;

/// <summary>Password guessing against one account is slowed and then stopped. Slow by design (about 15 s), so kept to one test.</summary>
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
}

[Collection(SqliteServer.Name)]
public sealed class SqliteLoginThrottlingTests(SqliteApiFactory api) : LoginThrottlingTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresLoginThrottlingTests(PostgresApiFactory api) : LoginThrottlingTests(api);
