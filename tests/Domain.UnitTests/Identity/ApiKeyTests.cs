using Planck.Domain.Identity;

namespace Planck.Domain.UnitTests.Identity;

public sealed class ApiKeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 15, 9, 26, TimeSpan.Zero);

    [Fact]
    public void A_new_key_without_expiry_is_usable()
    {
        var key = Issue(expiresAt: null);

        key.IsRevoked.ShouldBeFalse();
        key.IsUsableAt(Now).ShouldBeTrue();
        key.IsUsableAt(Now.AddYears(50)).ShouldBeTrue();
    }

    [Fact]
    public void A_key_with_a_future_expiry_is_usable_until_it_expires()
    {
        var key = Issue(expiresAt: Now.AddDays(1));

        key.IsUsableAt(Now).ShouldBeTrue();
        key.IsUsableAt(Now.AddDays(1).AddTicks(-1)).ShouldBeTrue();
        key.IsExpiredAt(Now).ShouldBeFalse();
    }

    [Fact]
    public void A_key_is_not_usable_from_the_moment_it_expires()
    {
        var key = Issue(expiresAt: Now.AddDays(1));

        key.IsExpiredAt(Now.AddDays(1)).ShouldBeTrue();
        key.IsUsableAt(Now.AddDays(1)).ShouldBeFalse();
        key.IsUsableAt(Now.AddDays(2)).ShouldBeFalse();
    }

    [Fact]
    public void A_revoked_key_is_not_usable()
    {
        var key = Issue(expiresAt: Now.AddDays(1));

        key.Revoke(Now);

        key.IsRevoked.ShouldBeTrue();
        key.RevokedAt.ShouldBe(Now);
        key.IsUsableAt(Now).ShouldBeFalse();
        key.IsUsableAt(Now.AddMinutes(-1)).ShouldBeFalse();
    }

    [Fact]
    public void Revoking_twice_keeps_the_first_revocation_time()
    {
        var key = Issue(expiresAt: null);

        key.Revoke(Now);
        key.Revoke(Now.AddHours(3));

        key.RevokedAt.ShouldBe(Now);
    }

    [Fact]
    public void The_expiry_is_stored_in_utc()
    {
        var expiry = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.FromHours(2));

        var key = Issue(expiresAt: expiry);

        key.ExpiresAt.ShouldNotBeNull();
        key.ExpiresAt.Value.Offset.ShouldBe(TimeSpan.Zero);
        key.ExpiresAt.Value.UtcDateTime.ShouldBe(new DateTime(2026, 6, 1, 10, 0, 0, DateTimeKind.Utc));
        key.ExpiresAt.Value.ShouldBe(expiry);
    }

    [Fact]
    public void Issuing_records_the_owner_name_prefix_hash_and_time()
    {
        var userId = Guid.NewGuid();
        byte[] hash = [1, 2, 3];

        var key = ApiKey.Issue(userId, "  deploy bot  ", "pk_live_abcdefgh", hash, null, Now);

        key.Id.ShouldNotBe(Guid.Empty);
        key.UserId.ShouldBe(userId);
        key.Name.ShouldBe("deploy bot");
        key.Prefix.ShouldBe("pk_live_abcdefgh");
        key.Hash.ShouldBe(hash);
        key.CreatedAt.ShouldBe(Now);
        key.LastUsedAt.ShouldBeNull();
        key.RevokedAt.ShouldBeNull();
    }

    [Fact]
    public void A_key_never_used_has_a_stale_last_use()
    {
        ApiKey.IsLastUsedStale(null, Now).ShouldBeTrue();
    }

    [Fact]
    public void A_last_use_less_than_a_minute_ago_is_not_stale()
    {
        ApiKey.IsLastUsedStale(Now, Now).ShouldBeFalse();
        ApiKey.IsLastUsedStale(Now.AddSeconds(-30), Now).ShouldBeFalse();
        ApiKey.IsLastUsedStale(Now.AddMinutes(-1).AddTicks(1), Now).ShouldBeFalse();
    }

    [Fact]
    public void A_last_use_a_minute_or_more_ago_is_stale()
    {
        ApiKey.LastUsedResolution.ShouldBe(TimeSpan.FromMinutes(1));
        ApiKey.IsLastUsedStale(Now.AddMinutes(-1), Now).ShouldBeTrue();
        ApiKey.IsLastUsedStale(Now.AddHours(-1), Now).ShouldBeTrue();
    }

    private static ApiKey Issue(DateTimeOffset? expiresAt) =>
        ApiKey.Issue(Guid.NewGuid(), "key", "pk_live_12345678", new byte[32], expiresAt, Now);
}
