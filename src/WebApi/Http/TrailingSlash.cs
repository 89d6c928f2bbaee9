namespace Planck.WebApi.Http;

public static class TrailingSlash
{
    /// <summary>
    /// <c>/api/v1/documents/</c> and <c>/api/v1/documents</c> are the same endpoint. Stripping the slash before
    /// routing keeps every route defined once. Only the API: other pages (the reference) redirect to their slashed form.
    /// </summary>
    public static IApplicationBuilder UseOptionalTrailingSlash(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var path = context.Request.Path.Value;
            if (path is { Length: > 1 } && path[^1] == '/' && path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
            {
                context.Request.Path = new PathString(path.TrimEnd('/'));
            }

            return next(context);
        });
}
