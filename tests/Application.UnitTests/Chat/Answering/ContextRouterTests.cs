using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Planck.Application.Chat;
using Planck.Application.Chat.Answering.Context;

namespace Planck.Application.UnitTests.Chat.Answering;

public sealed class ContextRouterTests
{
    private readonly IChatModel _model = Substitute.For<IChatModel>();
    private readonly ITokenCounter _tokens = Substitute.For<ITokenCounter>();
    private readonly IContextSource _source = Substitute.For<IContextSource>();
    private readonly AnswerContext _context = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "What was revenue in March?", null, null, []);

    public ContextRouterTests()
    {
        _model.IsConfigured.Returns(true);
        _tokens.Count(Arg.Any<string>()).Returns(3);
    }

    private ContextOffer Documents => new(_source, "documents", "Documents", "Uploaded files.", Requested: false, IsDefault: true);

    private ContextOffer Database(string name, bool requested = false) =>
        new(_source, name, $"Database {name}", "Tables: invoices, customers.", requested, IsDefault: false);

    [Fact]
    public async Task A_requested_offer_is_taken_without_asking_the_model()
    {
        var sales = Database("sales", requested: true);

        var routed = await Router().ChooseAsync(_context, [Documents, sales], CancellationToken.None);

        routed.Offer.ShouldBe(sales);
        _model.DidNotReceive().StreamAsync(Arg.Any<ChatModelRequest>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task The_only_offer_is_taken_without_asking_the_model()
    {
        var routed = await Router().ChooseAsync(_context, [Documents], CancellationToken.None);

        routed.Offer.ShouldBe(Documents);
        routed.Usage.ShouldBe(default);
        _model.DidNotReceive().StreamAsync(Arg.Any<ChatModelRequest>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Without_a_model_the_default_offer_is_taken()
    {
        _model.IsConfigured.Returns(false);

        var routed = await Router().ChooseAsync(_context, [Database("sales"), Documents], CancellationToken.None);

        routed.Offer.ShouldBe(Documents);
    }

    [Fact]
    public async Task The_models_number_picks_the_offer_and_the_call_is_charged()
    {
        ChatModelRequest? asked = null;
        _model.StreamAsync(Arg.Do<ChatModelRequest>(r => asked = r), Arg.Any<CancellationToken>())
            .Returns(Updates(new ChatTextUpdate("2"), new ChatUsageUpdate(40, 1)));

        var routed = await Router().ChooseAsync(_context, [Documents, Database("sales"), Database("hr")], CancellationToken.None);

        routed.Offer.ShouldBe(Database("sales"));
        routed.Usage.ShouldBe(new TokenUsage(40, 1));
        asked.ShouldNotBeNull();
        asked.Messages[^1].Text.ShouldContain("2. Database sales: Tables: invoices, customers.");
        asked.Messages[^1].Text.ShouldEndWith("Question: What was revenue in March?");
    }

    [Theory]
    [InlineData("I would pick the second one")]
    [InlineData("7")]
    [InlineData("0")]
    [InlineData("")]
    public async Task An_unreadable_or_out_of_range_choice_falls_back_to_the_default(string reply)
    {
        _model.StreamAsync(Arg.Any<ChatModelRequest>(), Arg.Any<CancellationToken>()).Returns(Updates(new ChatTextUpdate(reply)));

        var routed = await Router().ChooseAsync(_context, [Database("sales"), Documents], CancellationToken.None);

        routed.Offer.ShouldBe(Documents);
    }

    [Fact]
    public async Task A_failing_model_falls_back_to_the_default()
    {
        _model.StreamAsync(Arg.Any<ChatModelRequest>(), Arg.Any<CancellationToken>()).Throws(new ChatModelException("The model is unreachable."));

        var routed = await Router().ChooseAsync(_context, [Database("sales"), Documents], CancellationToken.None);

        routed.Offer.ShouldBe(Documents);
    }

    private ContextRouter Router() => new(_model, _tokens, NullLogger<ContextRouter>.Instance);

    private static async IAsyncEnumerable<ChatModelUpdate> Updates(params ChatModelUpdate[] updates)
    {
        foreach (var update in updates)
        {
            await Task.Yield();
            yield return update;
        }
    }
}
