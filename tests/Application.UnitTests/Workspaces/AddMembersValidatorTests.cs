using FluentValidation.TestHelper;
using Planck.Application.Workspaces.Commands.AddMembers;

namespace Planck.Application.UnitTests.Workspaces;

public sealed class AddMembersValidatorTests
{
    private readonly AddMembersValidator _validator = new();

    [Fact]
    public void A_missing_user_list_is_refused()
    {
        var result = _validator.TestValidate(new AddMembersCommand(Guid.NewGuid(), null));

        result.ShouldHaveValidationErrorFor(c => c.UserIds).WithErrorMessage("user_ids must list at least one user id.");
    }

    [Fact]
    public void An_empty_user_list_is_refused()
    {
        var result = _validator.TestValidate(new AddMembersCommand(Guid.NewGuid(), []));

        result.ShouldHaveValidationErrorFor(c => c.UserIds).WithErrorMessage("user_ids must list at least one user id.");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(500)]
    public void Up_to_500_users_are_accepted(int count)
    {
        var result = _validator.TestValidate(new AddMembersCommand(Guid.NewGuid(), Ids(count)));

        result.IsValid.ShouldBeTrue();
    }

    [Fact]
    public void More_than_500_users_are_refused()
    {
        var result = _validator.TestValidate(new AddMembersCommand(Guid.NewGuid(), Ids(501)));

        result.ShouldHaveValidationErrorFor(c => c.UserIds).WithErrorMessage("user_ids may list at most 500 ids.");
    }

    private static Guid[] Ids(int count) => Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
}
