using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Chat;

/// <summary>
/// A stream can last minutes while the model writes; it must not keep a pooled database connection for that time, or
/// a small pool (the README suggests about twice the cores) is used up by a handful of answers and every other request
/// waits for a connection until it times out.
/// </summary>
[Collection(PostgresServer.Name)]
public sealed class StreamingConnectionTests(PostgresApiFactory api)
{
    private const int PoolSize = 2;
    private const int Streams = 20;

    [Fact]
    public async Task Streams_held_open_by_a_slow_model_leave_the_connection_pool_to_other_requests()
    {
        var with = await api.WithFakeModelAsync();
        var pooled = new NpgsqlConnectionStringBuilder(api.DatabaseConnectionString)
        {
            MaxPoolSize = PoolSize,
            Timeout = 5,
        }.ConnectionString;
        await using var server = with.Server.WithWebHostBuilder(builder => builder
            .UseSetting("ConnectionStrings:Planck", pooled)
            .UseSetting("Planck:Chat:MaxConcurrentAnswersPerUser", (Streams + 1).ToString(CultureInfo.InvariantCulture)));
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var document = await member.Client.UploadOkAsync(workspace, "revenue.txt", "Quarterly report. Revenue grew by 12% in the third quarter.");
        (await member.Client.WaitUntilProcessedAsync(document.Id)).Status.ShouldBe("ready");
        using var client = new WithModel(server, with.Model).ClientFor(member);
        var held = new List<(HttpResponseMessage Response, SseReader Reader)>();

        try
        {
            // Opened all at once, as a busy server would see them.
            held.AddRange(await Task.WhenAll(Enumerable.Range(0, Streams).Select(i => OpenUntilFirstDeltaAsync(client, workspace, i))));

            (await client.GetAsync("/api/v1/workspaces")).StatusCode.ShouldBe(HttpStatusCode.OK);
            var whole = await client.AskAsync(workspace, "Revenue?", stream: false);
            whole.StatusCode.ShouldBe(HttpStatusCode.OK, await whole.Content.ReadAsStringAsync());
        }
        finally
        {
            foreach (var (response, reader) in held)
            {
                reader.Dispose();
                response.Dispose();
            }
        }
    }

    private static async Task<(HttpResponseMessage Response, SseReader Reader)> OpenUntilFirstDeltaAsync(HttpClient client, Guid workspace, int index)
    {
        var response = await client.AskStreamingAsync(workspace, $"Revenue? {index} [[fake:stall]]");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await ProblemOfAsync(response));
        var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadAsync() is { } next && next.Name != "content_block_delta")
        {
            (next.Name == "error" ? next.Data.GetRawText() : null).ShouldBeNull($"stream {index} failed");
        }

        return (response, reader);
    }

    private static async Task<string> ProblemOfAsync(HttpResponseMessage response) =>
        response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync();
}
