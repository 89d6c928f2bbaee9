using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Planck.Application.Common.Exceptions;
using Planck.Domain.Common;

namespace Planck.WebApi.Http;

/// <summary>
/// Maps the application's closed set of failures, and the framework's request-reading failures, to problem
/// details. Expected failures are not errors and are not logged as such; anything else is a 500 with a trace id.
/// </summary>
public sealed partial class ExceptionToProblemHandler(ILogger<ExceptionToProblemHandler> logger) : IExceptionHandler
{
    /// <summary>An empty body, or the JSON <c>null</c>, where an endpoint takes one.</summary>
    public const string BodyRequired = "The request body is required.";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        var (status, detail, extensions) = Describe(httpContext, exception);
        if (status == StatusCodes.Status500InternalServerError)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }
        else if (status == StatusCodes.Status503ServiceUnavailable)
        {
            LogTransient(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = "1";
        }

        if (exception is TooManyRequestsException tooMany)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds(tooMany.RetryAfter);
        }

        if (status == StatusCodes.Status413PayloadTooLarge)
        {
            // Whatever is left of an oversized body is not worth reading on this connection (see UploadOverLimit).
            httpContext.Response.Headers.Connection = "close";
        }

        await Problems.WriteAsync(httpContext, status, detail, extensions);
        return true;
    }

    /// <summary>A dropped connection or failover: worth a retry by the client, not an error in the server.</summary>
    private static bool IsTransientDatabaseFailure(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is System.Data.Common.DbException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    public static string RetryAfterSeconds(TimeSpan retryAfter) =>
        Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static (int Status, string Detail, Dictionary<string, object?>? Extensions) Describe(HttpContext context, Exception exception) =>
        exception switch
        {
            RequestValidationException validation => (400, validation.Message, new() { ["errors"] = validation.Errors }),
            SessionRequiredException => (403, $"This endpoint is not available via API key: {context.Request.Method} {context.Request.Path}", null),
            ForbiddenException => (403, exception.Message, null),
            NotFoundException => (404, exception.Message, null),
            ConflictException => (409, exception.Message, null),
            UnauthenticatedException => (401, exception.Message, null),
            TooManyRequestsException => (429, exception.Message, null),
            PayloadTooLargeException => (413, exception.Message, null),
            UnsupportedMediaTypeException => (415, exception.Message, null),
            DomainRuleException => (400, exception.Message, null),
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } when HasNoBody(context.Request) => (400, BodyRequired, null),
            BadHttpRequestException badRequest => (badRequest.StatusCode, DescribeBadRequest(badRequest), null),
            _ when IsTransientDatabaseFailure(exception) => (503, "The database is temporarily unavailable. Retry in a moment.", null),
            _ => (500, "Internal server error", new() { ["trace_id"] = Activity.Current?.Id ?? context.TraceIdentifier }),
        };

    private static string DescribeBadRequest(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            return json.Path is { Length: > 1 } path
                ? $"The request body is not valid: the value at {path} has the wrong type or format."
                : "The request body is not valid JSON.";
        }

        var binding = BindingFailure().Match(exception.Message);
        if (binding.Success)
        {
            var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(binding.Groups["name"].Value);
            var expected = binding.Groups["type"].Value switch
            {
                "Guid" => "a UUID",
                "int" or "Int32" or "Nullable<int>" => "a whole number",
                _ => "a valid value",
            };
            return $"{name} must be {expected}; got \"{binding.Groups["value"].Value}\".";
        }

        var required = RequiredParameter().Match(exception.Message);
        return exception.StatusCode switch
        {
            StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON (Content-Type: application/json).",
            StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
            _ when IsMissingBody(exception.Message) => BodyRequired,
            _ when required.Success => $"{JsonNamingPolicy.SnakeCaseLower.ConvertName(required.Groups["name"].Value)} is required.",
            _ => "The request could not be read.",
        };
    }

    /// <summary>Sent without a body (and so without a content type): the body is missing, not of the wrong type.</summary>
    private static bool HasNoBody(HttpRequest request) =>
        request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any(value => value?.Length > 0));

    /// <summary>
    /// The framework's wording for an absent body ("Implicit body inferred for parameter … but no body was provided",
    /// "Required parameter … was not provided from body") names its own parameters and types; none of it is shown.
    /// </summary>
    private static bool IsMissingBody(string message) =>
        message.StartsWith("Implicit body inferred", StringComparison.Ordinal)
        || (message.StartsWith("Required parameter", StringComparison.Ordinal) && message.EndsWith("from body.", StringComparison.Ordinal));

    [GeneratedRegex("""^Required parameter "(?<type>[^ "]+) (?<name>[^"]+)" was not provided""")]
    private static partial Regex RequiredParameter();

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^ "]+) (?<name>[^"]+)" from "(?<value>.*)"\.$""")]
    private static partial Regex BindingFailure();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transient database failure in {Method} {Path}; answered 503")]
    private static partial void LogTransient(ILogger logger, Exception exception, string method, PathString path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path);
}
