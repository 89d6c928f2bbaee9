using Planck.Domain.Chat;
using Planck.Domain.Common;

namespace Planck.Domain.UnitTests.Chat;

public sealed class CreditRulesTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(999, 1)]
    [InlineData(1000, 2)]
    [InlineData(2500, 3)]
    [InlineData(-5, 1)]
    public void An_answer_costs_one_credit_plus_one_per_whole_thousand_tokens(int tokens, int credits) =>
        CreditRules.ForAnswer(tokens).ShouldBe(credits);

    [Fact]
    public void A_usage_entry_prices_its_tokens_by_the_rules_and_records_the_utc_day()
    {
        var at = new DateTimeOffset(2026, 11, 26, 23, 30, 0, TimeSpan.FromHours(-5));

        var entry = UsageEntry.ForAnswer(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 1500, 700, at);

        entry.Credits.ShouldBe(3);
        entry.Day.ShouldBe(new DateOnly(2026, 11, 27));
    }
}

public sealed class ConversationTests
{
    [Fact]
    public void A_name_is_trimmed_with_inner_whitespace_collapsed_and_capped()
    {
        var conversation = Conversation.Start(Guid.NewGuid(), Guid.NewGuid(), "  Quarterly \n  review ", DateTimeOffset.UnixEpoch);

        conversation.Name.ShouldBe("Quarterly review");
        conversation.Rename(new string('x', 300), DateTimeOffset.UnixEpoch.AddDays(1));
        conversation.Name.Length.ShouldBe(Conversation.MaxNameLength);
        conversation.UpdatedAt.ShouldBe(DateTimeOffset.UnixEpoch.AddDays(1));
    }

    [Fact]
    public void A_blank_name_is_refused() =>
        Should.Throw<DomainRuleException>(() => Conversation.Start(Guid.NewGuid(), Guid.NewGuid(), " \t ", DateTimeOffset.UnixEpoch));

    [Fact]
    public void Only_the_owner_owns_it()
    {
        var owner = Guid.NewGuid();
        var conversation = Conversation.Start(Guid.NewGuid(), owner, "Mine", DateTimeOffset.UnixEpoch);

        conversation.IsOwnedBy(owner).ShouldBeTrue();
        conversation.IsOwnedBy(Guid.NewGuid()).ShouldBeFalse();
    }
}
