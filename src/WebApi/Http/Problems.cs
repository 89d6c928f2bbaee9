using Microsoft.AspNetCore.Http.HttpResults;

namespace Planck.WebApi.Http;

/// <summary>Writes RFC 9457 problem details whose <c>detail</c> is always a readable sentence.</summary>
public static class Problems
{
    public static ProblemHttpResult Result(int status, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, extensions: extensions);

    public static Task WriteAsync(HttpContext context, int status, string detail, IDictionary<string, object?>? extensions = null) =>
        Result(status, detail, extensions).ExecuteAsync(context);
}
