using System.Reflection;

namespace Planck.Architecture.Tests;

internal static class Assemblies
{
    public static readonly Assembly Domain = typeof(Planck.Domain.Identity.User).Assembly;
    public static readonly Assembly Application = typeof(Planck.Application.DependencyInjection).Assembly;
    public static readonly Assembly Infrastructure = typeof(Planck.Infrastructure.DependencyInjection).Assembly;
    public static readonly Assembly WebApi = typeof(Program).Assembly;

    public static readonly Assembly[] All = [Domain, Application, Infrastructure, WebApi];

    public static Assembly Named(string layer) =>
        layer switch
        {
            "Domain" => Domain,
            "Application" => Application,
            "Infrastructure" => Infrastructure,
            "WebApi" => WebApi,
            _ => throw new ArgumentOutOfRangeException(nameof(layer), layer, "Unknown layer."),
        };
}
