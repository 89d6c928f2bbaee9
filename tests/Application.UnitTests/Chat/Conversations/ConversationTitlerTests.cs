using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Planck.Application.Chat;
using Planck.Application.Chat.Conversations;

namespace Planck.Application.UnitTests.Chat.Conversations;

public sealed class ConversationTitlerTests
{
    private const string Prompt = "What did the board decide about the new office lease in Lyon last spring?";
    private const string PromptFirstWords = "What did the board decide about the new…";

    private readonly FakeTimeProvider _clock = new();
    private readonly IChatModel _model = Substitute.For<IChatModel>();

    public ConversationTitlerTests() => _model.IsConfigured.Returns(true);

    [Fact]
    public async Task The_models_title_is_used_without_its_quotes_markdown_and_explanation()
    {
        ModelReplies("\"**Lyon office", " lease decision**\".", "\n\nThis title sums up the question.");

        var title = await Titler().TitleAsync(Prompt, CancellationToken.None);

        title.ShouldBe("Lyon office lease decision");
    }

    [Fact]
    public async Task The_model_is_asked_for_a_short_title_of_the_prompt()
    {
        ChatModelRequest? asked = null;
        _model.StreamAsync(Arg.Do<ChatModelRequest>(r => asked = r), Arg.Any<CancellationToken>()).Returns(Updates("Lease decision"));

        await Titler().TitleAsync(Prompt, CancellationToken.None);

        asked.ShouldNotBeNull();
        asked.MaxOutputTokens.ShouldBe(ConversationTitler.MaxTitleTokens);
        asked.Messages.Count.ShouldBe(2);
        asked.Messages[0].ShouldBe(new PromptMessage(ChatRole.System, ConversationTitler.Instruction));
        asked.Messages[1].ShouldBe(new PromptMessage(ChatRole.User, Prompt));
        ConversationTitler.Instruction.ShouldContain("6 words");
    }

    [Fact]
    public async Task A_model_failure_falls_back_to_the_prompts_first_words()
    {
        _model.StreamAsync(Arg.Any<ChatModelRequest>(), Arg.Any<CancellationToken>())
            .Returns(Failing(new ChatModelException("The language model service failed (503 Service Unavailable).")));

        var title = await Titler().TitleAsync(Prompt, CancellationToken.None);

        title.ShouldBe(PromptFirstWords);
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_the_reply_falls_back_too()
    {
        _model.StreamAsync(Arg.Any<ChatModelRequest>(), Arg.Any<CancellationToken>())
            .Returns(Failing(new InvalidOperationException("provider bug"), "Lyon"));

        (await Titler().TitleAsync(Prompt, CancellationToken.None)).ShouldBe(PromptFirstWords);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n \"\" \n")]
    [InlineData("**")]
    public async Task An_empty_reply_falls_back_to_the_prompts_first_words(string reply)
    {
        ModelReplies(reply);

        (await Titler().TitleAsync(Prompt, CancellationToken.None)).ShouldBe(PromptFirstWords);
    }

    [Fact]
    public async Task A_model_that_does_not_answer_in_time_is_given_up_on()
    {
        _model.StreamAsync(Arg.Any<ChatModelRequest>(), Arg.Any<CancellationToken>()).Returns(call => Stalling(call.Arg<CancellationToken>()));
        var titling = Titler().TitleAsync(Prompt, CancellationToken.None);
        titling.IsCompleted.ShouldBeFalse();

        _clock.Advance(ConversationTitler.Timeout);

        (await titling).ShouldBe(PromptFirstWords);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_mistaken_for_a_model_failure()
    {
        _model.StreamAsync(Arg.Any<ChatModelRequest>(), Arg.Any<CancellationToken>()).Returns(call => Stalling(call.Arg<CancellationToken>()));
        using var caller = new CancellationTokenSource();
        var titling = Titler().TitleAsync(Prompt, caller.Token);

        await caller.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => titling);
    }

    [Fact]
    public async Task Without_a_configured_model_the_model_is_not_asked()
    {
        _model.IsConfigured.Returns(false);

        var title = await Titler().TitleAsync(Prompt, CancellationToken.None);

        title.ShouldBe(PromptFirstWords);
        _model.DidNotReceiveWithAnyArgs().StreamAsync(default!, default);
    }

    [Fact]
    public async Task Without_a_model_port_at_all_the_prompt_names_the_conversation()
    {
        var titler = new ConversationTitler(_clock, NullLogger<ConversationTitler>.Instance);

        (await titler.TitleAsync("Budget questions", CancellationToken.None)).ShouldBe("Budget questions");
    }

    [Theory]
    [InlineData("Budget questions", "Budget questions")]
    [InlineData("  Budget \n\t questions  ", "Budget questions")]
    [InlineData("one two three four five six seven eight", "one two three four five six seven eight")]
    [InlineData("one two three four five six seven eight nine", "one two three four five six seven eight…")]
    [InlineData("First, second, third, fourth, fifth, sixth, seventh, eighth, ninth", "First, second, third, fourth, fifth, sixth, seventh, eighth…")]
    public void The_fallback_keeps_the_first_eight_words_and_marks_a_cut(string prompt, string expected) =>
        ConversationTitler.FirstWords(prompt).ShouldBe(expected);

    [Fact]
    public void The_fallback_stops_before_sixty_characters_at_a_word_boundary()
    {
        var prompt = "Summarise internationalisation requirements documentation comprehensively, please, thoroughly";

        var title = ConversationTitler.FirstWords(prompt);

        title.ShouldBe("Summarise internationalisation requirements documentation…");
        title.Length.ShouldBeLessThanOrEqualTo(ConversationTitler.FallbackLength + 1);
    }

    [Fact]
    public void A_single_overlong_word_is_cut_to_sixty_characters()
    {
        var url = "https://example.com/" + new string('a', 100);

        var title = ConversationTitler.FirstWords(url);

        title.ShouldBe(url[..ConversationTitler.FallbackLength] + ConversationTitler.Ellipsis);
    }

    [Theory]
    [InlineData("Lyon office lease", "Lyon office lease")]
    [InlineData("# Lyon office lease", "Lyon office lease")]
    [InlineData("Title: Lyon office lease", "Lyon office lease")]
    [InlineData("“Lyon office lease”", "Lyon office lease")]
    [InlineData("'Lyon office lease.'", "Lyon office lease")]
    [InlineData("`Lyon` office **lease**", "Lyon office lease")]
    [InlineData("\n\n- Lyon   office lease\nSecond line", "Lyon office lease")]
    [InlineData("The board's Lyon decision", "The board's Lyon decision")]
    [InlineData("Revenue grew in Q3 [1]; see [the site](https://example.com)", "Revenue grew in Q3; see the site")]
    [InlineData("Lyon [1, 2] office [3][4] lease", "Lyon office lease")]
    public void A_reply_is_cleaned_to_a_plain_title(string reply, string expected) =>
        ConversationTitler.Clean(reply).ShouldBe(expected);

    [Fact]
    public void A_long_reply_is_capped_at_the_longest_conversation_name()
    {
        var title = ConversationTitler.Clean(string.Join(' ', Enumerable.Repeat("word", 100)));

        title.Length.ShouldBeLessThanOrEqualTo(Domain.Chat.Conversation.MaxNameLength);
        title.ShouldStartWith("word word");
    }

    private ConversationTitler Titler() => new(_clock, NullLogger<ConversationTitler>.Instance, _model);

    private void ModelReplies(params string[] deltas) =>
        _model.StreamAsync(Arg.Any<ChatModelRequest>(), Arg.Any<CancellationToken>()).Returns(_ => Updates(deltas));

    private static async IAsyncEnumerable<ChatModelUpdate> Updates(params string[] deltas)
    {
        foreach (var delta in deltas)
        {
            await Task.Yield();
            yield return new ChatTextUpdate(delta);
        }

        yield return new ChatUsageUpdate(12, 5);
    }

    private static async IAsyncEnumerable<ChatModelUpdate> Failing(Exception failure, params string[] before)
    {
        foreach (var delta in before)
        {
            await Task.Yield();
            yield return new ChatTextUpdate(delta);
        }

        throw failure;
    }

    private static async IAsyncEnumerable<ChatModelUpdate> Stalling([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield return new ChatTextUpdate("never");
    }
}
