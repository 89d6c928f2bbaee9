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

    private static readonly Lazy<Task<FakeModelServer>> SharedModel = new(() => FakeModelServer.StartAsync());
    private static readonly ConcurrentDictionary<PlanckApiFactory, Lazy<Task<WithModel>>> Servers = new();

    public static Task<WithModel> WithFakeModelAsync(this PlanckApiFactory api) =>
        Servers.GetOrAdd(api, parent => new Lazy<Task<WithModel>>(() => StartAsync(parent))).Value;

    private static async Task<WithModel> StartAsync(PlanckApiFactory api)
    {
        var model = await SharedModel.Value;
        var server = api.WithWebHostBuilder(builder => builder
            .UseSetting("Planck:Llm:Provider", "OpenAI")
            .UseSetting("Planck:Llm:Endpoint", model.BaseUrl)
            .UseSetting("Planck:Llm:Model", "fake-model")
            .UseSetting("Planck:Llm:ApiKey", ApiKey)
            .UseSetting("Planck:Llm:TimeoutSeconds", TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Planck:Chat:KeepAliveSeconds", "1")
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
