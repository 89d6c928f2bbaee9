using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Planck.WebApi.Http;

/// <summary>
/// Serves the web app (the files the WebApp build writes to wwwroot) at every path outside the API's prefixes, and
/// <c>index.html</c> for the app's own routes. It runs before routing, so the files are anonymous and never count
/// against the rate limits: a page load is many requests. ADR 11 says why it is shaped like this.
/// </summary>
public static class WebAppHosting
{
    /// <summary>Scripts only from our origin (no inline, no eval); inline styles because Leaflet and Vega set them.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; "
        + "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Vite names every file under /assets/ by its content's hash, so a name never changes meaning.</summary>
    public const string ImmutableCaching = "public, max-age=31536000, immutable";

    public const string NotBuilt =
        "The web app is not built into this server (it was built with -p:SkipWebApp=true, or wwwroot has no index.html). "
        + "Build it with `dotnet build src/WebApi` (needs Node.js and npm); the API at /api/v1 and its reference at /docs/ work without it.";

    private const string IndexFile = "/index.html";

    private static readonly PathString[] ServerPrefixes = ["/api", "/health", "/openapi", "/docs", Telemetry.MetricsPath];

    private static readonly PathString Assets = "/assets";

    /// <summary>
    /// For the API reference at /docs: the page's own bundled script plus the inline configuration it is served with,
    /// nothing from elsewhere, no framing.
    /// </summary>
    public const string DocsContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string NoStore = "no-store";

    private static readonly PathString Docs = "/docs";

    /// <summary>
    /// <c>nosniff</c> and <c>no-referrer</c> on every response, the API's included; <c>no-store</c> on the responses of
    /// endpoints marked <see cref="CarriesCredentials"/>; the reference page's CSP on /docs. Set as the response starts
    /// so an exception handler's clear cannot drop them.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var context = (HttpContext)state;
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                if (context.GetEndpoint()?.Metadata.GetMetadata<CarriesCredentialsMetadata>() is not null)
                {
                    headers.CacheControl = NoStore;
                    headers.Pragma = "no-cache";
                }

                if (context.Request.Path.StartsWithSegments(Docs, StringComparison.OrdinalIgnoreCase))
                {
                    headers.ContentSecurityPolicy = DocsContentSecurityPolicy;
                }

                return Task.CompletedTask;
            }, context);
            return next(context);
        });

    /// <summary>Marks endpoints whose responses carry a key or a session (or end one), so no cache anywhere keeps them.</summary>
    public static TBuilder CarriesCredentials<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CarriesCredentialsMetadata());

    private sealed class CarriesCredentialsMetadata;

    public static IApplicationBuilder UseWebApp(this IApplicationBuilder app)
    {
        var files = WebRoot(app.ApplicationServices.GetRequiredService<IWebHostEnvironment>());
        var staticFiles = new StaticFileOptions { FileProvider = files, OnPrepareResponse = PrepareResponse };
        return app.UseWhen(
            context => IsForTheApp(context.Request),
            branch => branch.Use((context, next) => RouteToFileAsync(context, next, files)).UseStaticFiles(staticFiles));
    }

    /// <summary>
    /// The configured web root (the content root's wwwroot when it exists), else the wwwroot published beside the
    /// server's assembly: a service started from another working directory still finds its app.
    /// </summary>
    private static IFileProvider WebRoot(IWebHostEnvironment environment)
    {
        string[] candidates = [environment.WebRootPath ?? string.Empty, Path.Combine(AppContext.BaseDirectory, "wwwroot")];
        var root = candidates.FirstOrDefault(path => path.Length > 0 && Directory.Exists(path));
        return root is null ? new NullFileProvider() : new PhysicalFileProvider(root);
    }

    private static bool IsForTheApp(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !ServerPrefixes.Any(prefix => request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// An existing file is served as it is. A path that names a file (under /assets/, or with an extension) and
    /// does not exist is a 404: answering a stale script's URL with HTML would only fail later and more obscurely.
    /// Anything else is one of the app's routes, which the app itself resolves from index.html.
    /// </summary>
    private static Task RouteToFileAsync(HttpContext context, RequestDelegate next, IFileProvider files)
    {
        var path = context.Request.Path;
        if (files.GetFileInfo(path.Value ?? "/").Exists)
        {
            return next(context);
        }

        if (path.StartsWithSegments(Assets, StringComparison.OrdinalIgnoreCase) || Path.HasExtension(path.Value))
        {
            return Problems.WriteAsync(context, StatusCodes.Status404NotFound, $"There is no file at {path}. If the web app was updated meanwhile, reload the page.");
        }

        if (!files.GetFileInfo(IndexFile).Exists)
        {
            return Problems.WriteAsync(context, StatusCodes.Status404NotFound, NotBuilt);
        }

        context.Request.Path = IndexFile;
        return next(context);
    }

    private static void PrepareResponse(StaticFileResponseContext file)
    {
        var headers = file.Context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        // index.html and the unhashed public files must be revalidated so a new release is picked up at once.
        headers.CacheControl = file.Context.Request.Path.StartsWithSegments(Assets, StringComparison.OrdinalIgnoreCase) ? ImmutableCaching : "no-cache";
    }
}
