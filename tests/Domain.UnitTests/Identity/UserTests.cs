using Planck.Domain.Common;
using Planck.Domain.Identity;

namespace Planck.Domain.UnitTests.Identity;

public sealed class UserTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 15, 9, 26, TimeSpan.Zero);

    [Theory]
    [InlineData("alice@example.com", "alice@example.com")]
    [InlineData("Alice@Example.COM", "alice@example.com")]
    [InlineData("  BOB@EXAMPLE.ORG\t", "bob@example.org")]
    public void Normalizing_an_email_trims_and_lower_cases_it(string email, string expected)
    {
        User.NormalizeEmail(email).ShouldBe(expected);
    }

    [Fact]
    public void Creating_a_user_trims_the_email_and_full_name()
    {
        var user = User.Create("  Alice@Example.com  ", "  Alice Liddell ", Role.User, Now);

        user.Email.ShouldBe("Alice@Example.com");
        user.NormalizedEmail.ShouldBe("alice@example.com");
        user.FullName.ShouldBe("Alice Liddell");
    }

    [Fact]
    public void A_new_user_is_active_with_the_given_role_and_creation_time()
    {
        var user = User.Create("admin@example.com", "Admin", Role.Admin, Now);

        user.Id.ShouldNotBe(Guid.Empty);
        user.IsActive.ShouldBeTrue();
        user.Role.ShouldBe(Role.Admin);
        user.CreatedAt.ShouldBe(Now);
    }

    [Fact]
    public void Two_users_created_at_the_same_time_get_different_ids()
    {
        var first = User.Create("a@example.com", "A", Role.User, Now);
        var second = User.Create("b@example.com", "B", Role.User, Now);

        first.Id.ShouldNotBe(second.Id);
    }

    [Fact]
    public void Deactivating_and_activating_a_user_toggles_is_active()
    {
        var user = User.Create("alice@example.com", "Alice", Role.User, Now);

        user.Deactivate();
        user.IsActive.ShouldBeFalse();

        user.Deactivate();
        user.IsActive.ShouldBeFalse();

        user.Activate();
        user.IsActive.ShouldBeTrue();
    }

    [Fact]
    public void Renaming_trims_the_full_name()
    {
        var user = User.Create("alice@example.com", "Alice", Role.User, Now);

        user.Rename("  Alice Cooper  ");

        user.FullName.ShouldBe("Alice Cooper");
    }

    [Fact]
    public void Changing_the_role_takes_effect()
    {
        var user = User.Create("alice@example.com", "Alice", Role.User, Now);

        user.ChangeRole(Role.Admin);

        user.Role.ShouldBe(Role.Admin);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void An_empty_password_hash_is_refused(string? hash)
    {
        var user = User.Create("alice@example.com", "Alice", Role.User, Now);

        Should.Throw<DomainRuleException>(() => user.SetPasswordHash(hash!));
        user.PasswordHash.ShouldBeEmpty();
    }

    [Fact]
    public void A_password_hash_is_stored()
    {
        var user = User.Create("alice@example.com", "Alice", Role.User, Now);

        user.SetPasswordHash("AQAAAAIAAYag");

        user.PasswordHash.ShouldBe("AQAAAAIAAYag");
    }
}
