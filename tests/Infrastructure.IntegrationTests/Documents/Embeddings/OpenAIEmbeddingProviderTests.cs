using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Planck.Infrastructure.Documents.Embeddings;
using Planck.Infrastructure.Documents.Search;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.IntegrationTests.Documents.Embeddings;

/// <summary>The OpenAI provider against a small OpenAI-compatible <c>/v1/embeddings</c> server on loopback.</summary>
public sealed class OpenAIEmbeddingProviderTests : IAsyncLifetime
{
    private const string ApiKey = "sk-test-key-for-the-fake-server";
    private const string Model = "fake-embedding-model";

    private readonly List<(string? Authorization, JsonObject Body)> _requests = [];
    private WebApplication _server = null!;
    private string _endpoint = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapPost("/v1/embeddings", async (HttpRequest request) =>
        {
            var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            lock (_requests)
            {
                _requests.Add((request.Headers.Authorization.ToString(), body));
            }

            var inputs = body["input"] is JsonArray many ? many.Select(i => i!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
            var asBase64 = body["encoding_format"]?.GetValue<string>() == "base64";
            var data = inputs.Select((text, index) =>
            {
                var vector = VectorFor(text);
                return new
                {
                    @object = "embedding",
                    index,
                    embedding = asBase64 ? (object)Convert.ToBase64String(EmbeddingCodec.ToBytes(vector)) : vector,
                };
            });
            return Results.Json(new { @object = "list", data, model = Model, usage = new { prompt_tokens = 3, total_tokens = 3 } });
        });
        await _server.StartAsync();
        var address = _server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        _endpoint = address + "/v1";
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Deterministic: the text's length and first character, so each input's vector is recognisable.</summary>
    private static float[] VectorFor(string text) => [text.Length, text[0], 1f];

    [Fact]
    public async Task Configured_provider_sends_the_model_and_the_key_and_returns_the_server_vectors()
    {
        var options = new PlanckOptions
        {
            Embeddings = { Provider = EmbeddingProvider.OpenAI, Endpoint = _endpoint, Model = Model, ApiKey = ApiKey },
        };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDocumentSearch(options);
        await using var provider = services.BuildServiceProvider();
        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var embeddings = await generator.GenerateAsync(["alpha", "be"]);

        embeddings.Count.ShouldBe(2);
        embeddings[0].Vector.ToArray().ShouldBe(VectorFor("alpha"));
        embeddings[1].Vector.ToArray().ShouldBe(VectorFor("be"));
        var (authorization, body) = _requests.ShouldHaveSingleItem();
        authorization.ShouldBe("Bearer " + ApiKey);
        body["model"]!.GetValue<string>().ShouldBe(Model);
        JsonSerializer.Serialize(body["input"]).ShouldBe("""["alpha","be"]""");
    }

    [Fact]
    public async Task Without_a_key_the_client_still_calls_a_local_server()
    {
        var generator = EmbeddingsRegistration.CreateOpenAI(_endpoint, Model, apiKey: null);

        var embeddings = await generator.GenerateAsync(["x"]);

        embeddings.ShouldHaveSingleItem().Vector.ToArray().ShouldBe(VectorFor("x"));
        _requests.ShouldHaveSingleItem().Authorization.ShouldBe("Bearer unused");
    }

    [Fact]
    public void Provider_None_registers_no_generator_and_Local_registers_the_configured_model()
    {
        static IEmbeddingGenerator<string, Embedding<float>>? Registered(EmbeddingProvider provider, string? localModel = null)
        {
            var services = new ServiceCollection();
            services.AddEmbeddings(new EmbeddingOptions { Provider = provider, LocalModel = localModel });
            using var built = services.BuildServiceProvider();
            return built.GetService<IEmbeddingGenerator<string, Embedding<float>>>();
        }

        Registered(EmbeddingProvider.None).ShouldBeNull();
        Registered(EmbeddingProvider.Local).ShouldBeOfType<LocalEmbeddingGenerator>().Model.ShouldBe(LocalEmbeddingModel.Default);
        Registered(EmbeddingProvider.Local, "arctic-xs").ShouldBeOfType<LocalEmbeddingGenerator>().Model.ShouldBe(LocalEmbeddingModel.ArcticXs);
    }

    [Fact]
    public void An_unknown_local_model_stops_registration_at_start_up()
    {
        var services = new ServiceCollection();

        Should.Throw<InvalidOperationException>(() => services.AddEmbeddings(new EmbeddingOptions { Provider = EmbeddingProvider.Local, LocalModel = "mini-lm" }))
            .Message.ShouldContain("Planck:Embeddings:LocalModel");
    }
}
