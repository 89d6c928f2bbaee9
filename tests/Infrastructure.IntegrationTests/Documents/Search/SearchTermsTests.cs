using Planck.Infrastructure.Documents.Search;

namespace Planck.Infrastructure.IntegrationTests.Documents.Search;

public sealed class SearchTermsTests
{
    [Fact]
    public void Query_syntax_becomes_plain_words()
    {
        SearchTerms.From("\"exact\" NEAR(a* -b) col:value (x OR y)")
            .ShouldBe(["exact", "NEAR", "b", "col", "value", "x", "y"], "a and OR are stop words");
    }

    [Fact]
    public void Stop_words_are_left_out_of_a_query_that_has_content_words()
    {
        SearchTerms.From("What is the policy on travel for the team?").ShouldBe(["policy", "travel", "team"]);
    }

    [Fact]
    public void A_query_of_stop_words_alone_keeps_them()
    {
        SearchTerms.From("to be or not to be").ShouldBe(["to", "be", "or", "not"]);
    }

    [Fact]
    public void Words_repeat_once_and_the_list_is_capped()
    {
        var words = string.Join(' ', Enumerable.Range(0, 50).Select(i => $"word{i} word{i}"));

        SearchTerms.From(words).Count.ShouldBe(SearchTerms.MaxTerms);
    }
}
