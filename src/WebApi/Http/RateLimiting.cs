using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Planck.Application.Common.Abstractions;
using Planck.Infrastructure.Options;
using Planck.WebApi.Authentication;

namespace Planck.WebApi.Http;

/// <summary>
/// A token bucket per API key (per user for sessions, per address for anonymous calls), refilled steadily at the configured rate per minute.
/// Rejections are 429 with Retry-After rather than the framework's default 503, and are logged with who was refused: the
/// key or user id, or for anonymous calls the client address (after forwarded headers from known proxies only).
/// </summary>
public static partial class RateLimiting
{
    public static IServiceCollection AddPlanckRateLimiting(this IServiceCollection services, RateLimitingOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = ExceptionToProblemHandler.RetryAfterSeconds(retryAfter);
                context.HttpContext.Response.Headers.RetryAfter = seconds;
                LogRejected(
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimiting).FullName!),
                    Partition(context.HttpContext).Key,
                    context.HttpContext.Request.Method,
                    context.HttpContext.Request.Path);
                return new ValueTask(Problems.WriteAsync(
                    context.HttpContext, StatusCodes.Status429TooManyRequests, $"Rate limit exceeded. Retry after {seconds} seconds."));
            };

            if (!options.Enabled)
            {
                return;
            }

            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var (partition, anonymous) = Partition(context);
                return RateLimitPartition.GetTokenBucketLimiter(
                    partition, _ => Bucket(anonymous ? options.AnonymousRequestsPerMinute : options.RequestsPerMinute));
            });
        });
        return services;
    }

    /// <summary>Whose allowance a request spends: an API key's, a signed-in user's, or an anonymous client address's.</summary>
    private static (string Key, bool Anonymous) Partition(HttpContext context) => context.GetCaller() switch
    {
        { Method: AuthenticationMethod.ApiKey } caller => ("key:" + caller.CredentialId, false),
        { } caller => ("user:" + caller.UserId, false),
        null => ("address:" + context.Connection.RemoteIpAddress?.ToString(), true),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit exceeded for {Partition} on {Method} {Path}; answered 429")]
    private static partial void LogRejected(ILogger logger, string partition, string method, PathString path);

    /// <summary>
    /// Refills at exactly <paramref name="perMinute"/> tokens a minute: whole tokens about every second for large limits,
    /// one token every 60/<paramref name="perMinute"/> seconds for limits under 60 a minute.
    /// </summary>
    private static TokenBucketRateLimiterOptions Bucket(int perMinute)
    {
        var limit = Math.Max(1, perMinute);
        var tokensPerPeriod = Math.Max(1, limit / 60);
        return new()
        {
            TokenLimit = limit,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerMinute * tokensPerPeriod / limit),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
