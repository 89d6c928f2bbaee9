using Microsoft.Extensions.DependencyInjection;

namespace Planck.Infrastructure.Databases;

internal static class DatabasesRegistration
{
    /// <summary>The engines behind connected databases and uploaded tables.</summary>
    public static IServiceCollection AddDatabases(this IServiceCollection services) => services;
}
