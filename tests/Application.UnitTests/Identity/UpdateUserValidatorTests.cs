using FluentValidation.TestHelper;
using Planck.Application.Identity.Commands.UpdateUser;

namespace Planck.Application.UnitTests.Identity;

public sealed class UpdateUserValidatorTests
{
    private readonly UpdateUserValidator _validator = new();

    [Fact]
    public void An_update_that_changes_nothing_is_refused()
    {
        var result = _validator.TestValidate(new UpdateUserCommand(Guid.NewGuid(), null, null, null));

        var error = result.Errors.ShouldHaveSingleItem();
        error.PropertyName.ShouldBe("body");
        error.ErrorMessage.ShouldBe("Give at least one of full_name, role or is_active.");
    }

    [Theory]
    [InlineData("New Name", null, null)]
    [InlineData(null, "Admin", null)]
    [InlineData(null, "User", null)]
    [InlineData(null, null, false)]
    [InlineData(null, null, true)]
    [InlineData("New Name", "User", true)]
    public void An_update_of_any_one_field_is_valid(string? fullName, string? role, bool? isActive)
    {
        var result = _validator.TestValidate(new UpdateUserCommand(Guid.NewGuid(), fullName, role, isActive));

        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors.Select(e => e.ErrorMessage)));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("Owner")]
    [InlineData("")]
    public void An_unknown_role_is_refused(string role)
    {
        var result = _validator.TestValidate(new UpdateUserCommand(Guid.NewGuid(), null, role, null));

        result.ShouldHaveValidationErrorFor(c => c.Role);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_full_name_is_refused(string fullName)
    {
        var result = _validator.TestValidate(new UpdateUserCommand(Guid.NewGuid(), fullName, null, null));

        result.ShouldHaveValidationErrorFor(c => c.FullName).WithErrorMessage("full_name is required.");
    }

    [Fact]
    public void A_full_name_longer_than_200_characters_is_refused()
    {
        var result = _validator.TestValidate(new UpdateUserCommand(Guid.NewGuid(), new string('x', 201), null, null));

        result.ShouldHaveValidationErrorFor(c => c.FullName);
    }
}
