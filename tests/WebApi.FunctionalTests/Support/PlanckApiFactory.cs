using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Planck.Infrastructure.Persistence;
using Planck.Tests.Support;

namespace Planck.WebApi.FunctionalTests.Support;

/// <summary>
/// The whole server in-process on a real database. One instance per provider is shared by a test collection;
/// every test makes its own users and workspaces, so tests never depend on each other's data.
/// </summary>
public abstract class PlanckApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@tests.planck.local";
    public const string AdminPassword = "admin-password-for-tests";

    /// <summary>Small, so the over-the-limit upload test stays cheap; the 100 MB default is measured in build/bench.</summary>
    public const long MaxUploadBytes = 2 * 1024 * 1024;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "planck-tests-" + Guid.NewGuid().ToString("N"));
    private HttpClient? _admin;

    public abstract string Provider { get; }

    /// <summary>The server's data directory (SQLite file, generated server secret), for tests that run the executable beside it.</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>The database connection string, or null for SQLite's default file in <see cref="DataDirectory"/>.</summary>
    public string? DatabaseConnectionString => ConnectionString;

    /// <summary>A client authenticated with an Admin's API key.</summary>
    public HttpClient Admin => _admin ?? throw new InvalidOperationException("The factory has not been initialised.");

    protected abstract string? ConnectionString { get; }

    /// <summary>Where the clients send requests: TestServer's placeholder, or a real server's address when it listens on a socket.</summary>
    protected virtual Uri ClientBaseAddress => new("http://localhost");

    public virtual async Task InitializeAsync()
    {
        var session = await SignInAsync(AdminEmail, AdminPassword);
        var created = await session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "functional tests" });
        created.EnsureSuccessStatusCode();
        var key = (await created.ReadJsonAsync<ApiKeyResponse>()).Key!;
        _admin = CreateKeyClient(key);
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    /// <summary>A client that sends the given API key, with no cookies.</summary>
    public HttpClient CreateKeyClient(string apiKey)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, BaseAddress = ClientBaseAddress });
        client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        return client;
    }

    /// <summary>A client with no credentials at all.</summary>
    public HttpClient CreateAnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, BaseAddress = ClientBaseAddress });

    /// <summary>Signs in through the API and returns a client that carries the session cookie.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, BaseAddress = ClientBaseAddress });
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>Creates an active user through the Admin API and issues them an API key.</summary>
    public async Task<TestUser> CreateUserAsync(string role = "User")
    {
        var email = $"user-{Guid.NewGuid():N}@tests.planck.local";
        const string password = "a long enough password";
        var response = await Admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password, full_name = "Test User", role });
        response.EnsureSuccessStatusCode();
        var user = await response.ReadJsonAsync<UserResponse>();

        var keyResponse = await Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = "test key" });
        keyResponse.EnsureSuccessStatusCode();
        var key = await keyResponse.ReadJsonAsync<ApiKeyResponse>();
        return new TestUser(user.Id, email, password, key.Key!, key.Id, CreateKeyClient(key.Key!));
    }

    public async Task<Guid> CreateWorkspaceAsync(string? name = null, params Guid[] memberIds)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/admin/workspaces", new { name = name ?? $"Workspace {Guid.NewGuid():N}", description = "for tests" });
        response.EnsureSuccessStatusCode();
        var workspace = await response.ReadJsonAsync<WorkspaceResponse>();
        if (memberIds.Length > 0)
        {
            var added = await Admin.PostAsJsonAsync($"/api/v1/admin/workspaces/{workspace.Id}/members", new { user_ids = memberIds });
            added.EnsureSuccessStatusCode();
        }

        return workspace.Id;
    }

    /// <summary>Reads the database directly, for assertions about what was (or was not) stored.</summary>
    public async Task<T> QueryDatabaseAsync<T>(Func<PlanckDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<PlanckDbContext>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Planck:DataDirectory", _dataDirectory);
        builder.UseSetting(WebHostDefaults.WebRootKey, TestWebApp.Create(Path.Combine(_dataDirectory, "test-web-app")));
        builder.UseSetting("Planck:Database:Provider", Provider);
        builder.UseSetting("Planck:Documents:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("ConnectionStrings:Planck", ConnectionString ?? string.Empty);
        builder.UseSetting("Planck:Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Planck:Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Planck:RateLimiting:RequestsPerMinute", "100000");
        builder.UseSetting("Planck:RateLimiting:AnonymousRequestsPerMinute", "100000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}

public sealed class SqliteApiFactory : PlanckApiFactory
{
    public override string Provider => "Sqlite";

    protected override string? ConnectionString => null;
}

public sealed class PostgresApiFactory : PlanckApiFactory
{
    private PostgresTestDatabase? _database;

    public override string Provider => "Postgres";

    protected override string? ConnectionString => _database?.ConnectionString;

    public override async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed record TestUser(Guid Id, string Email, string Password, string ApiKey, Guid ApiKeyId, HttpClient Client);

[CollectionDefinition(Name)]
public sealed class SqliteServer : ICollectionFixture<SqliteApiFactory>
{
    public const string Name = "sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresServer : ICollectionFixture<PostgresApiFactory>
{
    public const string Name = "postgres";
}
