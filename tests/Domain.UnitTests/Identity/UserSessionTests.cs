using Planck.Domain.Identity;

namespace Planck.Domain.UnitTests.Identity;

public sealed class UserSessionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 15, 9, 26, TimeSpan.Zero);

    [Fact]
    public void A_session_expires_after_its_lifetime()
    {
        var session = UserSession.Start(Guid.NewGuid(), new byte[32], Now, TimeSpan.FromHours(12));

        session.CreatedAt.ShouldBe(Now);
        session.ExpiresAt.ShouldBe(Now.AddHours(12));
    }

    [Fact]
    public void A_session_is_valid_before_it_expires()
    {
        var session = UserSession.Start(Guid.NewGuid(), new byte[32], Now, TimeSpan.FromHours(12));

        session.IsValidAt(Now).ShouldBeTrue();
        session.IsValidAt(Now.AddHours(12).AddTicks(-1)).ShouldBeTrue();
    }

    [Fact]
    public void A_session_is_not_valid_from_the_moment_it_expires()
    {
        var session = UserSession.Start(Guid.NewGuid(), new byte[32], Now, TimeSpan.FromHours(12));

        session.IsValidAt(Now.AddHours(12)).ShouldBeFalse();
        session.IsValidAt(Now.AddDays(3)).ShouldBeFalse();
    }

    [Fact]
    public void A_session_belongs_to_its_user_and_keeps_the_token_hash()
    {
        var userId = Guid.NewGuid();
        byte[] hash = [9, 8, 7];

        var session = UserSession.Start(userId, hash, Now, TimeSpan.FromHours(1));

        session.UserId.ShouldBe(userId);
        session.TokenHash.ShouldBe(hash);
        session.Id.ShouldNotBe(Guid.Empty);
    }
}
