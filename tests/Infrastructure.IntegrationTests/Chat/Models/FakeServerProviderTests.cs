using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Chat;
using Planck.Infrastructure.Chat.Models;
using Planck.Infrastructure.Options;
using Planck.Tests.Fixtures;
using static Planck.Infrastructure.IntegrationTests.Chat.Models.ChatModelCalls;

namespace Planck.Infrastructure.IntegrationTests.Chat.Models;

/// <summary>
/// A provider driven through its real SDK and Planck's HTTP pipeline against the fake model server, and what every
/// keyed provider must do alike: give up on a silent model, report a cut connection and a refused key plainly, and
/// drop the request at once when the caller cancels.
/// </summary>
public abstract class FakeServerProviderTests : IAsyncLifetime
{
    private readonly List<ServiceProvider> _providers = [];

    protected FakeModelServer Server { get; private set; } = null!;

    /// <summary>The name failures give for the provider, as in "The language model service (OpenAI) …".</summary>
    protected abstract string ProviderName { get; }

    protected abstract string ApiKey { get; }

    public async Task InitializeAsync() => Server = await FakeModelServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await Server.DisposeAsync();
    }

    [Fact]
    public async Task A_model_that_stalls_after_its_first_token_fails_after_the_idle_limit()
    {
        var updates = new List<ChatModelUpdate>();

        var failure = await Should.ThrowAsync<ChatModelException>(() => CollectAsync(Model(o => o.TimeoutSeconds = 1), Ask("[[fake:stall]]"), updates));

        failure.Message.ShouldBe("The language model did not respond within 1 second.");
        updates.OfType<ChatTextUpdate>().ShouldNotBeEmpty();
        await Server.WaitForAbortAsync();
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
    public async Task A_refused_key_is_reported_without_the_key_and_not_retried()
    {
        var failure = await Should.ThrowAsync<ChatModelException>(() => CollectAsync(Model(), Ask("[[fake:status 401]]")));

        failure.Message.ShouldBe($"The language model service ({ProviderName}) refused the request (401 Unauthorized). Check Planck:Llm:ApiKey.");
        failure.ToString().ShouldNotContain(ApiKey);
        Server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_caller_s_cancellation_comes_out_unwrapped_and_drops_the_request_at_once()
    {
        // The stall comes after the first delta: the call is cancelled as that arrives.
        var caught = await CancelAtFirstUpdateAsync(Model(), "[[fake:stall]] keep going");

        caught.ShouldBeAssignableTo<OperationCanceledException>();
        (await Server.WaitForAbortAsync()).LastUserText.ShouldBe("[[fake:stall]] keep going");
    }

    /// <summary>The provider's settings against this test's server, with the idle limit at 10 seconds.</summary>
    protected abstract LlmOptions Options();

    protected IChatModel Model(Action<LlmOptions>? configure = null)
    {
        var options = Options();
        configure?.Invoke(options);
        var services = new ServiceCollection().AddLogging().AddChatModel(options).BuildServiceProvider();
        _providers.Add(services);
        return services.GetRequiredService<IChatModel>();
    }
}
