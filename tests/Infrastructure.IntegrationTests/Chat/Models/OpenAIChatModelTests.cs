using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Chat;
using Planck.Infrastructure.Chat.Models;
using Planck.Infrastructure.Options;
using Planck.Tests.Fixtures;

namespace Planck.Infrastructure.IntegrationTests.Chat.Models;

/// <summary>The OpenAI provider end to end: the real OpenAI SDK and HTTP pipeline against the fake model server.</summary>
public sealed class OpenAIChatModelTests : IAsyncLifetime
{
    private const string ApiKey = "sk-planck-test-0123456789abcdef";

    private readonly List<ServiceProvider> _providers = [];
    private FakeModelServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeModelServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

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
        _server.Requests.ShouldHaveSingleItem().IncludeUsage.ShouldBeTrue();
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

        var received = _server.Requests.ShouldHaveSingleItem();
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

        _server.Requests.ShouldHaveSingleItem().MaxTokens.ShouldBe(40);
    }

    [Fact]
    public async Task A_model_that_stalls_after_its_first_token_fails_after_the_idle_limit()
    {
        var updates = new List<ChatModelUpdate>();

        var failure = await Should.ThrowAsync<ChatModelException>(() => CollectAsync(Model(o => o.TimeoutSeconds = 1), Ask("[[fake:stall]]"), updates));

        failure.Message.ShouldBe("The language model did not respond within 1 second.");
        updates.OfType<ChatTextUpdate>().ShouldNotBeEmpty();
        await _server.WaitForAbortAsync();
    }

    [Fact]
    public async Task A_model_that_never_answers_fails_after_the_idle_limit()
    {
        var failure = await Should.ThrowAsync<ChatModelException>(() => CollectAsync(Model(o => o.TimeoutSeconds = 1), Ask("[[fake:stall-before]]")));

        failure.Message.ShouldBe("The language model did not respond within 1 second.");
    }

    [Fact]
    public async Task A_connection_dropped_mid_answer_fails_as_an_interrupted_answer()
    {
        var updates = new List<ChatModelUpdate>();

        var failure = await Should.ThrowAsync<ChatModelException>(() => CollectAsync(Model(), Ask("[[fake:fail-midstream]]"), updates));

        failure.Message.ShouldBe("The language model stopped in the middle of its answer.");
        updates.OfType<ChatTextUpdate>().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_transient_failure_before_the_answer_is_retried_and_the_answer_arrives()
    {
        var updates = await CollectAsync(Model(), Ask("[[fake:status-once 503]] What grew?"));

        string.Concat(updates.OfType<ChatTextUpdate>().Select(u => u.Text)).ShouldBe(string.Concat(FakeAnswers.DefaultAnswer));
        _server.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_service_that_keeps_failing_is_tried_three_times_and_reported_with_its_status()
    {
        var failure = await Should.ThrowAsync<ChatModelException>(() => CollectAsync(Model(), Ask("[[fake:status 503]]")));

        failure.Message.ShouldBe("The language model service (OpenAI) failed (503 Service Unavailable).");
        _server.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_refused_key_is_reported_without_the_key_and_not_retried()
    {
        var failure = await Should.ThrowAsync<ChatModelException>(() => CollectAsync(Model(), Ask("[[fake:status 401]]")));

        failure.Message.ShouldBe("The language model service (OpenAI) refused the request (401 Unauthorized). Check Planck:Llm:ApiKey.");
        failure.ToString().ShouldNotContain(ApiKey);
        _server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_service_nobody_listens_for_is_reported_as_unreachable()
    {
        var closedPort = ClosedPort();

        var failure = await Should.ThrowAsync<ChatModelException>(() =>
            CollectAsync(Model(o => o.Endpoint = $"http://127.0.0.1:{closedPort}/v1"), Ask("Anyone there?")));

        failure.Message.ShouldBe("The language model service (OpenAI) could not be reached.");
    }

    [Fact]
    public async Task The_caller_s_cancellation_comes_out_unwrapped_and_drops_the_request_at_once()
    {
        var model = Model();
        using var cancellation = new CancellationTokenSource();
        var caught = (Exception?)null;
        try
        {
            await foreach (var update in model.StreamAsync(Ask("[[fake:stall]] keep going"), cancellation.Token))
            {
                // The stall comes after the first delta: cancel as it arrives.
                await cancellation.CancelAsync();
            }
        }
        catch (Exception exception)
        {
            caught = exception;
        }

        caught.ShouldBeAssignableTo<OperationCanceledException>();
        var aborted = await _server.WaitForAbortAsync();
        aborted.LastUserText.ShouldBe("[[fake:stall]] keep going");
    }

    private IChatModel Model(Action<LlmOptions>? configure = null)
    {
        var options = new LlmOptions
        {
            Provider = LlmProvider.OpenAI,
            Endpoint = _server.BaseUrl,
            Model = "fake-model",
            ApiKey = ApiKey,
            TimeoutSeconds = 10,
        };
        configure?.Invoke(options);
        var services = new ServiceCollection().AddLogging().AddChatModel(options).BuildServiceProvider();
        _providers.Add(services);
        return services.GetRequiredService<IChatModel>();
    }

    private static ChatModelRequest Ask(string question) => new([new PromptMessage(ChatRole.User, question)]);

    private static async Task<List<ChatModelUpdate>> CollectAsync(IChatModel model, ChatModelRequest request, List<ChatModelUpdate>? into = null)
    {
        var updates = into ?? [];
        await foreach (var update in model.StreamAsync(request, CancellationToken.None))
        {
            updates.Add(update);
        }

        return updates;
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
