using Microsoft.Extensions.Time.Testing;
using Planck.Application.Common.Abstractions;
using Planck.Infrastructure.Security;

namespace Planck.Infrastructure.IntegrationTests.Security;

public sealed class LoginThrottleTests
{
    private const string Email = "alice@example.com";
    private const string Address = "203.0.113.7";
    private const string OtherAddress = "198.51.100.1";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 14, 12, 0, 0, TimeSpan.Zero));
    private readonly LoginThrottle _throttle;

    public LoginThrottleTests() => _throttle = new LoginThrottle(_clock);

    [Fact]
    public void A_first_attempt_is_neither_delayed_nor_locked_out()
    {
        var state = _throttle.Check(Email, Address);

        state.IsLockedOut.ShouldBeFalse();
        state.Delay.ShouldBe(TimeSpan.Zero);
        state.RetryAfter.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void The_first_two_failures_cause_no_delay()
    {
        Fail(2);

        _throttle.Check(Email, Address).Delay.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Attempts_are_delayed_from_the_third_failure_on_and_the_delay_grows_to_a_cap()
    {
        var delays = new List<TimeSpan>();
        for (var failures = 1; failures <= 9; failures++)
        {
            _throttle.RecordFailure(Email, Address);
            delays.Add(_throttle.Check(Email, Address).Delay);
        }

        delays[0].ShouldBe(TimeSpan.Zero);
        delays[1].ShouldBe(TimeSpan.Zero);
        delays[2].ShouldBeGreaterThan(TimeSpan.Zero, "the third failure slows the next attempt");
        for (var i = 3; i < delays.Count; i++)
        {
            delays[i].ShouldBeGreaterThanOrEqualTo(delays[i - 1]);
        }

        delays[^1].ShouldBeGreaterThan(delays[2]);
        delays.Max().ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(3));
        _throttle.Check(Email, Address).IsLockedOut.ShouldBeFalse("nine failures slow down, they do not lock out");
    }

    [Fact]
    public void Ten_failures_of_one_account_from_one_address_refuse_that_pair_until_the_window_ends()
    {
        Fail(10);

        var state = _throttle.Check(Email, Address);

        state.IsLockedOut.ShouldBeTrue();
        state.Lockout.ShouldBe(LoginLockout.AccountFromAddress);
        state.RetryAfter.ShouldBeGreaterThan(TimeSpan.Zero);
        state.RetryAfter.ShouldBeLessThanOrEqualTo(LoginThrottle.Window);
    }

    [Fact]
    public void A_refused_pair_does_not_refuse_the_account_from_an_address_that_has_not_been_failing()
    {
        Fail(10);

        var owner = _throttle.Check(Email, OtherAddress);

        owner.IsLockedOut.ShouldBeFalse("anyone could otherwise lock the owner out");
        owner.Delay.ShouldBeLessThanOrEqualTo(LoginThrottle.MaxAccountDelay);
        _throttle.Check("bob@example.com", Address).IsLockedOut.ShouldBeFalse("other accounts from the failing address are not affected");
    }

    [Fact]
    public void An_account_guessed_at_from_many_addresses_is_slowed_by_at_most_a_second_and_never_refused()
    {
        for (var a = 0; a < 100; a++)
        {
            for (var i = 0; i < 9; i++)
            {
                _throttle.RecordFailure(Email, $"192.0.2.{a}");
            }
        }

        var owner = _throttle.Check(Email, OtherAddress);

        owner.IsLockedOut.ShouldBeFalse();
        owner.Delay.ShouldBeGreaterThan(TimeSpan.Zero, "nine hundred failures on the account slow each attempt on it a little");
        owner.Delay.ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(1));
        _throttle.Check("bob@example.com", OtherAddress).Delay.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void An_account_with_a_few_failures_elsewhere_is_not_slowed()
    {
        Fail(9);

        _throttle.Check(Email, OtherAddress).Delay.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Failures_without_an_address_count_as_one_pair_of_their_own()
    {
        Fail(10, address: null);

        _throttle.Check(Email, null).Lockout.ShouldBe(LoginLockout.AccountFromAddress);
        _throttle.Check(Email, Address).IsLockedOut.ShouldBeFalse();
    }

    [Fact]
    public void Retry_after_counts_down_to_the_end_of_the_window()
    {
        Fail(10);
        _clock.Advance(TimeSpan.FromMinutes(5));

        _throttle.Check(Email, Address).RetryAfter.ShouldBe(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void A_success_from_another_address_does_not_clear_a_refused_pair()
    {
        Fail(10);

        _throttle.RecordSuccess(Email, OtherAddress);

        _throttle.Check(Email, Address).IsLockedOut.ShouldBeTrue();
    }

    [Fact]
    public void A_success_resets_the_pair_counter()
    {
        Fail(9);
        _throttle.Check(Email, Address).Delay.ShouldBeGreaterThan(TimeSpan.Zero);

        _throttle.RecordSuccess(Email, Address);

        var state = _throttle.Check(Email, Address);
        state.Delay.ShouldBe(TimeSpan.Zero);
        state.IsLockedOut.ShouldBeFalse();
        Fail(9);
        _throttle.Check(Email, Address).IsLockedOut.ShouldBeFalse("the count starts again from zero after a success");
    }

    [Fact]
    public void The_lockout_ends_when_the_window_expires()
    {
        Fail(10);
        _clock.Advance(LoginThrottle.Window - TimeSpan.FromSeconds(1));
        _throttle.Check(Email, Address).IsLockedOut.ShouldBeTrue();

        _clock.Advance(TimeSpan.FromSeconds(1));

        var state = _throttle.Check(Email, Address);
        state.IsLockedOut.ShouldBeFalse();
        state.Delay.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void A_failure_after_the_window_expired_starts_a_new_count()
    {
        Fail(9);
        _clock.Advance(TimeSpan.FromMinutes(15));

        Fail(1);

        var state = _throttle.Check(Email, Address);
        state.IsLockedOut.ShouldBeFalse();
        state.Delay.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Fifty_failures_from_one_address_lock_that_address_out_for_every_account()
    {
        for (var i = 0; i < 49; i++)
        {
            _throttle.RecordFailure($"user{i}@example.com", Address);
        }

        _throttle.Check("new@example.com", Address).IsLockedOut.ShouldBeFalse();

        _throttle.RecordFailure("user49@example.com", Address);

        var state = _throttle.Check("new@example.com", Address);
        state.IsLockedOut.ShouldBeTrue();
        state.Lockout.ShouldBe(LoginLockout.Address);
        state.RetryAfter.ShouldBeGreaterThan(TimeSpan.Zero);
        _throttle.Check("new@example.com", OtherAddress).IsLockedOut.ShouldBeFalse("other addresses are not affected");
    }

    [Fact]
    public void Many_failures_from_one_address_slow_down_attempts_on_fresh_accounts()
    {
        for (var i = 0; i < 10; i++)
        {
            _throttle.RecordFailure($"user{i}@example.com", Address);
        }

        _throttle.Check("new@example.com", Address).Delay.ShouldBeGreaterThan(TimeSpan.Zero);
        _throttle.Check("new@example.com", OtherAddress).Delay.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void A_success_does_not_reset_the_address_counter()
    {
        for (var i = 0; i < 50; i++)
        {
            _throttle.RecordFailure($"user{i}@example.com", Address);
        }

        _throttle.RecordSuccess(Email, Address);

        _throttle.Check("new@example.com", Address).IsLockedOut.ShouldBeTrue();
    }

    [Fact]
    public void The_address_lockout_ends_when_its_window_expires()
    {
        for (var i = 0; i < 50; i++)
        {
            _throttle.RecordFailure($"user{i}@example.com", Address);
        }

        _clock.Advance(LoginThrottle.Window);

        _throttle.Check("new@example.com", Address).IsLockedOut.ShouldBeFalse();
    }

    [Fact]
    public void Addresses_of_one_ipv6_64_network_count_as_one_client()
    {
        for (var i = 0; i < LoginThrottle.AddressFailuresBeforeLockout; i++)
        {
            _throttle.RecordFailure($"user{i}@example.com", $"2001:db8:1:2::{i:x}");
        }

        _throttle.Check("new@example.com", "2001:db8:1:2:ffff::1").Lockout.ShouldBe(LoginLockout.Address);
        _throttle.Check("new@example.com", "2001:db8:1:3::1").IsLockedOut.ShouldBeFalse("another /64 is another client");
    }

    [Fact]
    public void An_ipv4_address_seen_through_an_ipv6_socket_is_the_same_client()
    {
        Fail(LoginThrottle.PairFailuresBeforeLockout, "::ffff:" + Address);

        _throttle.Check(Email, Address).Lockout.ShouldBe(LoginLockout.AccountFromAddress);
    }

    [Fact]
    public void Spraying_accounts_and_addresses_keeps_the_counters_within_the_cap_and_drops_the_oldest_first()
    {
        const int capacity = 100;
        var throttle = new LoginThrottle(_clock, capacity);
        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure(Email, Address);
        }

        for (var i = 0; i < 1_000; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(500));
            throttle.RecordFailure($"sprayed{i}@example.com", $"10.0.{i / 256}.{i % 256}");
            throttle.TrackedCounters.ShouldBeLessThanOrEqualTo(3 * capacity);
        }

        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure("late@example.com", OtherAddress);
        }

        throttle.Check(Email, Address).IsLockedOut.ShouldBeFalse("the oldest counters make room for new ones");
        throttle.Check("late@example.com", OtherAddress).IsLockedOut.ShouldBeTrue("the newest counters are kept");
    }

    [Fact]
    public void Expired_counters_are_dropped_before_live_ones()
    {
        const int capacity = 100;
        var throttle = new LoginThrottle(_clock, capacity);
        for (var i = 0; i < capacity; i++)
        {
            throttle.RecordFailure($"sprayed{i}@example.com", $"10.0.0.{i}");
        }

        _clock.Advance(LoginThrottle.Window);
        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure("late@example.com", OtherAddress);
        }

        throttle.TrackedCounters.ShouldBe(3, "only the live pair, its address and its account remain");
        throttle.Check("late@example.com", OtherAddress).Lockout.ShouldBe(LoginLockout.AccountFromAddress);
    }

    private void Fail(int times, string? address = Address)
    {
        for (var i = 0; i < times; i++)
        {
            _throttle.RecordFailure(Email, address);
        }
    }
}
