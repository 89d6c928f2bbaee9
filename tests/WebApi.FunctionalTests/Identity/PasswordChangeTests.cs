using System.Net;
using System.Net.Http.Json;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Identity;

public abstract class PasswordChangeTests(PlanckApiFactory api)
{
    private const string NewPassword = "a different long password";

    [Fact]
    public async Task A_wrong_current_password_is_400_and_changes_nothing()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.PostAsJsonAsync(
            "/api/v1/users/me/password", new { current_password = "not my password at all", new_password = NewPassword });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors.ShouldNotBeNull();
        problem.Errors.Keys.ShouldBe(["current_password"]);
        (await api.PostLoginAsync(user.Email, user.Password)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.PostLoginAsync(user.Email, NewPassword)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_new_password_shorter_than_12_characters_is_400()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.PostAsJsonAsync(
            "/api/v1/users/me/password", new { current_password = user.Password, new_password = "elevenchars" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors.ShouldNotBeNull();
        problem.Errors.Keys.ShouldBe(["new_password"]);
        (await api.PostLoginAsync(user.Email, user.Password)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.PostLoginAsync(user.Email, "elevenchars")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Missing_fields_are_400_naming_each_field()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.PostAsJsonAsync("/api/v1/users/me/password", new { });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors.ShouldNotBeNull();
        problem.Errors.Keys.ShouldBe(["current_password", "new_password"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_password_of_exactly_12_characters_is_accepted()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.PostAsJsonAsync(
            "/api/v1/users/me/password", new { current_password = user.Password, new_password = "twelve chars" });

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        (await api.PostLoginAsync(user.Email, "twelve chars")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task After_a_change_the_new_password_signs_in_and_the_old_one_does_not()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var response = await session.PostAsJsonAsync(
            "/api/v1/users/me/password", new { current_password = user.Password, new_password = NewPassword });

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        var signedIn = await (await api.PostLoginAsync(user.Email, NewPassword)).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        signedIn.Id.ShouldBe(user.Id);
        await (await api.PostLoginAsync(user.Email, user.Password)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_change_ends_the_users_other_sessions_but_keeps_the_current_one()
    {
        var user = await api.CreateUserAsync();
        using var changing = await api.SignInAsync(user.Email, user.Password);
        using var other = await api.SignInAsync(user.Email, user.Password);
        (await other.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await changing.PostAsJsonAsync(
            "/api/v1/users/me/password", new { current_password = user.Password, new_password = NewPassword });

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        var problem = await (await other.GetAsync("/api/v1/users/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.Detail.ShouldBe("Invalid or missing API key");
        (await changing.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_change_leaves_other_users_sessions_alone()
    {
        var user = await api.CreateUserAsync();
        var bystander = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);
        using var bystanderSession = await api.SignInAsync(bystander.Email, bystander.Password);

        (await session.PostAsJsonAsync("/api/v1/users/me/password", new { current_password = user.Password, new_password = NewPassword }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await bystanderSession.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_a_credential_the_password_change_is_401()
    {
        using var anonymous = api.CreateAnonymousClient();

        var response = await anonymous.PostAsJsonAsync(
            "/api/v1/users/me/password", new { current_password = "whatever it is now", new_password = NewPassword });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.Detail.ShouldBe("Invalid or missing API key");
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqlitePasswordChangeTests(SqliteApiFactory api) : PasswordChangeTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresPasswordChangeTests(PostgresApiFactory api) : PasswordChangeTests(api);
