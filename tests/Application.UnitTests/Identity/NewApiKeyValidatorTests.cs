using FluentValidation.TestHelper;
using Microsoft.Extensions.Time.Testing;
using Planck.Application.Identity.Commands.CreateMyApiKey;
using Planck.Application.Identity.Commands.IssueApiKey;

namespace Planck.Application.UnitTests.Identity;

public sealed class NewApiKeyValidatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);

    [Fact]
    public void A_key_without_expiry_is_valid()
    {
        var result = new IssueApiKeyValidator(_clock).TestValidate(new IssueApiKeyCommand(Guid.NewGuid(), "ci", null));

        result.IsValid.ShouldBeTrue();
    }

    [Fact]
    public void A_key_expiring_in_the_future_is_valid()
    {
        var result = new IssueApiKeyValidator(_clock).TestValidate(new IssueApiKeyCommand(Guid.NewGuid(), "ci", Start.AddSeconds(1)));

        result.IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-86_400)]
    public void A_key_expiring_now_or_in_the_past_is_refused(int secondsFromNow)
    {
        var expiry = Start.AddSeconds(secondsFromNow);

        var issued = new IssueApiKeyValidator(_clock).TestValidate(new IssueApiKeyCommand(Guid.NewGuid(), "ci", expiry));
        var own = new CreateMyApiKeyValidator(_clock).TestValidate(new CreateMyApiKeyCommand("ci", expiry));

        issued.ShouldHaveValidationErrorFor(c => c.ExpiresAt).WithErrorMessage("expires_at must be in the future.");
        own.ShouldHaveValidationErrorFor(c => c.ExpiresAt).WithErrorMessage("expires_at must be in the future.");
    }

    [Fact]
    public void The_expiry_is_judged_against_the_clock_at_validation_time()
    {
        var validator = new CreateMyApiKeyValidator(_clock);
        var command = new CreateMyApiKeyCommand("ci", Start.AddHours(1));
        validator.TestValidate(command).IsValid.ShouldBeTrue();

        _clock.Advance(TimeSpan.FromHours(2));

        validator.TestValidate(command).ShouldHaveValidationErrorFor(c => c.ExpiresAt);
    }

    [Fact]
    public void An_expiry_in_another_time_zone_is_compared_as_an_instant()
    {
        // 13:30 at +02:00 is 11:30 UTC: half an hour before the clock's noon.
        var expiry = new DateTimeOffset(2026, 3, 14, 13, 30, 0, TimeSpan.FromHours(2));

        var result = new CreateMyApiKeyValidator(_clock).TestValidate(new CreateMyApiKeyCommand("ci", expiry));

        result.ShouldHaveValidationErrorFor(c => c.ExpiresAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_key_needs_a_name(string? name)
    {
        var result = new CreateMyApiKeyValidator(_clock).TestValidate(new CreateMyApiKeyCommand(name, null));

        result.ShouldHaveValidationErrorFor(c => c.Name).WithErrorMessage("name is required.");
    }

    [Fact]
    public void A_key_name_longer_than_100_characters_is_refused()
    {
        var result = new IssueApiKeyValidator(_clock).TestValidate(new IssueApiKeyCommand(Guid.NewGuid(), new string('k', 101), null));

        result.ShouldHaveValidationErrorFor(c => c.Name);
        new IssueApiKeyValidator(_clock).TestValidate(new IssueApiKeyCommand(Guid.NewGuid(), new string('k', 100), null)).IsValid.ShouldBeTrue();
    }
}
