using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Identity;

public abstract class SignInTests(PlanckApiFactory api)
{
    private const string InvalidSignIn = "Invalid email or password.";

    [Fact]
    public async Task Signing_in_returns_the_user_and_an_http_only_strict_session_cookie()
    {
        var user = await api.CreateUserAsync();
        var before = DateTimeOffset.UtcNow;

        var response = await api.PostLoginAsync(user.Email, user.Password);

        var signedIn = await response.ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        signedIn.Id.ShouldBe(user.Id);
        signedIn.Email.ShouldBe(user.Email);
        signedIn.Role.ShouldBe("User");
        signedIn.IsActive.ShouldBeTrue();
        var cookie = response.SessionCookie().ShouldNotBeNull();
        cookie.Value.Length.ShouldBeGreaterThanOrEqualTo(43);
        cookie.HttpOnly.ShouldBeTrue();
        cookie.SameSite.ShouldBe(SameSiteMode.Strict);
        cookie.Path.ToString().ShouldBe("/");
        cookie.Secure.ShouldBeFalse("the test server speaks plain HTTP, where a Secure cookie would never be sent back");
        cookie.Expires.ShouldNotBeNull();
        cookie.Expires.Value.ShouldBeGreaterThan(before.AddHours(1));
        var raw = string.Join("\n", response.Headers.GetValues("Set-Cookie"));
        raw.ShouldContain("httponly", Case.Insensitive);
        raw.ShouldContain("samesite=strict", Case.Insensitive);
    }

    [Fact]
    public async Task Over_https_the_session_cookie_is_also_secure()
    {
        var user = await api.CreateUserAsync();
        using var client = api.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = false });

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cookie = response.SessionCookie().ShouldNotBeNull();
        cookie.Secure.ShouldBeTrue();
        cookie.HttpOnly.ShouldBeTrue();
        cookie.SameSite.ShouldBe(SameSiteMode.Strict);
    }

    [Fact]
    public async Task The_session_cookie_authenticates_later_requests()
    {
        var user = await api.CreateUserAsync();
        var token = await api.SignInForTokenAsync(user.Email, user.Password);
        using var client = api.CreateSessionClient(token);

        var me = await (await client.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

        me.Id.ShouldBe(user.Id);
    }

    [Fact]
    public async Task Each_sign_in_gets_its_own_session()
    {
        var user = await api.CreateUserAsync();

        var first = await api.SignInForTokenAsync(user.Email, user.Password);
        var second = await api.SignInForTokenAsync(user.Email, user.Password);

        first.ShouldNotBe(second);
    }

    [Fact]
    public async Task The_email_is_case_insensitive()
    {
        var user = await api.CreateUserAsync();

        var response = await api.PostLoginAsync(user.Email.ToUpperInvariant(), user.Password);

        var signedIn = await response.ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        signedIn.Id.ShouldBe(user.Id);
        signedIn.Email.ShouldBe(user.Email);
        response.SessionCookie().ShouldNotBeNull();
    }

    [Fact]
    public async Task A_wrong_password_is_401_without_a_cookie()
    {
        var user = await api.CreateUserAsync();

        var response = await api.PostLoginAsync(user.Email, "not the right password");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.Detail.ShouldBe(InvalidSignIn);
        response.SessionCookie().ShouldBeNull();
    }

    [Fact]
    public async Task The_password_is_case_sensitive()
    {
        var user = await api.CreateUserAsync();

        var response = await api.PostLoginAsync(user.Email, user.Password.ToUpperInvariant());

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_email_is_401_with_the_same_answer_as_a_wrong_password()
    {
        var response = await api.PostLoginAsync($"nobody-{Guid.NewGuid():N}@tests.planck.local", "some password or other");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.Detail.ShouldBe(InvalidSignIn);
        response.SessionCookie().ShouldBeNull();
    }

    [Fact]
    public async Task An_inactive_user_cannot_sign_in_even_with_the_right_password()
    {
        var user = await api.CreateUserAsync();
        (await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { is_active = false })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await api.PostLoginAsync(user.Email, user.Password);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.Detail.ShouldBe(InvalidSignIn);
        response.SessionCookie().ShouldBeNull();
    }

    [Fact]
    public async Task Missing_fields_are_400_naming_each_field()
    {
        using var client = api.CreateAnonymousClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors.ShouldNotBeNull();
        problem.Errors.Keys.ShouldBe(["email", "password"], ignoreOrder: true);
        response.SessionCookie().ShouldBeNull();
    }

    [Fact]
    public async Task A_missing_password_is_400_naming_the_password()
    {
        var user = await api.CreateUserAsync();
        using var client = api.CreateAnonymousClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors.ShouldNotBeNull();
        problem.Errors.Keys.ShouldBe(["password"]);
    }

    [Fact]
    public async Task Malformed_json_is_400()
    {
        using var client = api.CreateAnonymousClient();
        using var content = new StringContent("{\"email\": ", System.Text.Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/v1/auth/login", content);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_clears_the_cookie()
    {
        var user = await api.CreateUserAsync();
        var token = await api.SignInForTokenAsync(user.Email, user.Password);
        using var client = api.CreateSessionClient(token);
        (await client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var logout = await client.PostAsync("/api/v1/auth/logout", null);

        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var cleared = logout.SessionCookie().ShouldNotBeNull();
        cleared.Value.ToString().ShouldBeEmpty();
        cleared.Expires.ShouldNotBeNull();
        cleared.Expires.Value.ShouldBeLessThan(DateTimeOffset.UtcNow);
        var problem = await (await client.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.Detail.ShouldBe("Invalid or missing API key");
    }

    [Fact]
    public async Task Signing_out_one_session_leaves_the_others()
    {
        var user = await api.CreateUserAsync();
        using var first = await api.SignInAsync(user.Email, user.Password);
        using var second = await api.SignInAsync(user.Email, user.Password);
        (await second.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await first.PostAsync("/api/v1/auth/logout", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await first.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await second.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Signing_out_without_a_cookie_is_204()
    {
        using var client = api.CreateAnonymousClient();

        var response = await client.PostAsync("/api/v1/auth/logout", null);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Signing_out_twice_is_not_an_error()
    {
        var user = await api.CreateUserAsync();
        var token = await api.SignInForTokenAsync(user.Email, user.Password);
        using var client = api.CreateSessionClient(token);

        (await client.PostAsync("/api/v1/auth/logout", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.PostAsync("/api/v1/auth/logout", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task An_expired_session_is_401()
    {
        var user = await api.CreateUserAsync();
        var token = await api.SignInForTokenAsync(user.Email, user.Password);
        var past = DateTimeOffset.UtcNow.AddMinutes(-1);
        var updated = await api.QueryDatabaseAsync(db =>
            db.Sessions.Where(s => s.UserId == user.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, past)));
        updated.ShouldBe(1);
        using var client = api.CreateSessionClient(token);

        var problem = await (await client.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.ShouldBe("Invalid or missing API key");
    }

    [Fact]
    public async Task A_made_up_session_cookie_is_401()
    {
        using var client = api.CreateSessionClient("made-up-session-token");

        var problem = await (await client.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.ShouldBe("Invalid or missing API key");
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteSignInTests(SqliteApiFactory api) : SignInTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresSignInTests(PostgresApiFactory api) : SignInTests(api);
