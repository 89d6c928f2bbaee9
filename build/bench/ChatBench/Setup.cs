using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Planck.Tests.Fixtures;

namespace Planck.Bench.Chat;

/// <summary>Through the API, as an Admin: a user, a workspace with the user in it, the user's key, and a handful of small
/// documents uploaded by the user and waited for until ready, so every answer's retrieval does real work.</summary>
internal static class Setup
{
    private static readonly TimeSpan ProcessingTimeout = TimeSpan.FromMinutes(5);

    private static readonly (string Name, Func<byte[]> Content)[] Documents =
    [
        ("travel-policy.txt", () => DocumentFixtures.Text(FixtureCorpus.TravelPolicy)),
        ("postmortem-checkout.txt", () => DocumentFixtures.Text(FixtureCorpus.IncidentPostmortem)),
        ("employee-handbook.md", () => DocumentFixtures.Markdown(FixtureCorpus.CompanyHandbook)),
        ("recipes.md", () => DocumentFixtures.Markdown(FixtureCorpus.RecipeBook)),
        ("urban-heat-summary.md", () => DocumentFixtures.Markdown(FixtureCorpus.ResearchSummary)),
        ("glossary.txt", () => DocumentFixtures.Text(FixtureCorpus.Glossary)),
    ];

    public static async Task<object> RunAsync(string baseUrl, string adminKey)
    {
        var clock = Stopwatch.StartNew();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var admin = BenchHttp.Create(baseUrl, adminKey);
        var userId = (await PostAsync(admin, "/api/v1/admin/users", new
        {
            email = $"chat-bench-{suffix}@planck.local",
            password = "chat-bench-password-123456",
            full_name = "Chat Bench",
            role = "User",
        })).GetProperty("id").GetGuid();
        var workspaceId = (await PostAsync(admin, "/api/v1/admin/workspaces", new { name = $"Chat bench {suffix}", description = "chat benchmark" }))
            .GetProperty("id").GetGuid();
        await PostAsync(admin, $"/api/v1/admin/workspaces/{workspaceId}/members", new { user_ids = new[] { userId } });
        var key = (await PostAsync(admin, $"/api/v1/admin/users/{userId}/api-keys", new { name = "chat bench" })).GetProperty("key").GetString()!;

        using var user = BenchHttp.Create(baseUrl, key);
        var ids = new List<(string Name, Guid Id)>();
        foreach (var (name, content) in Documents)
        {
            using var form = new MultipartFormDataContent { { new StringContent(workspaceId.ToString()), "workspace_id" } };
            var file = new ByteArrayContent(content());
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "file", name);
            var response = await user.PostAsync("/api/v1/documents/", form);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"upload of {name} answered {(int)response.StatusCode}: {body}");
            }

            ids.Add((name, JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid()));
        }

        var documents = new List<object>();
        var chunks = 0;
        foreach (var (name, id) in ids)
        {
            var document = await WaitProcessedAsync(user, id);
            var status = document.GetProperty("status").GetString();
            if (status != "ready")
            {
                throw new InvalidOperationException($"{name} ended {status}: {document}");
            }

            var count = document.GetProperty("chunk_count").GetInt32();
            chunks += count;
            documents.Add(new { name, id, chunk_count = count });
        }

        return new
        {
            user_id = userId,
            workspace_id = workspaceId,
            key,
            documents,
            chunks,
            seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
        };
    }

    private static async Task<JsonElement> WaitProcessedAsync(HttpClient client, Guid id)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var document = await client.GetFromJsonAsync<JsonElement>($"/api/v1/documents/{id}");
            if (document.GetProperty("status").GetString() is "ready" or "failed")
            {
                return document;
            }

            if (deadline.Elapsed > ProcessingTimeout)
            {
                throw new TimeoutException($"document {id} still {document.GetProperty("status")} after {ProcessingTimeout.TotalMinutes} minutes");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
