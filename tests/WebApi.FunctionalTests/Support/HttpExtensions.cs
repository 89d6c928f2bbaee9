using System.Net;
using System.Net.Http.Json;
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
