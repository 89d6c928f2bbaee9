using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Chat;
using Planck.Infrastructure.Chat.Models;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.IntegrationTests.Chat.Models;

/// <summary>What the Planck:Llm settings build, and the messages a broken configuration stops the server with.</summary>
public sealed class ChatModelConfigurationTests
{
    private const string ApiKey = "sk-configuration-test-secret";

    [Fact]
    public async Task Without_a_provider_the_model_is_not_configured_and_refuses_to_stream()
    {
        await using var services = Build(new LlmOptions());

        var model = services.GetRequiredService<IChatModel>();

        model.IsConfigured.ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => model.StreamAsync(new ChatModelRequest([]), CancellationToken.None));
    }

    [Theory]
    [InlineData("OpenAI", null, "gpt-4o-mini", null)]
    [InlineData("OpenAI", "http://localhost:11434/v1", "llama3.1", null)]
    [InlineData("AzureOpenAI", "https://contoso.openai.azure.com/", "my-deployment", ApiKey)]
    [InlineData("Ollama", null, "llama3.1", null)]
    [InlineData("Anthropic", null, "claude-sonnet-4-5", ApiKey)]
    public async Task Each_provider_is_built_from_configuration_without_touching_the_network(string provider, string? endpoint, string model, string? apiKey)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Planck:Llm:Provider"] = provider,
            ["Planck:Llm:Endpoint"] = endpoint,
            ["Planck:Llm:Model"] = model,
            ["Planck:Llm:ApiKey"] = apiKey,
        }).Build();
        var options = configuration.GetSection("Planck").Get<PlanckOptions>()!.Llm;

        await using var services = Build(options);

        services.GetRequiredService<IChatModel>().IsConfigured.ShouldBeTrue();
        services.GetRequiredService<LlmSettings>().Model.ShouldBe(model);
    }

    [Theory]
    [InlineData(LlmProvider.OpenAI, null, null, null, "Planck:Llm:Model")]
    [InlineData(LlmProvider.AzureOpenAI, null, "deployment", ApiKey, "Planck:Llm:Endpoint")]
    [InlineData(LlmProvider.AzureOpenAI, "https://contoso.openai.azure.com/", null, ApiKey, "Planck:Llm:Model")]
    [InlineData(LlmProvider.AzureOpenAI, "https://contoso.openai.azure.com/", "deployment", null, "Planck:Llm:ApiKey")]
    [InlineData(LlmProvider.Ollama, null, " ", null, "Planck:Llm:Model")]
    [InlineData(LlmProvider.Anthropic, null, "claude-sonnet-4-5", null, "Planck:Llm:ApiKey")]
    [InlineData(LlmProvider.Anthropic, null, null, ApiKey, "Planck:Llm:Model")]
    [InlineData(LlmProvider.OpenAI, "not a url", "gpt-4o-mini", null, "Planck:Llm:Endpoint must be an absolute http or https URL")]
    public void A_setting_a_provider_needs_is_named_when_it_is_missing(LlmProvider provider, string? endpoint, string? model, string? apiKey, string named)
    {
        var options = new LlmOptions { Provider = provider, Endpoint = endpoint, Model = model, ApiKey = apiKey };

        var failure = Should.Throw<InvalidOperationException>(() => new ServiceCollection().AddChatModel(options));

        failure.Message.ShouldContain(named);
        failure.Message.ShouldNotContain(ApiKey);
    }

    [Fact]
    public void Limits_must_be_positive()
    {
        Should.Throw<InvalidOperationException>(() => LlmSettings.From(new LlmOptions { Provider = LlmProvider.OpenAI, Model = "m", TimeoutSeconds = 0 }))
            .Message.ShouldContain("Planck:Llm:TimeoutSeconds");
        Should.Throw<InvalidOperationException>(() => LlmSettings.From(new LlmOptions { Provider = LlmProvider.OpenAI, Model = "m", MaxOutputTokens = -1 }))
            .Message.ShouldContain("Planck:Llm:MaxOutputTokens");
    }

    [Fact]
    public void The_key_never_shows_in_the_options_or_settings_text()
    {
        var options = new LlmOptions { Provider = LlmProvider.Anthropic, Model = "claude-sonnet-4-5", ApiKey = ApiKey };

        options.ToString().ShouldNotContain(ApiKey);
        options.ToString().ShouldContain("ApiKey=(set)");
        LlmSettings.From(options)!.ToString().ShouldNotContain(ApiKey);
    }

    [Theory]
    [InlineData("https://contoso.openai.azure.com", "https://contoso.openai.azure.com/openai/v1/")]
    [InlineData("https://contoso.openai.azure.com/", "https://contoso.openai.azure.com/openai/v1/")]
    [InlineData("https://contoso.openai.azure.com/openai", "https://contoso.openai.azure.com/openai/v1/")]
    [InlineData("https://contoso.openai.azure.com/openai/v1", "https://contoso.openai.azure.com/openai/v1/")]
    [InlineData("https://contoso.openai.azure.com/openai/v1/", "https://contoso.openai.azure.com/openai/v1/")]
    public void An_Azure_resource_URL_is_taken_to_its_OpenAI_compatible_v1_endpoint(string given, string expected) =>
        LlmSettings.AzureV1Endpoint(new Uri(given)).ToString().ShouldBe(expected);

    [Fact]
    public void Ollama_defaults_to_its_local_address()
    {
        var settings = LlmSettings.From(new LlmOptions { Provider = LlmProvider.Ollama, Model = "llama3.1" })!;

        settings.Endpoint.ShouldBe(new Uri("http://localhost:11434"));
    }

    [Fact]
    public async Task Tokens_are_counted_with_cl100k()
    {
        await using var services = Build(new LlmOptions());
        var counter = services.GetRequiredService<ITokenCounter>();

        counter.Count("").ShouldBe(0);
        // "hello world" is two cl100k tokens: "hello" and " world".
        counter.Count("hello world").ShouldBe(2);
    }

    private static ServiceProvider Build(LlmOptions options) =>
        new ServiceCollection().AddLogging().AddChatModel(options).BuildServiceProvider();
}
