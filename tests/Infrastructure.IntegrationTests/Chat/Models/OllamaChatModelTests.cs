using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Chat;
using Planck.Infrastructure.Chat.Models;
using Planck.Infrastructure.Options;
using Planck.Tests.Fixtures;

namespace Planck.Infrastructure.IntegrationTests.Chat.Models;

/// <summary>The Ollama provider through OllamaSharp against the fake server's native <c>/api/chat</c> dialect.</summary>
public sealed class OllamaChatModelTests : IAsyncLifetime
{
    private FakeModelServer _server = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeModelServer.StartAsync();
        var options = new LlmOptions { Provider = LlmProvider.Ollama, Endpoint = _server.OllamaUrl, Model = "llama-fake", TimeoutSeconds = 10, MaxOutputTokens = 300 };
        _services = new ServiceCollection().AddLogging().AddChatModel(options).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_answer_streams_in_order_and_the_usage_follows()
    {
        var question = "What grew in the third quarter?";
        var updates = new List<ChatModelUpdate>();

        await foreach (var update in Model.StreamAsync(new ChatModelRequest(
            [new PromptMessage(ChatRole.System, "Answer briefly."), new PromptMessage(ChatRole.User, question)]), CancellationToken.None))
        {
            updates.Add(update);
        }

        string.Concat(updates.OfType<ChatTextUpdate>().Select(u => u.Text)).ShouldBe(string.Concat(FakeAnswers.DefaultAnswer));
        var usage = updates[^1].ShouldBeOfType<ChatUsageUpdate>();
        usage.InputTokens.ShouldBe(("Answer briefly." + question).Length / 4);
        var received = _server.Requests.ShouldHaveSingleItem();
        received.Path.ShouldBe(FakeModelServer.OllamaChatPath);
        received.Model.ShouldBe("llama-fake");
        received.MaxTokens.ShouldBe(300);
        received.Messages.Select(m => m.Role).ShouldBe(["system", "user"]);
    }

    [Fact]
    public async Task A_failing_service_is_reported_with_its_status()
    {
        var failure = await Should.ThrowAsync<ChatModelException>(async () =>
        {
            await foreach (var _ in Model.StreamAsync(new ChatModelRequest([new PromptMessage(ChatRole.User, "[[fake:status 500]]")]), CancellationToken.None))
            {
            }
        });

        failure.Message.ShouldBe("The language model service (Ollama) failed (500 Internal Server Error).");
    }

    private IChatModel Model => _services.GetRequiredService<IChatModel>();
}
