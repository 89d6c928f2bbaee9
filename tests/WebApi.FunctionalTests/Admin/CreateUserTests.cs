using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Admin;

/// <summary>POST /api/v1/admin/users.</summary>
public abstract class CreateUserTests(PlanckApiFactory api)
{
    private const string Password = "correct horse battery staple";

    private static string NewEmail() => $"new-{Guid.NewGuid():N}@tests.planck.local";

    [Fact]
    public async Task An_admin_creates_a_user_and_gets_201_with_the_user()
    {
        var email = NewEmail();

        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password = Password, full_name = "Ada Lovelace", role = "User" });

        var user = await response.ShouldBeAsync<UserResponse>(HttpStatusCode.Created);
        user.Id.ShouldNotBe(Guid.Empty);
        user.Email.ShouldBe(email);
        user.FullName.ShouldBe("Ada Lovelace");
        user.Role.ShouldBe("User");
        user.IsActive.ShouldBeTrue();
        user.CreatedAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddHours(-1));
        response.Headers.Location.ShouldNotBeNull().ToString().ShouldEndWith(user.Id.ToString());
        (await response.ReadPropertyNamesAsync()).ShouldBe(["created_at", "email", "full_name", "id", "is_active", "role"]);

        var stored = await api.QueryDatabaseAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id));
        stored.Email.ShouldBe(email);
        stored.PasswordHash.ShouldNotBeNullOrWhiteSpace();
        stored.PasswordHash.ShouldNotContain(Password);
    }

    [Fact]
    public async Task An_admin_can_create_another_admin_who_can_use_the_admin_api()
    {
        var email = NewEmail();
        var created = await (await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password = Password, full_name = "Second Admin", role = "Admin" }))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.Created);
        created.Role.ShouldBe("Admin");

        var key = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{created.Id}/api-keys", new { name = "admin key" }))
            .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        var response = await api.CreateKeyClient(key.Key!).GetAsync("/api/v1/admin/users");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_created_user_can_sign_in_with_the_password()
    {
        var email = NewEmail();
        await (await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password = Password, full_name = "Signs In", role = "User" }))
            .ShouldBeAsync<UserResponse>(HttpStatusCode.Created);

        var session = await api.SignInAsync(email, Password);
        var me = await (await session.GetAsync("/api/v1/users/me")).ShouldBeAsync<UserResponse>(HttpStatusCode.OK);

        me.Email.ShouldBe(email);
    }

    [Fact]
    public async Task The_password_never_appears_in_any_response()
    {
        var email = NewEmail();
        var created = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password = Password, full_name = "Secret Keeper", role = "User" });
        var user = await created.ShouldBeAsync<UserResponse>(HttpStatusCode.Created);

        var bodies = new List<string> { await created.Content.ReadAsStringAsync() };
        foreach (var response in new[]
        {
            await api.Admin.GetAsync($"/api/v1/admin/users/by-email?email={Uri.EscapeDataString(email)}"),
            await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { full_name = "Still Secret" }),
            await api.Admin.GetAsync($"/api/v1/admin/users?limit=1&offset=0"),
            await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password = Password, full_name = "Duplicate", role = "User" }),
        })
        {
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        foreach (var body in bodies)
        {
            body.ShouldNotContain(Password);
            body.ShouldNotContain("password", Case.Insensitive);
        }
    }

    [Fact]
    public async Task A_duplicate_email_is_409()
    {
        var email = NewEmail();
        (await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password = Password, full_name = "First", role = "User" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password = Password, full_name = "Second", role = "User" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.Detail.ShouldContain(email);
        (await api.QueryDatabaseAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == email))).ShouldBe(1);
    }

    [Theory]
    [InlineData("upper")]
    [InlineData("mixed")]
    [InlineData("padded")]
    public async Task A_duplicate_email_in_another_letter_case_is_409(string variant)
    {
        var email = NewEmail();
        (await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password = Password, full_name = "First", role = "User" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var other = variant switch
        {
            "upper" => email.ToUpperInvariant(),
            "mixed" => string.Concat(email[..1].ToUpperInvariant(), email[1..]),
            _ => $"  {email.ToUpperInvariant()} ",
        };

        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email = other, password = Password, full_name = "Second", role = "Admin" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await api.QueryDatabaseAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == email))).ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_creation_of_one_email_makes_exactly_one_user()
    {
        var email = NewEmail();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email = i % 2 == 0 ? email : email.ToUpperInvariant(), password = Password, full_name = $"Racer {i}", role = "User" })));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await loser.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        }

        (await api.QueryDatabaseAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == email))).ShouldBe(1);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("ADMIN")]
    [InlineData("user")]
    [InlineData("")]
    [InlineData(" Admin")]
    [InlineData("Owner")]
    [InlineData("1")]
    public async Task A_role_other_than_exactly_Admin_or_User_is_400(string role)
    {
        var email = NewEmail();

        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password = Password, full_name = "Bad Role", role });

        var problem = await response.ShouldBeValidationProblemAsync("role");
        problem.Errors!["role"].ShouldContain(m => m.Contains("Admin", StringComparison.Ordinal) && m.Contains("User", StringComparison.Ordinal));
        (await api.QueryDatabaseAsync(db => db.Users.AnyAsync(u => u.NormalizedEmail == email))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_missing_role_is_400()
    {
        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email = NewEmail(), password = Password, full_name = "No Role" });

        await response.ShouldBeValidationProblemAsync("role");
    }

    [Fact]
    public async Task Missing_email_password_and_full_name_are_each_reported()
    {
        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { role = "User" });

        var problem = await response.ShouldBeValidationProblemAsync("email", "password", "full_name");
        problem.Errors!.Keys.ShouldAllBe(key => key.All(c => char.IsAsciiLetterLower(c) || c == '_'));
        problem.Detail.ShouldContain("email");
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("@tests.planck.local")]
    [InlineData("someone@")]
    [InlineData("   ")]
    public async Task An_invalid_email_is_400(string email)
    {
        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password = Password, full_name = "Bad Email", role = "User" });

        await response.ShouldBeValidationProblemAsync("email");
    }

    [Theory]
    [InlineData("short")]
    [InlineData("elevenchars")]
    public async Task A_password_under_12_characters_is_400(string password)
    {
        var email = NewEmail();

        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password, full_name = "Short Password", role = "User" });

        var problem = await response.ShouldBeValidationProblemAsync("password");
        problem.Errors!["password"].ShouldContain(m => m.Contains("12", StringComparison.Ordinal));
        (await api.QueryDatabaseAsync(db => db.Users.AnyAsync(u => u.NormalizedEmail == email))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_password_of_exactly_12_characters_is_accepted()
    {
        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email = NewEmail(), password = "twelve chars", full_name = "Exactly Twelve", role = "User" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_blank_full_name_is_400()
    {
        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email = NewEmail(), password = Password, full_name = "   ", role = "User" });

        await response.ShouldBeValidationProblemAsync("full_name");
    }

    [Theory]
    [InlineData("{\"email\": ")]
    [InlineData("{email: 'x@y.z'}")]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    public async Task Malformed_json_is_400(string body)
    {
        var response = await api.Admin.SendRawAsync(HttpMethod.Post, "/api/v1/admin/users", body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("role", "5")]
    [InlineData("email", "true")]
    [InlineData("full_name", "{\"first\": \"Ada\"}")]
    [InlineData("password", "[\"a long enough password\"]")]
    public async Task A_field_of_the_wrong_json_type_is_400_naming_the_field(string field, string value)
    {
        var fields = new Dictionary<string, string>
        {
            ["email"] = $"\"{NewEmail()}\"",
            ["password"] = $"\"{Password}\"",
            ["full_name"] = "\"Wrong Type\"",
            ["role"] = "\"User\"",
        };
        fields[field] = value;
        var body = "{" + string.Join(", ", fields.Select(f => $"\"{f.Key}\": {f.Value}")) + "}";

        var response = await api.Admin.SendRawAsync(HttpMethod.Post, "/api/v1/admin/users", body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Detail.ShouldContain(field);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task A_body_that_is_not_json_is_refused_with_a_4xx(string contentType)
    {
        var body = $"{{\"email\": \"{NewEmail()}\", \"password\": \"{Password}\", \"full_name\": \"Not Json\", \"role\": \"User\"}}";

        var response = await api.Admin.SendRawAsync(HttpMethod.Post, "/api/v1/admin/users", body, contentType);

        var status = (int)response.StatusCode;
        status.ShouldBeInRange(400, 499, await response.Content.ReadAsStringAsync());
        await response.ShouldBeProblemAsync(response.StatusCode);
    }

    [Fact]
    public async Task A_non_admin_key_gets_403_and_nothing_is_created()
    {
        var user = await api.CreateUserAsync();
        var email = NewEmail();

        var response = await user.Client.PostAsJsonAsync("/api/v1/admin/users", new { email, password = Password, full_name = "Sneaky", role = "Admin" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await api.QueryDatabaseAsync(db => db.Users.AnyAsync(u => u.NormalizedEmail == email))).ShouldBeFalse();
    }

    [Fact]
    public async Task No_key_gets_401_and_nothing_is_created()
    {
        var email = NewEmail();

        var response = await api.CreateAnonymousClient().PostAsJsonAsync("/api/v1/admin/users", new { email, password = Password, full_name = "Nobody", role = "Admin" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.Detail.ShouldBe("Invalid or missing API key");
        (await api.QueryDatabaseAsync(db => db.Users.AnyAsync(u => u.NormalizedEmail == email))).ShouldBeFalse();
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteCreateUserTests(SqliteApiFactory api) : CreateUserTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresCreateUserTests(PostgresApiFactory api) : CreateUserTests(api);
