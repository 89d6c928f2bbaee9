using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Planck.WebApi.FunctionalTests.Support;

public static class HttpExtensions
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<T> ReadJsonAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json))!;

    /// <summary>Asserts the status and that the body is a problem document with a readable detail; returns it.</summary>
    public static async Task<ProblemResponse> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonSerializer.Deserialize<ProblemResponse>(body, Json)!;
        problem.Detail.ShouldNotBeNullOrWhiteSpace();
        return problem;
    }

    public static async Task<T> ShouldBeAsync<T>(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    /// <summary>Asserts a 400 problem whose <c>errors</c> names each of the fields (snake_case) with a readable message.</summary>
    public static async Task<ProblemResponse> ShouldBeValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors.ShouldNotBeNull($"A validation problem should carry errors; detail: {problem.Detail}");
        foreach (var field in fields)
        {
            problem.Errors.ShouldContainKey(field);
            problem.Errors[field].ShouldNotBeEmpty();
            problem.Errors[field].ShouldAllBe(message => !string.IsNullOrWhiteSpace(message));
        }

        return problem;
    }

    /// <summary>Sends a body exactly as given, for requests a typed serializer cannot produce (malformed JSON, wrong types).</summary>
    public static Task<HttpResponseMessage> SendRawAsync(
        this HttpClient client, HttpMethod method, string url, string? body, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        return client.SendAsync(request);
    }

    /// <summary>Sends <paramref name="body"/> serialized as JSON (anonymous objects spell their snake_case names themselves).</summary>
    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType());
        }

        return client.SendAsync(request);
    }

    /// <summary>The names of a JSON object's top-level properties, for asserting a response's exact shape.</summary>
    public static async Task<string[]> ReadPropertyNamesAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }

    /// <summary>Follows <c>limit</c>/<c>offset</c> through every page of a list endpoint and returns all its items.</summary>
    public static async Task<List<T>> GetAllPagesAsync<T>(this HttpClient client, string url)
    {
        const int pageSize = 200;
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var items = new List<T>();
        for (var offset = 0; ; offset += pageSize)
        {
            var page = await (await client.GetAsync($"{url}{separator}limit={pageSize}&offset={offset}")).ShouldBeAsync<ListResponse<T>>(HttpStatusCode.OK);
            items.AddRange(page.Data);
            if (page.Data.Count == 0 || items.Count >= page.Count)
            {
                return items;
            }
        }
    }
}

public sealed record ProblemResponse(int Status, string Detail, Dictionary<string, string[]>? Errors, string? TraceId);

public sealed record UserResponse(Guid Id, string Email, string FullName, string Role, bool IsActive, DateTimeOffset CreatedAt);

public sealed record ApiKeyResponse(
    Guid Id, string Name, string Prefix, Guid UserId, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt, string? Key);

public sealed record WorkspaceResponse(Guid Id, string Name, string Description, DateTimeOffset CreatedAt);

public sealed record DatabaseSummaryResponse(Guid Id, string Name, string Type);

public sealed record WorkspaceDetailResponse(
    Guid Id, string Name, string Description, DateTimeOffset CreatedAt, int DocumentCount, int MemberCount, List<DatabaseSummaryResponse> Databases);

public sealed record MemberResponse(Guid UserId, string Email, string FullName, string Role, bool IsActive, DateTimeOffset AddedAt);

public sealed record ListResponse<T>(List<T> Data, int Count);

public sealed record DocumentResponse(
    Guid Id, Guid WorkspaceId, string Name, string Status, string ContentType, long SizeBytes, string? Sha256, string? Error,
    int? PageCount, int? ChunkCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, ProgressResponse? Progress = null, bool Searchable = false);

public sealed record ProgressResponse(string Stage, int Percent, int PassagesDone);

public sealed record SearchResultResponse(Guid DocumentId, string DocumentName, string Text, int? Page, string? Sheet, double Score);
