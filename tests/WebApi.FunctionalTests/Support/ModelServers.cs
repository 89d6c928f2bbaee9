using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc.Testing;
using Planck.Tests.Fixtures;

namespace Planck.WebApi.FunctionalTests.Support;

/// <summary>
/// A second Planck server on the same database as a test collection's, configured with the <c>OpenAI</c> provider
/// pointed at a fake OpenAI-compatible model server. One per collection, built on first use and disposed with it.
/// </summary>
public static class ModelServers
{
    public const string ApiKey = "sk-planck-test-model-key";
    public const int TimeoutSeconds = 10;
    public const int MaxConcurrentAnswers = 2;
    public const int HistoryTokenBudget = 200;

    /// <summary>Rows a database answer's table holds at most on the servers with a model.</summary>
    public const int MaxRows = 3;

    private static readonly Lazy<Task<FakeModelServer>> SharedModel = new(() => FakeModelServer.StartAsync());
    /// <summary>How long the servers with a detached model keep an answer running after its client left.</summary>
    public const int ContinueAfterDisconnectSeconds = 60;

    private static readonly ConcurrentDictionary<(PlanckApiFactory, string, Node), Lazy<Task<WithModel>>> Servers = new();

    /// <summary>
    /// A server with a model: the collection's database, its own host. <see cref="Node.Attached"/> stops an answer as
    /// soon as its client leaves; the detached nodes keep it running (two of them: two nodes on one database).
    /// </summary>
    public enum Node
    {
        Attached,
        Detached,
        SecondDetached,
    }

    /// <summary>The collection's server with the <c>OpenAI</c> provider.</summary>
    public static Task<WithModel> WithFakeModelAsync(this PlanckApiFactory api, Node node = Node.Attached) => WithProviderAsync(api, "OpenAI", node);

    /// <summary>The collection's server with the <c>Anthropic</c> provider, against the fake server's Messages API.</summary>
    public static Task<WithModel> WithFakeAnthropicAsync(this PlanckApiFactory api) => WithProviderAsync(api, "Anthropic", Node.Attached);

    private static Task<WithModel> WithProviderAsync(PlanckApiFactory api, string provider, Node node) =>
        Servers.GetOrAdd((api, provider, node), key => new Lazy<Task<WithModel>>(() => StartAsync(key.Item1, key.Item2, key.Item3))).Value;

    private static async Task<WithModel> StartAsync(PlanckApiFactory api, string provider, Node node)
    {
        var grace = node == Node.Attached ? 0 : ContinueAfterDisconnectSeconds;
        var model = await SharedModel.Value;
        var server = api.WithWebHostBuilder(builder => builder
            .UseSetting("Planck:Llm:Provider", provider)
            .UseSetting("Planck:Llm:Endpoint", provider == "Anthropic" ? model.AnthropicUrl : model.BaseUrl)
            .UseSetting("Planck:Llm:Model", "fake-model")
            .UseSetting("Planck:Llm:ApiKey", ApiKey)
            .UseSetting("Planck:Llm:TimeoutSeconds", TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Planck:Chat:KeepAliveSeconds", "1")
            .UseSetting("Planck:Chat:ContinueAfterDisconnectSeconds", grace.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Planck:Databases:MaxRows", MaxRows.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Planck:Chat:MaxConcurrentAnswersPerUser", MaxConcurrentAnswers.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Planck:Chat:HistoryTokenBudget", HistoryTokenBudget.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        server.CreateClient().Dispose();
        return new WithModel(server, model);
    }
}

public sealed record WithModel(WebApplicationFactory<Program> Server, FakeModelServer Model)
{
    public HttpClient ClientFor(TestUser user)
    {
        var client = Server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-API-Key", user.ApiKey);
        return client;
    }
}
