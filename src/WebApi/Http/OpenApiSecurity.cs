using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Planck.Infrastructure.Options;
using Microsoft.OpenApi;
using Planck.WebApi.Authentication;

namespace Planck.WebApi.Http;

/// <summary>Declares the X-API-Key header in the OpenAPI document, so the reference page can send it.</summary>
public sealed class ApiKeySecurityTransformer : IOpenApiDocumentTransformer
{
    private const string SchemeId = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Planck API";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = PlanckAuthenticationHandler.ApiKeyHeader,
            Description = "A personal API key: pk_live_…",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, document)] = [] }];
        return Task.CompletedTask;
    }
}

/// <summary>
/// The document's server is <c>Planck:PublicUrl</c> when set, else the relative <c>/</c>; never the request's Host
/// header, which any client can forge to make the reference page send keys elsewhere.
/// </summary>
public sealed class ServerUrlTransformer(IOptions<PlanckOptions> options) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var publicUrl = options.Value.PublicUrl;
        var url = Uri.TryCreate(publicUrl, UriKind.Absolute, out var absolute) ? absolute.ToString().TrimEnd('/') : "/";
        document.Servers = [new OpenApiServer { Url = url }];
        return Task.CompletedTask;
    }
}
