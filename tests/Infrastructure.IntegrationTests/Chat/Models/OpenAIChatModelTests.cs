using Planck.Application.Chat;
using Planck.Infrastructure.Chat.Models;
using Planck.Infrastructure.Options;
using Planck.Tests.Fixtures;
using static Planck.Infrastructure.IntegrationTests.Chat.Models.ChatModelCalls;

namespace Planck.Infrastructure.IntegrationTests.Chat.Models;

/// <summary>The OpenAI provider end to end: the real OpenAI SDK and HTTP pipeline against the fake model server.</summary>
public sealed class OpenAIChatModelTests : FakeServerProviderTests
{
    protected override string ProviderName => "OpenAI";

    protected override string ApiKey => "sk-planck-test-0123456789abcdef";

    [Fact]
    public async Task The_answer_streams_in_order_as_several_text_updates()
    {
        var updates = await CollectAsync(Model(), Ask("What grew?"));

        var texts = updates.OfType<ChatTextUpdate>().Select(u => u.Text).ToList();
        texts.Count.ShouldBeGreaterThan(1);
        string.Concat(texts).ShouldBe(string.Concat(FakeAnswers.DefaultAnswer));
    }

    [Fact]
    public async Task The_usage_the_provider_reports_comes_last()
    {
        var question = "How much did revenue grow in the third quarter?";

        var updates = await CollectAsync(Model(), Ask(question));

        var usage = updates[^1].ShouldBeOfType<ChatUsageUpdate>();
        usage.InputTokens.ShouldBe(question.Length / 4);
        usage.OutputTokens.ShouldBe(string.Concat(FakeAnswers.DefaultAnswer).Length / 4);
        updates.OfType<ChatUsageUpdate>().Count().ShouldBe(1);
        Server.Requests.ShouldHaveSingleItem().IncludeUsage.ShouldBeTrue();
    }

    [Fact]
    public async Task The_prompt_arrives_in_order_with_its_roles_the_model_and_the_configured_output_limit()
    {
        var request = new ChatModelRequest(
        [
            new PromptMessage(ChatRole.System, "Answer from the passages."),
            new PromptMessage(ChatRole.User, "First question"),
            new PromptMessage(ChatRole.Assistant, "First answer"),
            new PromptMessage(ChatRole.User, "Second question"),
        ]);

        await CollectAsync(Model(o => o.MaxOutputTokens = 321), request);

        var received = Server.Requests.ShouldHaveSingleItem();
        received.Messages.ShouldBe(
        [
            new FakeMessage("system", "Answer from the passages."),
            new FakeMessage("user", "First question"),
            new FakeMessage("assistant", "First answer"),
            new FakeMessage("user", "Second question"),
        ]);
        received.Model.ShouldBe("fake-model");
        received.MaxTokens.ShouldBe(321);
        received.Stream.ShouldBeTrue();
        received.Authorization.ShouldBe($"Bearer {ApiKey}");
    }

    [Fact]
    public async Task A_request_s_own_output_limit_wins_over_the_configured_one()
    {
        await CollectAsync(Model(o => o.MaxOutputTokens = 321), Ask("Short, please") with { MaxOutputTokens = 40 });

        Server.Requests.ShouldHaveSingleItem().MaxTokens.ShouldBe(40);
    }

    [Fact]
    public async Task A_model_that_never_answers_fails_after_the_idle_limit()
    {
        var failure = await Should.ThrowAsync<ChatModelException>(() => CollectAsync(Model(o => o.TimeoutSeconds = 1), Ask("[[fake:stall-before]]")));

        failure.Message.ShouldBe("The language model did not respond within 1 second.");
    }

    [Fact]
    public async Task A_transient_failure_before_the_answer_is_retried_and_the_answer_arrives()
    {
        var updates = await CollectAsync(Model(), Ask("[[fake:status-once 503]] What grew?"));

        string.Concat(updates.OfType<ChatTextUpdate>().Select(u => u.Text)).ShouldBe(string.Concat(FakeAnswers.DefaultAnswer));
        Server.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_service_that_keeps_failing_is_tried_three_times_and_reported_with_its_status()
    {
        var failure = await Should.ThrowAsync<ChatModelException>(() => CollectAsync(Model(), Ask("[[fake:status 503]]")));

        failure.Message.ShouldBe("The language model service (OpenAI) failed (503 Service Unavailable).");
        Server.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_service_nobody_listens_for_is_reported_as_unreachable()
    {
        var closedPort = ClosedPort();

        var failure = await Should.ThrowAsync<ChatModelException>(() =>
            CollectAsync(Model(o => o.Endpoint = $"http://127.0.0.1:{closedPort}/v1"), Ask("Anyone there?")));

        failure.Message.ShouldBe("The language model service (OpenAI) could not be reached.");
    }

    protected override LlmOptions Options() => new()
    {
        Provider = LlmProvider.OpenAI,
        Endpoint = Server.BaseUrl,
        Model = "fake-model",
        ApiKey = ApiKey,
        TimeoutSeconds = 10,
    };

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
