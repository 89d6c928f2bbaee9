using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using Planck.Application.Common.Abstractions;
using Planck.Domain.Identity;
using Planck.Infrastructure.IntegrationTests.Support;

namespace Planck.Infrastructure.IntegrationTests.Identity;

public abstract class CredentialValidatorTests(DatabaseFixture database) : IAsyncLifetime
{
    private readonly CredentialTestHost _host = new(database);

    public static TheoryData<string> MalformedKeys()
    {
        var key = ApiKeyToken.Generate();
        var lastCharacterChanged = key[..^1] + (key[^1] == 'A' ? 'B' : 'A');
        var secretCharacterChanged = key[..20] + (key[20] == 'A' ? 'B' : 'A') + key[21..];
        return
        [
            string.Empty,
            "garbage",
            "pk_live_",
            lastCharacterChanged,
            secretCharacterChanged,
            "pk_test_" + key[8..],
            key + "x",
            key[..^1],
            key.Replace(key[30], '+'),
            new string('a', 10_000),
        ];
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_stored_valid_key_validates_as_its_owner()
    {
        var stored = await _host.StoreKeyAsync(role: Role.Admin);
        var validator = _host.NewValidator();

        var caller = await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None);

        caller.ShouldNotBeNull();
        caller.UserId.ShouldBe(stored.User.Id);
        caller.Email.ShouldBe(stored.User.Email);
        caller.FullName.ShouldBe(stored.User.FullName);
        caller.Role.ShouldBe(Role.Admin);
        caller.IsActive.ShouldBeTrue();
        caller.Method.ShouldBe(AuthenticationMethod.ApiKey);
        caller.CredentialId.ShouldBe(stored.KeyId);
    }

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public async Task A_malformed_key_is_refused_without_touching_the_database(string malformed)
    {
        var scopes = Substitute.For<IServiceScopeFactory>();
        scopes.CreateScope().Returns(_ => throw new InvalidOperationException("The database must not be reached for a malformed key."));
        var validator = _host.NewValidator(scopes: scopes);

        var caller = await validator.ValidateApiKeyAsync(malformed, CancellationToken.None);

        caller.ShouldBeNull();
        scopes.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_malformed_key_sends_no_command_to_the_database()
    {
        var validator = _host.NewValidator();
        var key = ApiKeyToken.Generate();

        (await validator.ValidateApiKeyAsync(key[..^1] + (key[^1] == 'z' ? 'y' : 'z'), CancellationToken.None)).ShouldBeNull();

        _host.Commands.Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_well_formed_unknown_key_is_refused_after_looking_it_up()
    {
        var validator = _host.NewValidator();

        var caller = await validator.ValidateApiKeyAsync(ApiKeyToken.Generate(), CancellationToken.None);

        caller.ShouldBeNull();
        _host.Commands.Count.ShouldBeGreaterThan(0, "a well-formed key passes the checksum and is looked up");
    }

    [Fact]
    public async Task An_unknown_key_is_looked_up_once_and_then_answered_from_the_cache()
    {
        var validator = _host.NewValidator();
        var unknown = ApiKeyToken.Generate();
        await validator.ValidateApiKeyAsync(unknown, CancellationToken.None);
        var afterFirst = _host.Commands.Count;

        (await validator.ValidateApiKeyAsync(unknown, CancellationToken.None)).ShouldBeNull();

        _host.Commands.Count.ShouldBe(afterFirst);
    }

    [Fact]
    public async Task A_known_key_is_answered_from_the_cache_the_second_time()
    {
        var stored = await _host.StoreKeyAsync();
        var validator = _host.NewValidator();
        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldNotBeNull();
        var afterFirst = _host.Commands.Count;

        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldNotBeNull();

        afterFirst.ShouldBeGreaterThan(0);
        _host.Commands.Count.ShouldBe(afterFirst);
    }

    [Fact]
    public async Task A_revoked_key_is_refused()
    {
        var stored = await _host.StoreKeyAsync();
        await _host.ChangeKeyAsync(stored.KeyId, k => k.Revoke(_host.Clock.GetUtcNow()));
        var validator = _host.NewValidator();

        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_key_that_had_expired_when_loaded_is_refused()
    {
        var stored = await _host.StoreKeyAsync(expiresAt: _host.Clock.GetUtcNow().AddMinutes(1));
        _host.Clock.Advance(TimeSpan.FromMinutes(2));
        var validator = _host.NewValidator();

        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_cached_key_is_refused_from_the_moment_it_expires()
    {
        var stored = await _host.StoreKeyAsync(expiresAt: _host.Clock.GetUtcNow().AddHours(1));
        var validator = _host.NewValidator();
        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldNotBeNull();

        _host.Clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldNotBeNull();

        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_key_of_an_inactive_user_is_refused()
    {
        var stored = await _host.StoreKeyAsync();
        await _host.ChangeUserAsync(stored.User.Id, u => u.Deactivate());
        var validator = _host.NewValidator();

        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task After_invalidating_the_user_a_revocation_is_seen_at_once()
    {
        var stored = await _host.StoreKeyAsync();
        var validator = _host.NewValidator();
        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldNotBeNull();

        await _host.ChangeKeyAsync(stored.KeyId, k => k.Revoke(_host.Clock.GetUtcNow()));
        validator.InvalidateUser(stored.User.Id);

        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task After_invalidating_the_user_a_deactivation_is_seen_at_once_and_so_is_a_reactivation()
    {
        var stored = await _host.StoreKeyAsync();
        var validator = _host.NewValidator();
        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldNotBeNull();

        await _host.ChangeUserAsync(stored.User.Id, u => u.Deactivate());
        validator.InvalidateUser(stored.User.Id);
        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldBeNull();

        await _host.ChangeUserAsync(stored.User.Id, u => u.Activate());
        validator.InvalidateUser(stored.User.Id);
        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Without_invalidation_the_cached_answer_is_kept()
    {
        var stored = await _host.StoreKeyAsync();
        var validator = _host.NewValidator();
        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldNotBeNull();

        await _host.ChangeKeyAsync(stored.KeyId, k => k.Revoke(_host.Clock.GetUtcNow()));

        // Another node revoked the key: this node keeps trusting its cache for up to the TTL (30 s, real time).
        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Invalidating_another_user_keeps_this_users_cached_answer()
    {
        var stored = await _host.StoreKeyAsync();
        var validator = _host.NewValidator();
        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldNotBeNull();
        var afterFirst = _host.Commands.Count;

        validator.InvalidateUser(Guid.NewGuid());

        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldNotBeNull();
        _host.Commands.Count.ShouldBe(afterFirst);
    }

    [Fact]
    public async Task The_cached_answer_is_refreshed_once_the_ttl_has_passed()
    {
        // The cache (MemoryCache) expires entries by the system clock, not by TimeProvider, so this one test waits
        // for real time to pass a 1-second TTL. It asserts only what holds after the wait, never how long anything took.
        var stored = await _host.StoreKeyAsync();
        var validator = _host.NewValidator(cacheSeconds: 1);
        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldNotBeNull();
        await _host.ChangeKeyAsync(stored.KeyId, k => k.Revoke(_host.Clock.GetUtcNow()));

        await Task.Delay(TimeSpan.FromSeconds(1.5));

        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task With_a_zero_ttl_nothing_is_cached()
    {
        var stored = await _host.StoreKeyAsync();
        var validator = _host.NewValidator(cacheSeconds: 0);
        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldNotBeNull();

        await _host.ChangeKeyAsync(stored.KeyId, k => k.Revoke(_host.Clock.GetUtcNow()));

        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_key_hashed_with_another_secret_is_not_found()
    {
        // The stored hash is keyed with the server secret: a database copied to a server with another secret finds nothing.
        var plain = ApiKeyToken.Generate();
        var user = TestData.NewUser();
        var otherHasher = CredentialTestHost.CreateHasher(new string('z', 48));
        await using (var db = database.CreateContext())
        {
            db.Users.Add(user);
            db.ApiKeys.Add(ApiKey.Issue(user.Id, "k", ApiKeyToken.DisplayPrefix(plain), otherHasher.Hash(plain), null, TestData.Now));
            await db.SaveChangesAsync();
        }

        (await _host.NewValidator().ValidateApiKeyAsync(plain, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_stored_session_validates_until_it_expires()
    {
        var (user, token, session) = await StoreSessionAsync();

        var validator = _host.NewValidator();

        var caller = await validator.ValidateSessionAsync(token, CancellationToken.None);
        caller.ShouldNotBeNull();
        caller.UserId.ShouldBe(user.Id);
        caller.Method.ShouldBe(AuthenticationMethod.Session);
        caller.CredentialId.ShouldBe(session.Id);

        _host.Clock.Advance(TimeSpan.FromHours(12));
        (await validator.ValidateSessionAsync(token, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_deleted_session_is_refused_after_invalidation()
    {
        var (user, token, session) = await StoreSessionAsync();

        var validator = _host.NewValidator();
        (await validator.ValidateSessionAsync(token, CancellationToken.None)).ShouldNotBeNull();

        await using (var db = database.CreateContext())
        {
            db.Sessions.Remove(db.Sessions.Single(s => s.Id == session.Id));
            await db.SaveChangesAsync();
        }

        validator.InvalidateUser(user.Id);
        (await validator.ValidateSessionAsync(token, CancellationToken.None)).ShouldBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData(129)]
    public async Task An_empty_or_oversized_session_token_is_refused_without_touching_the_database(object? token)
    {
        var scopes = Substitute.For<IServiceScopeFactory>();
        scopes.CreateScope().Returns(_ => throw new InvalidOperationException("The database must not be reached."));
        var validator = _host.NewValidator(scopes: scopes);
        var value = token is int length ? new string('a', length) : (string?)token;

        (await validator.ValidateSessionAsync(value!, CancellationToken.None)).ShouldBeNull();

        scopes.ReceivedCalls().ShouldBeEmpty();
    }

    /// <summary>A new user with a 12-hour session stored in the database; returns the plain token too.</summary>
    private async Task<(User User, string Token, UserSession Session)> StoreSessionAsync()
    {
        var user = TestData.NewUser();
        var token = Application.Identity.SecretTokens.New();
        var session = UserSession.Start(user.Id, _host.Hasher.Hash(token), _host.Clock.GetUtcNow(), TimeSpan.FromHours(12));
        await using var db = database.CreateContext();
        db.Users.Add(user);
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return (user, token, session);
    }
}

[Collection(SqliteDatabase.Name)]
public sealed class SqliteCredentialValidatorTests(SqliteDatabaseFixture database) : CredentialValidatorTests(database);

[Collection(PostgresDatabase.Name)]
public sealed class PostgresCredentialValidatorTests(PostgresDatabaseFixture database) : CredentialValidatorTests(database);
