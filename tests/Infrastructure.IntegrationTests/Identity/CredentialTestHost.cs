using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Planck.Domain.Identity;
using Planck.Infrastructure.Identity;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Security;

namespace Planck.Infrastructure.IntegrationTests.Identity;

/// <summary>
/// The authentication services wired as the product wires them, over a real database: a service provider whose
/// scopes hand out the provider's context as PlanckDbContext, the HMAC hasher over a configured server secret,
/// a fake clock and the usage recorder.
/// </summary>
public sealed class CredentialTestHost : IAsyncDisposable
{
    public const string Secret = "a-server-secret-for-tests-that-is-well-over-forty-characters";

    private readonly ServiceProvider _services;
    private readonly List<CredentialValidator> _validators = [];

    public CredentialTestHost(DatabaseFixture database)
    {
        Database = database;
        var services = new ServiceCollection();
        services.AddLogging();
        database.AddDbContext(services, Commands);
        _services = services.BuildServiceProvider();
        Hasher = CreateHasher(Secret);
        Usage = new ApiKeyUsageRecorder(Scopes, NullLogger<ApiKeyUsageRecorder>.Instance);
    }

    public DatabaseFixture Database { get; }

    public FakeTimeProvider Clock { get; } = new(TestData.Now);

    /// <summary>Counts every command the services' contexts send (test set-up uses its own contexts, not counted).</summary>
    public CommandCounter Commands { get; } = new();

    public HmacSecretHasher Hasher { get; }

    public ApiKeyUsageRecorder Usage { get; }

    public IServiceScopeFactory Scopes => _services.GetRequiredService<IServiceScopeFactory>();

    /// <summary>The product's hasher over a configured server secret (at least 32 characters).</summary>
    public static HmacSecretHasher CreateHasher(string secret) =>
        new(new ServerSecret(
            Microsoft.Extensions.Options.Options.Create(new PlanckOptions { Security = new SecurityOptions { ApiKeySecret = secret } }),
            NullLogger<ServerSecret>.Instance));

    public CredentialValidator NewValidator(int cacheSeconds = 30, IServiceScopeFactory? scopes = null)
    {
        var validator = new CredentialValidator(scopes ?? Scopes, Hasher, Clock, Usage, Options(cacheSeconds));
        _validators.Add(validator);
        return validator;
    }

    /// <summary>Stores an active user with one API key and returns the plain key.</summary>
    public async Task<StoredKey> StoreKeyAsync(DateTimeOffset? expiresAt = null, Role role = Role.User)
    {
        var user = TestData.NewUser(role, Clock.GetUtcNow());
        var plain = ApiKeyToken.Generate();
        var key = ApiKey.Issue(user.Id, "test key", ApiKeyToken.DisplayPrefix(plain), Hasher.Hash(plain), expiresAt, Clock.GetUtcNow());
        await using var db = Database.CreateContext();
        db.Users.Add(user);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return new StoredKey(user, key.Id, plain);
    }

    public async Task ChangeUserAsync(Guid userId, Action<User> change)
    {
        await using var db = Database.CreateContext();
        var user = db.Users.Single(u => u.Id == userId);
        change(user);
        await db.SaveChangesAsync();
    }

    public async Task ChangeKeyAsync(Guid keyId, Action<ApiKey> change)
    {
        await using var db = Database.CreateContext();
        var key = db.ApiKeys.Single(k => k.Id == keyId);
        change(key);
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var validator in _validators)
        {
            validator.Dispose();
        }

        await Usage.StopAsync(CancellationToken.None);
        Usage.Dispose();
        await _services.DisposeAsync();
    }

    private static Microsoft.Extensions.Options.IOptions<PlanckOptions> Options(int cacheSeconds) =>
        Microsoft.Extensions.Options.Options.Create(new PlanckOptions
        {
            Security = new SecurityOptions { ApiKeySecret = Secret, CredentialCacheSeconds = cacheSeconds },
        });
}

public sealed record StoredKey(User User, Guid KeyId, string Plain);
