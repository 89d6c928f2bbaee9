using System.Net;
using System.Text.Json;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Documents;

/// <summary>GET /documents/events: a workspace's document changes as Server-Sent Events.</summary>
public abstract class DocumentEventsTests(PlanckApiFactory api)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Fact]
    public async Task A_member_watching_sees_an_upload_move_to_ready_with_progress_that_never_goes_back()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        // Generous: in the full suite this document may queue behind other tests' uploads on two busy cores.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        using var response = await member.Client.GetAsync($"/api/v1/documents/events?workspace_id={workspace}", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");

        var uploaded = await (await member.Client.UploadAsync(workspace, "watched.txt", "Something to watch")).ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);
        var seen = new List<DocumentResponse>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var eventName = string.Empty;
        while (seen.LastOrDefault()?.Status != "ready" && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                eventName.ShouldBe("document");
                seen.Add(JsonSerializer.Deserialize<DocumentResponse>(line["data: ".Length..], Json)!);
            }
        }

        seen.ShouldAllBe(d => d.Id == uploaded.Id);
        seen[^1].Status.ShouldBe("ready");
        seen[^1].Progress.ShouldBe(new ProgressResponse("indexing", 100, 1));
        seen.Select(d => d.Progress!.Percent).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public async Task Someone_outside_the_workspace_gets_404_and_no_stream()
    {
        var outsider = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync();

        await (await outsider.Client.GetAsync($"/api/v1/documents/events?workspace_id={workspace}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteDocumentEventsTests(SqliteApiFactory api) : DocumentEventsTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresDocumentEventsTests(PostgresApiFactory api) : DocumentEventsTests(api);
