using Microsoft.EntityFrameworkCore;
using Planck.Domain.Identity;
using Planck.Infrastructure.IntegrationTests.Support;

namespace Planck.Infrastructure.IntegrationTests.Identity;

public abstract class ApiKeyUsageRecorderTests(DatabaseFixture database) : IAsyncLifetime
{
    private readonly CredentialTestHost _host = new(database);

    public Task InitializeAsync() => _host.Usage.StartAsync(CancellationToken.None);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Recording_a_use_writes_the_last_used_time()
    {
        var stored = await _host.StoreKeyAsync();
        var usedAt = TestData.Now.AddMinutes(5);

        _host.Usage.Record(stored.KeyId, usedAt);

        (await Eventually.HoldsAsync(async () => await LastUsedAtAsync(stored.KeyId) is not null)).ShouldBeTrue("the use was never written");
        (await LastUsedAtAsync(stored.KeyId)).ShouldBe(usedAt);
    }

    [Fact]
    public async Task A_second_use_within_a_minute_does_not_move_the_last_used_time()
    {
        var stored = await _host.StoreKeyAsync();
        var usedAt = TestData.Now.AddMinutes(5);
        _host.Usage.Record(stored.KeyId, usedAt);
        (await Eventually.HoldsAsync(async () => await LastUsedAtAsync(stored.KeyId) is not null)).ShouldBeTrue();

        _host.Usage.Record(stored.KeyId, usedAt.AddSeconds(59));
        await WaitUntilQueueIsDrainedAsync();

        (await LastUsedAtAsync(stored.KeyId)).ShouldBe(usedAt);
    }

    [Fact]
    public async Task A_use_a_minute_or_more_later_moves_the_last_used_time()
    {
        var stored = await _host.StoreKeyAsync();
        var usedAt = TestData.Now.AddMinutes(5);
        _host.Usage.Record(stored.KeyId, usedAt);
        (await Eventually.HoldsAsync(async () => await LastUsedAtAsync(stored.KeyId) is not null)).ShouldBeTrue();

        _host.Usage.Record(stored.KeyId, usedAt.Add(ApiKey.LastUsedResolution));

        (await Eventually.HoldsAsync(async () => await LastUsedAtAsync(stored.KeyId) == usedAt.AddMinutes(1)))
            .ShouldBeTrue($"last used is still {await LastUsedAtAsync(stored.KeyId)}");
    }

    [Fact]
    public async Task A_use_of_one_key_does_not_touch_another()
    {
        var used = await _host.StoreKeyAsync();
        var untouched = await _host.StoreKeyAsync();

        _host.Usage.Record(used.KeyId, TestData.Now);
        (await Eventually.HoldsAsync(async () => await LastUsedAtAsync(used.KeyId) is not null)).ShouldBeTrue();

        (await LastUsedAtAsync(untouched.KeyId)).ShouldBeNull();
    }

    [Fact]
    public async Task Validating_a_key_records_its_use_at_most_once_a_minute()
    {
        var stored = await _host.StoreKeyAsync();
        var validator = _host.NewValidator();
        var firstUse = _host.Clock.GetUtcNow();

        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldNotBeNull();
        (await Eventually.HoldsAsync(async () => await LastUsedAtAsync(stored.KeyId) is not null)).ShouldBeTrue("the validator did not record the use");
        (await LastUsedAtAsync(stored.KeyId)).ShouldBe(firstUse);

        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldNotBeNull();
        await WaitUntilQueueIsDrainedAsync();
        (await LastUsedAtAsync(stored.KeyId)).ShouldBe(firstUse);

        _host.Clock.Advance(TimeSpan.FromSeconds(31));
        var laterUse = _host.Clock.GetUtcNow();
        (await validator.ValidateApiKeyAsync(stored.Plain, CancellationToken.None)).ShouldNotBeNull();
        (await Eventually.HoldsAsync(async () => await LastUsedAtAsync(stored.KeyId) == laterUse))
            .ShouldBeTrue($"last used is still {await LastUsedAtAsync(stored.KeyId)}");
    }

    [Fact]
    public async Task A_keys_first_use_is_audited_once_with_its_owner_and_later_uses_are_not()
    {
        var stored = await _host.StoreKeyAsync();
        var usedAt = TestData.Now.AddMinutes(5);

        _host.Usage.Record(stored.KeyId, usedAt);
        (await Eventually.HoldsAsync(async () => await LastUsedAtAsync(stored.KeyId) is not null)).ShouldBeTrue("the use was never written");
        _host.Usage.Record(stored.KeyId, usedAt.AddMinutes(2));
        (await Eventually.HoldsAsync(async () => await LastUsedAtAsync(stored.KeyId) == usedAt.AddMinutes(2))).ShouldBeTrue();

        await using var db = database.CreateContext();
        var entries = await db.AuditEntries.Where(e => e.TargetId == stored.KeyId.ToString("D")).ToListAsync();
        var entry = entries.ShouldHaveSingleItem();
        entry.Action.ShouldBe("key.first_used");
        entry.ActorId.ShouldBe(stored.User.Id);
        entry.ActorDisplay.ShouldBe(stored.User.Email);
        entry.At.ShouldBe(usedAt);
        entry.TargetType.ShouldBe("api_key");
        entry.Details!.ShouldNotContain(stored.Plain);
    }

    /// <summary>
    /// The recorder writes uses one at a time in order, so once a use recorded after the others is written,
    /// everything before it has been handled: that is how a test sees that a write did not happen.
    /// </summary>
    private async Task WaitUntilQueueIsDrainedAsync()
    {
        var sentinel = await _host.StoreKeyAsync();
        _host.Usage.Record(sentinel.KeyId, TestData.Now);
        (await Eventually.HoldsAsync(async () => await LastUsedAtAsync(sentinel.KeyId) is not null)).ShouldBeTrue("the recorder stopped writing");
    }

    private async Task<DateTimeOffset?> LastUsedAtAsync(Guid keyId)
    {
        await using var db = database.CreateContext();
        return await db.ApiKeys.Where(k => k.Id == keyId).Select(k => k.LastUsedAt).SingleAsync();
    }
}

[Collection(SqliteDatabase.Name)]
public sealed class SqliteApiKeyUsageRecorderTests(SqliteDatabaseFixture database) : ApiKeyUsageRecorderTests(database);

[Collection(PostgresDatabase.Name)]
public sealed class PostgresApiKeyUsageRecorderTests(PostgresDatabaseFixture database) : ApiKeyUsageRecorderTests(database);
