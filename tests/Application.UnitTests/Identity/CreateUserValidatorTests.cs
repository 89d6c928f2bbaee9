using FluentValidation.TestHelper;
using Planck.Application.Identity.Commands.CreateUser;

namespace Planck.Application.UnitTests.Identity;

public sealed class CreateUserValidatorTests
{
    private const string GoodPassword = "correct horse battery";
    private readonly CreateUserValidator _validator = new();

    [Theory]
    [InlineData("Admin")]
    [InlineData("User")]
    public void A_complete_command_is_valid(string role)
    {
        var result = _validator.TestValidate(new CreateUserCommand("alice@example.com", GoodPassword, "Alice", role));

        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors.Select(e => e.ErrorMessage)));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("ADMIN")]
    [InlineData("user")]
    [InlineData(" User")]
    [InlineData("Owner")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public void The_role_must_be_exactly_admin_or_user(string? role)
    {
        var result = _validator.TestValidate(new CreateUserCommand("alice@example.com", GoodPassword, "Alice", role));

        result.ShouldHaveValidationErrorFor(c => c.Role).WithErrorMessage("role must be exactly \"Admin\" or \"User\".");
        result.Errors.ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("elevenchars")]
    public void A_password_shorter_than_twelve_characters_is_refused(string password)
    {
        var result = _validator.TestValidate(new CreateUserCommand("alice@example.com", password, "Alice", "User"));

        result.ShouldHaveValidationErrorFor(c => c.Password);
    }

    [Fact]
    public void A_password_of_exactly_twelve_characters_is_accepted()
    {
        var result = _validator.TestValidate(new CreateUserCommand("alice@example.com", "twelve chars", "Alice", "User"));

        "twelve chars".Length.ShouldBe(12);
        result.ShouldNotHaveValidationErrorFor(c => c.Password);
    }

    [Fact]
    public void A_missing_password_is_refused()
    {
        var result = _validator.TestValidate(new CreateUserCommand("alice@example.com", null, "Alice", "User"));

        result.ShouldHaveValidationErrorFor(c => c.Password).WithErrorMessage("password is required.");
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("alice.example.com")]
    [InlineData("alice@")]
    [InlineData("@example.com")]
    [InlineData("")]
    [InlineData(null)]
    public void An_invalid_email_is_refused(string? email)
    {
        var result = _validator.TestValidate(new CreateUserCommand(email, GoodPassword, "Alice", "User"));

        result.ShouldHaveValidationErrorFor(c => c.Email);
        result.ShouldNotHaveValidationErrorFor(c => c.Password);
    }

    [Fact]
    public void An_email_longer_than_254_characters_is_refused()
    {
        var email = new string('a', 250) + "@example.com";

        var result = _validator.TestValidate(new CreateUserCommand(email, GoodPassword, "Alice", "User"));

        result.ShouldHaveValidationErrorFor(c => c.Email).WithErrorMessage("email must be at most 254 characters.");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void A_missing_full_name_is_refused(string? fullName)
    {
        var result = _validator.TestValidate(new CreateUserCommand("alice@example.com", GoodPassword, fullName, "User"));

        result.ShouldHaveValidationErrorFor(c => c.FullName).WithErrorMessage("full_name is required.");
    }

    [Fact]
    public void Every_broken_field_is_reported_at_once()
    {
        var result = _validator.TestValidate(new CreateUserCommand("nope", "short", string.Empty, "root"));

        result.Errors.Select(e => e.PropertyName).Distinct().ShouldBe(["Email", "Password", "FullName", "Role"], ignoreOrder: true);
    }
}
