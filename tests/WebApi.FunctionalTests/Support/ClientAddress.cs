using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Planck.WebApi.FunctionalTests.Support;

/// <summary>
/// The in-process test server gives every request the same (empty) client address. A derived server built with
/// <see cref="UseClientAddressHeader"/> takes the address from <see cref="Header"/> instead, so tests can act as
/// several clients. Only for test servers: the production pipeline has no such header.
/// </summary>
public static class ClientAddress
{
    public const string Header = "X-Test-Client-Address";

    public static IWebHostBuilder UseClientAddressHeader(this IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, ClientAddressStartupFilter>());

    private sealed class ClientAddressStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
            app =>
            {
                app.Use((context, nextMiddleware) =>
                {
                    if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
                    {
                        context.Connection.RemoteIpAddress = address;
                    }

                    return nextMiddleware(context);
                });
                next(app);
            };
    }
}
