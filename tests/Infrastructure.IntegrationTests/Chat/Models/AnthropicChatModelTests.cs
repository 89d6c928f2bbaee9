using Planck.Application.Chat;
using Planck.Infrastructure.Chat.Models;
using Planck.Infrastructure.Options;
using Planck.Tests.Fixtures;
using static Planck.Infrastructure.IntegrationTests.Chat.Models.ChatModelCalls;

namespace Planck.Infrastructure.IntegrationTests.Chat.Models;

/// <summary>The Anthropic provider through the official SDK against the fake server's Messages API dialect.</summary>
public sealed class AnthropicChatModelTests : FakeServerProviderTests
{
    protected override string ProviderName => "Anthropic";

    protected override string ApiKey => "sk-ant-api03-planck-test-key";

    [Fact]
    public async Task The_answer_streams_in_order_and_the_usage_follows_with_the_system_prompt_beside_the_messages()
    {
        const string Question = "What grew in the third quarter?";

        var updates = await CollectAsync(Model(), new ChatModelRequest(
            [new PromptMessage(ChatRole.System, "Answer briefly."), new PromptMessage(ChatRole.User, Question)]));

        string.Concat(updates.OfType<ChatTextUpdate>().Select(u => u.Text)).ShouldBe(string.Concat(FakeAnswers.DefaultAnswer));
        updates.OfType<ChatTextUpdate>().Count().ShouldBe(FakeAnswers.DefaultAnswer.Count);
        var usage = updates[^1].ShouldBeOfType<ChatUsageUpdate>();
        usage.InputTokens.ShouldBe(("Answer briefly." + Question).Length / 4);
        usage.OutputTokens.ShouldBe(string.Concat(FakeAnswers.DefaultAnswer).Length / 4);
        var received = Server.Requests.ShouldHaveSingleItem();
        received.Path.ShouldBe("/v1/messages");
        received.Model.ShouldBe("claude-fake");
        received.MaxTokens.ShouldBe(300);
        received.Stream.ShouldBeTrue();
        received.Messages.Select(m => (m.Role, m.Content)).ShouldBe([("system", "Answer briefly."), ("user", Question)]);
        // SDK 13.14 sends the key as a bearer token (older versions used x-api-key); either way it must arrive.
        received.Authorization.ShouldNotBeNull().ShouldEndWith(" " + ApiKey);
    }

    [Fact]
    public async Task A_failing_service_is_reported_with_its_status_and_without_the_key()
    {
        var failure = await Should.ThrowAsync<ChatModelException>(() => CollectAsync(Model(), Ask("[[fake:status 500]]")));

        failure.Message.ShouldBe("The language model service (Anthropic) failed (500 Internal Server Error).");
        failure.ToString().ShouldNotContain(ApiKey);
    }

    protected override LlmOptions Options() => new()
    {
        Provider = LlmProvider.Anthropic,
        Endpoint = Server.AnthropicUrl,
        Model = "claude-fake",
        ApiKey = ApiKey,
        TimeoutSeconds = 10,
        MaxOutputTokens = 300,
    };
}
