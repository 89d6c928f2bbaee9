using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Planck.Application.Common.Abstractions;
using Planck.Infrastructure.Options;
using Planck.WebApi.Authentication;

namespace Planck.WebApi.Http;

/// <summary>
/// A token bucket per API key (per user for sessions, per address for anonymous calls), refilled every second.
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

    private static TokenBucketRateLimiterOptions Bucket(int perMinute) =>
        new()
        {
            TokenLimit = Math.Max(1, perMinute),
            TokensPerPeriod = Math.Max(1, (int)Math.Ceiling(perMinute / 60.0)),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };

}
