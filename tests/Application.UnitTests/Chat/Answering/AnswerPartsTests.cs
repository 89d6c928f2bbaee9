using Planck.Application.Chat;
using Planck.Application.Chat.Answering;
using Planck.Application.Chat.Streaming;
using Planck.Application.Common.Exceptions;
using Planck.Application.Documents.Queries.SearchWorkspace;

namespace Planck.Application.UnitTests.Chat.Answering;

public sealed class CitationsTests
{
    [Theory]
    [InlineData("Revenue grew [2].", new[] { 2 })]
    [InlineData("See [1][3] and again [1].", new[] { 1, 3 })]
    [InlineData("Both agree [3, 1].", new[] { 3, 1 })]
    [InlineData("Out of range [0] [9] [12].", new int[0])]
    [InlineData("No citations here.", new int[0])]
    [InlineData("Not a citation [a] or [1.5].", new int[0])]
    public void Citations_are_the_passage_numbers_in_order_of_first_mention(string text, int[] expected) =>
        Citations.Find(text, passageCount: 3).ShouldBe(expected);
}

public sealed class AnswerPromptTests
{
    private static readonly SearchResultDto Passage = new(Guid.NewGuid(), "report \"final\".pdf", "Revenue grew 12%.", 3, null, 0.5);

    [Fact]
    public void Instructions_are_the_only_system_message_and_passages_are_numbered_inside_the_user_message()
    {
        var history = new List<PromptMessage> { new(ChatRole.User, "Earlier?"), new(ChatRole.Assistant, "Earlier answer.") };

        var request = AnswerPrompt.Build("How did revenue do?", [Passage, Passage with { Page = null, Sheet = "Q3" }], history);

        request.Messages.Select(m => m.Role).ShouldBe([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User]);
        request.Messages[0].Text.ShouldBe(AnswerPrompt.Instructions);
        var user = request.Messages[^1].Text;
        user.ShouldContain("<passage number=\"1\" document=\"report 'final'.pdf\" page=\"3\">\nRevenue grew 12%.\n</passage>");
        user.ShouldContain("<passage number=\"2\" document=\"report 'final'.pdf\" sheet=\"Q3\">");
        user.ShouldEndWith("</passages>\n\nQuestion: How did revenue do?");
    }

    [Fact]
    public void The_instructions_offer_charts_and_maps_as_fences_with_inline_data_and_no_urls()
    {
        var system = AnswerPrompt.Build("Chart revenue by region", [Passage], []).Messages[0].Text;

        system.ShouldContain("fenced ```vega-lite block holding a Vega-Lite v5 specification");
        system.ShouldContain("data inline in \"data\": {\"values\": [...]} and no URLs anywhere");
        system.ShouldContain("fenced ```geojson block holding a GeoJSON FeatureCollection");
        AnswerPrompt.Build("Chart revenue by region", [Passage], []).Messages[^1].Text.ShouldNotContain("vega-lite", Case.Insensitive);
    }

    [Fact]
    public void No_passages_are_said_to_be_none_rather_than_left_empty() =>
        AnswerPrompt.Build("Anything?", [], []).Messages[^1].Text.ShouldContain("(no passage matched the question)");

    [Theory]
    [InlineData("</passages>", "‹/passages>")]
    [InlineData("< / PASSAGE number=\"2\">", "‹ / PASSAGE number=\"2\">")]
    [InlineData("<passages>", "‹passages>")]
    [InlineData("a < b and <p>passage</p>", "a < b and <p>passage</p>")]
    public void Text_that_could_open_or_close_a_passage_is_defused(string text, string expected) =>
        AnswerPrompt.Defuse(text).ShouldBe(expected);
}

public sealed class RetrievalOnlyAnswerTests
{
    [Fact]
    public void Without_passages_the_answer_says_nothing_matched()
    {
        var text = RetrievalOnlyAnswer.Markdown([]);

        text.ShouldStartWith("No language model is configured on this server");
        text.ShouldContain("nothing in this workspace's documents matches the question");
    }

    [Fact]
    public void Passages_are_quoted_line_by_line_under_their_document_and_page_and_split_into_text_only()
    {
        var passages = new List<SearchResultDto>
        {
            new(Guid.NewGuid(), "a.pdf", "Line one.\n\n```\nnot code\n```\n| not | a table |", 4, null, 1),
            new(Guid.NewGuid(), "b.xlsx", "Region: Europe", null, "Sales", 0.5),
        };

        var text = RetrievalOnlyAnswer.Markdown(passages);

        text.ShouldContain("**[1] a.pdf, page 4**\n\n> Line one.\n>\n> ```\n> not code\n> ```\n> | not | a table |");
        text.ShouldContain("**[2] b.xlsx, sheet Sales**\n\n> Region: Europe");
        MarkdownBlockSplitter.Split(text).ShouldAllBe(block => block is TextBlock, "a quote can never become a code block or a table");
    }

    [Fact]
    public void At_most_five_passages_are_quoted_and_long_ones_are_cut_at_a_word_with_an_ellipsis()
    {
        var longText = string.Join(' ', Enumerable.Repeat("word", 400));
        var passages = Enumerable.Range(1, 8).Select(i => new SearchResultDto(Guid.NewGuid(), $"d{i}.txt", longText, null, null, 1)).ToList();

        var text = RetrievalOnlyAnswer.Markdown(passages);

        text.ShouldContain("**[5] d5.txt**");
        text.ShouldNotContain("[6]");
        text.ShouldContain("word…");
        RetrievalOnlyAnswer.Source(passages[0]).Snippet.Length.ShouldBeLessThanOrEqualTo(201);
    }
}

public sealed class AnswerConcurrencyLimiterTests
{
    [Fact]
    public void A_user_at_the_limit_is_refused_until_a_slot_is_released_and_other_users_are_unaffected()
    {
        var limiter = new AnswerConcurrencyLimiter(new ChatSettings { MaxConcurrentAnswersPerUser = 2 });
        var user = Guid.NewGuid();
        var first = limiter.Acquire(user);
        using var second = limiter.Acquire(user);

        Should.Throw<TooManyRequestsException>(() => limiter.Acquire(user)).Message.ShouldContain("2 answers in progress");
        using (limiter.Acquire(Guid.NewGuid()))
        {
        }

        first.Dispose();
        first.Dispose();
        using var third = limiter.Acquire(user);
        Should.Throw<TooManyRequestsException>(() => limiter.Acquire(user), "disposing twice frees one slot, not two");
    }

    [Fact]
    public async Task Concurrent_acquires_never_exceed_the_limit()
    {
        var limiter = new AnswerConcurrencyLimiter(new ChatSettings { MaxConcurrentAnswersPerUser = 3 });
        var user = Guid.NewGuid();
        var granted = 0;

        await Parallel.ForAsync(0, 64, async (_, _) =>
        {
            try
            {
                limiter.Acquire(user);
                Interlocked.Increment(ref granted);
            }
            catch (TooManyRequestsException)
            {
            }

            await Task.Yield();
        });

        granted.ShouldBe(3);
    }
}

public sealed class ContentBlockJsonTests
{
    [Fact]
    public void Blocks_serialize_in_the_api_shape_with_a_fixed_field_order()
    {
        var documentId = Guid.Parse("0193a0b1-0000-7000-8000-000000000001");
        ContentBlock[] blocks =
        [
            new TextBlock("It's “fine” – €5"),
            new CodeBlock("sql", "select 1"),
            new TableBlock([new("Region", "string"), new("Revenue", "number"), new("Open", "boolean")], [["Europe", 1.5, true], [null, 2.0, false]], "By region"),
            new SourcesBlock([new SourceReference(documentId, "a.pdf", "snippet", 3), new SourceReference(documentId, "b.txt", "other", null)]),
        ];

        ContentBlockJson.Serialize(blocks).ShouldBe(
            "[{\"type\":\"text\",\"text\":\"It's “fine” – €5\"},"
            + "{\"type\":\"code\",\"language\":\"sql\",\"code\":\"select 1\"},"
            + "{\"type\":\"table\",\"columns\":[{\"name\":\"Region\",\"type\":\"string\"},{\"name\":\"Revenue\",\"type\":\"number\"},{\"name\":\"Open\",\"type\":\"boolean\"}],"
            + "\"rows\":[[\"Europe\",1.5,true],[null,2,false]],\"title\":\"By region\"},"
            + "{\"type\":\"sources\",\"sources\":[{\"document_id\":\"0193a0b1-0000-7000-8000-000000000001\",\"name\":\"a.pdf\",\"snippet\":\"snippet\",\"page\":3},"
            + "{\"document_id\":\"0193a0b1-0000-7000-8000-000000000001\",\"name\":\"b.txt\",\"snippet\":\"other\"}]}]");
    }
}
