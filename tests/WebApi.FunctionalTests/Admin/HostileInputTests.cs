using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Admin;

/// <summary>Input meant to break the Admin API: oversized, oddly typed, empty or padded with unknown fields. Never a 500.</summary>
public abstract class HostileInputTests(PlanckApiFactory api)
{
    private static readonly string Huge = new('x', 10_000);

    private static string NewEmail() => $"hostile-{Guid.NewGuid():N}@tests.planck.local";

    [Fact]
    public async Task A_10000_character_email_is_400()
    {
        var email = new string('e', 10_000) + "@tests.planck.local";

        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password = "a long enough password", full_name = "Huge Email", role = "User" });

        await response.ShouldBeValidationProblemAsync("email");
    }

    [Fact]
    public async Task A_10000_character_full_name_is_400_on_create_and_on_update()
    {
        var user = await api.CreateUserAsync();

        var created = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email = NewEmail(), password = "a long enough password", full_name = Huge, role = "User" });
        var updated = await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { full_name = Huge });

        await created.ShouldBeValidationProblemAsync("full_name");
        await updated.ShouldBeValidationProblemAsync("full_name");
        (await api.QueryDatabaseAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id))).FullName.ShouldBe("Test User");
    }

    [Fact]
    public async Task A_10000_character_password_is_400()
    {
        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email = NewEmail(), password = Huge, full_name = "Huge Password", role = "User" });

        await response.ShouldBeValidationProblemAsync("password");
    }

    [Fact]
    public async Task A_10000_character_role_is_400()
    {
        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email = NewEmail(), password = "a long enough password", full_name = "Huge Role", role = Huge });

        await response.ShouldBeValidationProblemAsync("role");
    }

    [Fact]
    public async Task A_10000_character_email_lookup_is_400()
    {
        var response = await api.Admin.GetAsync($"/api/v1/admin/users/by-email?email={Huge}%40tests.planck.local");

        await response.ShouldBeValidationProblemAsync("email");
    }

    [Fact]
    public async Task A_10000_character_workspace_name_or_description_is_400()
    {
        var workspace = await api.CreateWorkspaceAsync("Stays small");

        var createdWithName = await api.Admin.PostAsJsonAsync("/api/v1/admin/workspaces", new { name = Huge });
        var createdWithDescription = await api.Admin.PostAsJsonAsync("/api/v1/admin/workspaces", new { name = "Fine", description = Huge });
        var renamed = await api.Admin.PatchAsJsonAsync($"/api/v1/admin/workspaces/{workspace}", new { name = Huge });
        var described = await api.Admin.PatchAsJsonAsync($"/api/v1/admin/workspaces/{workspace}", new { description = Huge });

        await createdWithName.ShouldBeValidationProblemAsync("name");
        await createdWithDescription.ShouldBeValidationProblemAsync("description");
        await renamed.ShouldBeValidationProblemAsync("name");
        await described.ShouldBeValidationProblemAsync("description");
        var stored = await api.QueryDatabaseAsync(db => db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == workspace));
        stored.Name.ShouldBe("Stays small");
        stored.Description.ShouldBe("for tests");
    }

    [Fact]
    public async Task A_10000_character_api_key_name_is_400()
    {
        var user = await api.CreateUserAsync();

        var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = Huge });

        await response.ShouldBeValidationProblemAsync("name");
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("a\u0000b")]
    public async Task A_nul_character_in_text_is_refused_with_400_not_500(string text)
    {
        var user = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync("No nul");

        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["create user full_name"] = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email = NewEmail(), password = "a long enough password", full_name = $"Nul{text}", role = "User" }),
            ["create user email"] = await api.Admin.PostAsJsonAsync("/api/v1/admin/users", new { email = $"nul{text}{NewEmail()}", password = "a long enough password", full_name = "Nul", role = "User" }),
            ["update user full_name"] = await api.Admin.PatchAsJsonAsync($"/api/v1/admin/users/{user.Id}", new { full_name = $"Nul{text}" }),
            ["user by email"] = await api.Admin.GetAsync($"/api/v1/admin/users/by-email?email=nul{Uri.EscapeDataString(text)}{Uri.EscapeDataString(NewEmail())}"),
            ["api key name"] = await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = $"Nul{text}" }),
            ["create workspace name"] = await api.Admin.PostAsJsonAsync("/api/v1/admin/workspaces", new { name = $"Nul{text}" }),
            ["create workspace description"] = await api.Admin.PostAsJsonAsync("/api/v1/admin/workspaces", new { name = "Nul", description = $"Nul{text}" }),
            ["update workspace name"] = await api.Admin.PatchAsJsonAsync($"/api/v1/admin/workspaces/{workspace}", new { name = $"Nul{text}" }),
        };

        var failures = new List<string>();
        foreach (var (what, response) in responses)
        {
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                failures.Add($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        failures.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\udc00x")]
    public async Task A_lone_surrogate_in_text_is_refused_with_400_not_500(string escaped)
    {
        var user = await api.CreateUserAsync();

        var workspace = await api.Admin.SendRawAsync(HttpMethod.Post, "/api/v1/admin/workspaces", $"{{\"name\": \"Half {escaped}\"}}");
        var rename = await api.Admin.SendRawAsync(HttpMethod.Patch, $"/api/v1/admin/users/{user.Id}", $"{{\"full_name\": \"Half {escaped}\"}}");

        await workspace.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await rename.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await api.QueryDatabaseAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id))).FullName.ShouldBe("Test User");
    }

    [Fact]
    public async Task Unknown_extra_fields_are_ignored()
    {
        var email = NewEmail();
        var body = $$$"""
            {"email": "{{{email}}}", "password": "a long enough password", "full_name": "Extra Fields", "role": "User",
             "id": "00000000-0000-0000-0000-000000000001", "is_active": false, "password_hash": "x", "created_at": "2000-01-01T00:00:00Z",
             "nested": {"deep": [1, 2, {"deeper": null}]}}
            """;

        var response = await api.Admin.SendRawAsync(HttpMethod.Post, "/api/v1/admin/users", body);

        var user = await response.ShouldBeAsync<UserResponse>(HttpStatusCode.Created);
        user.Id.ShouldNotBe(Guid.Parse("00000000-0000-0000-0000-000000000001"));
        user.IsActive.ShouldBeTrue();
        user.CreatedAt.Year.ShouldBeGreaterThan(2000);
        var stored = await api.QueryDatabaseAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id));
        stored.PasswordHash.ShouldNotBe("x");
        await api.SignInAsync(email, "a long enough password");
    }

    [Fact]
    public async Task Unknown_extra_fields_are_ignored_on_every_kind_of_admin_body()
    {
        var user = await api.CreateUserAsync();
        var workspaceResponse = await api.Admin.SendRawAsync(HttpMethod.Post, "/api/v1/admin/workspaces", """{"name": "Extra", "owner": "someone", "members": [1]}""");
        var workspace = await workspaceResponse.ShouldBeAsync<WorkspaceResponse>(HttpStatusCode.Created);

        var patched = await api.Admin.SendRawAsync(HttpMethod.Patch, $"/api/v1/admin/workspaces/{workspace.Id}", """{"description": "d", "id": "00000000-0000-0000-0000-000000000001"}""");
        var members = await api.Admin.SendRawAsync(HttpMethod.Post, $"/api/v1/admin/workspaces/{workspace.Id}/members", $$"""{"user_ids": ["{{user.Id}}"], "role": "owner"}""");
        var key = await api.Admin.SendRawAsync(HttpMethod.Post, $"/api/v1/admin/users/{user.Id}/api-keys", """{"name": "extra", "key": "pk_live_chosen", "user_id": "00000000-0000-0000-0000-000000000001"}""");
        var userPatch = await api.Admin.SendRawAsync(HttpMethod.Patch, $"/api/v1/admin/users/{user.Id}", """{"full_name": "Extra Patch", "email": "changed@tests.planck.local"}""");

        (await patched.ShouldBeAsync<WorkspaceResponse>(HttpStatusCode.OK)).Id.ShouldBe(workspace.Id);
        (await members.ShouldBeAsync<ListResponse<MemberResponse>>(HttpStatusCode.OK)).Count.ShouldBe(1);
        var issued = await key.ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
        issued.UserId.ShouldBe(user.Id);
        issued.Key.ShouldNotBe("pk_live_chosen");
        var renamed = await userPatch.ShouldBeAsync<UserResponse>(HttpStatusCode.OK);
        renamed.FullName.ShouldBe("Extra Patch");
        renamed.Email.ShouldBe(user.Email);
    }

    [Theory]
    [InlineData("POST", "/api/v1/admin/users")]
    [InlineData("POST", "/api/v1/admin/workspaces")]
    [InlineData("POST", "/api/v1/admin/users/{user}/api-keys")]
    [InlineData("POST", "/api/v1/admin/workspaces/{workspace}/members")]
    [InlineData("PATCH", "/api/v1/admin/users/{user}")]
    [InlineData("PATCH", "/api/v1/admin/workspaces/{workspace}")]
    public async Task An_empty_body_is_400(string method, string route)
    {
        var user = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync();
        var url = route.Replace("{user}", user.Id.ToString(), StringComparison.Ordinal).Replace("{workspace}", workspace.ToString(), StringComparison.Ordinal);

        var withoutContent = await api.Admin.SendRawAsync(new HttpMethod(method), url, null);
        var emptyJson = await api.Admin.SendRawAsync(new HttpMethod(method), url, string.Empty);
        var jsonNull = await api.Admin.SendRawAsync(new HttpMethod(method), url, "null");

        await withoutContent.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await emptyJson.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await jsonNull.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_deeply_nested_body_is_400()
    {
        var body = new string('[', 5_000) + new string(']', 5_000);

        var response = await api.Admin.SendRawAsync(HttpMethod.Post, "/api/v1/admin/workspaces", body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_body_is_400()
    {
        using var content = new ByteArrayContent([.. "{\"name\": \""u8, 0xC3, 0x28, .. "\"}"u8]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await api.Admin.PostAsync("/api/v1/admin/workspaces", content);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Huge_paging_values_are_handled()
    {
        var offsetAtMax = await api.Admin.GetAsync($"/api/v1/admin/users?offset={int.MaxValue}");
        var limitAtMax = await api.Admin.GetAsync($"/api/v1/admin/users?limit={int.MaxValue}");

        var page = await offsetAtMax.ShouldBeAsync<ListResponse<UserResponse>>(HttpStatusCode.OK);
        page.Data.ShouldBeEmpty();
        page.Count.ShouldBe(await api.QueryDatabaseAsync(db => db.Users.CountAsync()));
        await limitAtMax.ShouldBeValidationProblemAsync("limit");
    }

    [Fact]
    public async Task Sql_and_markup_in_names_are_stored_verbatim()
    {
        const string name = "Robert'); DROP TABLE users;-- <script>alert(1)</script>";

        var workspace = await (await api.Admin.PostAsJsonAsync("/api/v1/admin/workspaces", new { name })).ShouldBeAsync<WorkspaceResponse>(HttpStatusCode.Created);
        var email = await api.Admin.GetAsync($"/api/v1/admin/users/by-email?email={Uri.EscapeDataString("' OR '1'='1")}");

        workspace.Name.ShouldBe(name);
        (await api.QueryDatabaseAsync(db => db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == workspace.Id))).Name.ShouldBe(name);
        await email.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await api.Admin.GetAsync("/api/v1/admin/users?limit=1")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteHostileInputTests(SqliteApiFactory api) : HostileInputTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresHostileInputTests(PostgresApiFactory api) : HostileInputTests(api);
