using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Planck.Application;
using Planck.Application.Chat.Answering;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Behaviours;
using Planck.Infrastructure;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Persistence;
using Planck.WebApi.Authentication;
using Planck.WebApi.Cli;
using Planck.WebApi.Endpoints;
using Planck.WebApi.Http;
using Scalar.AspNetCore;

var isVerb = ProvisioningCommandLine.IsVerb(args) || BackupCommandLine.IsVerb(args);
var builder = WebApplication.CreateBuilder(isVerb ? [] : args);

// No Server header: what runs the server is nobody's business but its operator's.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

var planckOptions = builder.Configuration.GetSection(PlanckOptions.Section).Get<PlanckOptions>() ?? new PlanckOptions();
builder.Services.AddApplication();
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddScoped<CurrentUser>();
builder.Services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());
builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.PipelineBehaviors =
    [
        typeof(LoggingBehaviour<,>),
        typeof(AuthorizationBehaviour<,>),
        typeof(ValidationBehaviour<,>),
        typeof(TransactionBehaviour<,>),
        typeof(AuditBehaviour<,>),
    ];
    options.StreamPipelineBehaviors =
    [
        typeof(AnswerTelemetryBehaviour<,>),
        typeof(StreamLoggingBehaviour<,>),
        typeof(StreamAuthorizationBehaviour<,>),
        typeof(StreamValidationBehaviour<,>),
        typeof(AnswerSlotBehaviour<,>),
    ];
});

if (!isVerb)
{
    builder.Services.AddDatabaseInitialization();
}

builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    json.SerializerOptions.DictionaryKeyPolicy = null;
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
    json.SerializerOptions.Converters.Add(new NulFreeStringConverter());
});
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ExceptionToProblemHandler>();

builder.Services.AddAuthentication(PlanckAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, PlanckAuthenticationHandler>(PlanckAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

builder.AddPlanckTelemetry(planckOptions.Telemetry);
builder.Services.AddPlanckTransportSecurity(planckOptions.ForwardedHeaders);
builder.Services.AddPlanckRateLimiting(planckOptions.RateLimiting);
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer<ApiKeySecurityTransformer>().AddDocumentTransformer<ServerUrlTransformer>());

var app = builder.Build();

if (isVerb)
{
    return BackupCommandLine.IsVerb(args) ? await BackupCommandLine.RunAsync(app, args) : await ProvisioningCommandLine.RunAsync(app, args);
}

app.UseSecurityHeaders();
app.UsePlanckTransportSecurity();
app.UsePlanckMetrics(planckOptions.Telemetry);
app.UseExceptionHandler();
app.UseStatusCodePages(async statusContext =>
{
    var context = statusContext.HttpContext;
    var detail = context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => $"No endpoint matches {context.Request.Method} {context.Request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}.",
        StatusCodes.Status415UnsupportedMediaType =>
            $"{context.Request.Method} {context.Request.Path} does not accept a body of type {context.Request.ContentType ?? "(none)"}; see the API reference at /docs/ for what it takes.",
        var status => $"The request failed with status {status}.",
    };
    await Problems.WriteAsync(context, context.Response.StatusCode, detail);
});
app.UseOptionalTrailingSlash();
app.UseWebApp();
app.UseRouting();
app.UseAuthentication();
app.UseCallerForApplication();
app.UseMiddleware<CrossSiteRequestGuard>();
app.UseRateLimiter();
app.UseAuthorization();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().DisableRateLimiting();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous().DisableRateLimiting();
app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference("/docs", scalar => scalar.WithTitle("Planck API")).AllowAnonymous();

var api = app.MapGroup("/api/v1");
IdentityEndpoints.Map(api);
AdminEndpoints.Map(api);
WorkspaceEndpoints.Map(api);
DocumentEndpoints.Map(api);
ChatEndpoints.Map(api);
ConversationEndpoints.Map(api);
DatabaseEndpoints.Map(api);
UsageEndpoints.Map(api);
AuditEndpoints.Map(api);
ServerEndpoints.Map(api);

await app.RunAsync();
return 0;

/// <summary>Exposed so functional tests can host the server in-process.</summary>
public partial class Program;
