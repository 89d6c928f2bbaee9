namespace Planck.Application.Common.Exceptions;

/// <summary>The closed set of expected failures. Each maps to one HTTP status; the message is shown to the caller.</summary>
public abstract class PlanckException(string detail) : Exception(detail);

public sealed class NotFoundException(string detail) : PlanckException(detail);

public class ForbiddenException(string detail) : PlanckException(detail);

/// <summary>A credential-management request arrived with an API key. The HTTP layer names the method and path.</summary>
public sealed class SessionRequiredException() : ForbiddenException("This endpoint is not available via API key.");

public sealed class ConflictException(string detail) : PlanckException(detail);

public sealed class UnauthenticatedException(string detail) : PlanckException(detail);

public sealed class TooManyRequestsException(string detail, TimeSpan retryAfter) : PlanckException(detail)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : PlanckException(BuildDetail(errors))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public RequestValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    private static string BuildDetail(IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count == 0
            ? "The request is not valid."
            : string.Join(" ", errors.SelectMany(e => e.Value));
}

/// <summary>An upload larger than the configured limit (413).</summary>
public sealed class PayloadTooLargeException(string detail) : PlanckException(detail);

/// <summary>An upload of a type the server does not read (415).</summary>
public sealed class UnsupportedMediaTypeException(string detail) : PlanckException(detail);
