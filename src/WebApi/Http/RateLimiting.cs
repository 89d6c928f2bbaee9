using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Planck.Infrastructure.Options;
using Planck.WebApi.Authentication;

namespace Planck.WebApi.Http;

/// <summary>
/// At most the configured number of requests in any minute per user (across all their API keys and sessions) and per
/// client address for anonymous calls. A sliding window, not a token bucket: a bucket holding a minute's allowance
/// also refills during a burst, so a burst of a few seconds got the whole allowance plus the refill (8 concurrent
/// clients sent 344 of 400 through a 300-a-minute limit). The window counts in twelve 5-second segments.
/// Rejections are 429 with Retry-After rather than the framework's default 503, and are logged with who was refused: the
/// user id, or for anonymous calls the client address (after forwarded headers from known proxies only).
/// </summary>
public static partial class RateLimiting
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public const int SegmentsPerWindow = 12;

    public static IServiceCollection AddPlanckRateLimiting(this IServiceCollection services, RateLimitingOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                // The sliding window's lease carries no wait; the next segment leaving the window is what may free room.
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window / SegmentsPerWindow;
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
                return RateLimitPartition.GetSlidingWindowLimiter(partition, _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, anonymous ? options.AnonymousRequestsPerMinute : options.RequestsPerMinute),
                    Window = Window,
                    SegmentsPerWindow = SegmentsPerWindow,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        return services;
    }

    /// <summary>Whose allowance a request spends: a user's (across all their keys and sessions) or an anonymous client address's.</summary>
    private static (string Key, bool Anonymous) Partition(HttpContext context) => context.GetCaller() switch
    {
        { } caller => ("user:" + caller.UserId, false),
        null => ("address:" + context.Connection.RemoteIpAddress?.ToString(), true),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit exceeded for {Partition} on {Method} {Path}; answered 429")]
    private static partial void LogRejected(ILogger logger, string partition, string method, PathString path);
}
