using Planck.Application.Identity;
using Planck.Domain.Identity;

namespace Planck.Application.UnitTests.Identity;

public sealed class IdentityRulesTests
{
    [Theory]
    [InlineData("Admin", Role.Admin)]
    [InlineData("User", Role.User)]
    public void The_two_role_names_parse_exactly(string name, Role expected)
    {
        IdentityRules.TryParseRole(name, out var role).ShouldBeTrue();
        role.ShouldBe(expected);
        IdentityRules.ParseRole(name).ShouldBe(expected);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("Administrator")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_role(string? name)
    {
        IdentityRules.TryParseRole(name, out _).ShouldBeFalse();
        Should.Throw<ArgumentException>(() => IdentityRules.ParseRole(name));
    }
}
