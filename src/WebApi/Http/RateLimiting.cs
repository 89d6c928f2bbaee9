using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Planck.Application.Common.Abstractions;
using Planck.Infrastructure.Options;
using Planck.WebApi.Authentication;

namespace Planck.WebApi.Http;

/// <summary>
/// A token bucket per API key (per user for sessions, per address for anonymous calls), refilled steadily at the configured rate per minute.
/// Rejections are 429 with Retry-After rather than the framework's default 503.
/// </summary>
public static class RateLimiting
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
                return new ValueTask(Problems.WriteAsync(
                    context.HttpContext, StatusCodes.Status429TooManyRequests, $"Rate limit exceeded. Retry after {seconds} seconds."));
            };

            if (!options.Enabled)
            {
                return;
            }

            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var caller = context.GetCaller();
                var (partition, perMinute) = caller switch
                {
                    { Method: AuthenticationMethod.ApiKey } => ("key:" + caller.CredentialId, options.RequestsPerMinute),
                    not null => ("user:" + caller.UserId, options.RequestsPerMinute),
                    null => ("address:" + context.Connection.RemoteIpAddress?.ToString(), options.AnonymousRequestsPerMinute),
                };
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => Bucket(perMinute));
            });
        });
        return services;
    }

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
