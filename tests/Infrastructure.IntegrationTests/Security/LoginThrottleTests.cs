using Microsoft.Extensions.Time.Testing;
using Planck.Infrastructure.Security;

namespace Planck.Infrastructure.IntegrationTests.Security;

public sealed class LoginThrottleTests
{
    private const string Email = "alice@example.com";
    private const string Address = "203.0.113.7";

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
    public void Ten_failures_lock_the_account_out_until_the_window_ends()
    {
        Fail(10);

        var state = _throttle.Check(Email, Address);

        state.IsLockedOut.ShouldBeTrue();
        state.RetryAfter.ShouldBeGreaterThan(TimeSpan.Zero);
        state.RetryAfter.ShouldBeLessThanOrEqualTo(LoginThrottle.Window);
    }

    [Fact]
    public void A_locked_out_account_is_locked_out_from_every_address()
    {
        Fail(10);

        _throttle.Check(Email, "198.51.100.1").IsLockedOut.ShouldBeTrue();
        _throttle.Check(Email, null).IsLockedOut.ShouldBeTrue();
        _throttle.Check("bob@example.com", "198.51.100.1").IsLockedOut.ShouldBeFalse("other accounts are not affected");
    }

    [Fact]
    public void Retry_after_counts_down_to_the_end_of_the_window()
    {
        Fail(10);
        _clock.Advance(TimeSpan.FromMinutes(5));

        _throttle.Check(Email, Address).RetryAfter.ShouldBe(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void A_success_resets_the_account_counter()
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
        state.RetryAfter.ShouldBeGreaterThan(TimeSpan.Zero);
        _throttle.Check("new@example.com", "198.51.100.1").IsLockedOut.ShouldBeFalse("other addresses are not affected");
    }

    [Fact]
    public void Many_failures_from_one_address_slow_down_attempts_on_fresh_accounts()
    {
        for (var i = 0; i < 10; i++)
        {
            _throttle.RecordFailure($"user{i}@example.com", Address);
        }

        _throttle.Check("new@example.com", Address).Delay.ShouldBeGreaterThan(TimeSpan.Zero);
        _throttle.Check("new@example.com", "198.51.100.1").Delay.ShouldBe(TimeSpan.Zero);
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

    private void Fail(int times)
    {
        for (var i = 0; i < times; i++)
        {
            _throttle.RecordFailure(Email, Address);
        }
    }
}
