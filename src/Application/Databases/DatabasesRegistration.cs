using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Common.Authorization;
using Planck.Application.Databases.Access;
using Planck.Application.Databases.Engines;

namespace Planck.Application.Databases;

public static class DatabasesRegistration
{
    /// <summary>The Databases module's services besides its handlers: options, the database rule, the directory. Engines come from Infrastructure.</summary>
    public static IServiceCollection AddDatabasesModule(this IServiceCollection services)
    {
        services.AddOptions<DatabasesOptions>().BindConfiguration(DatabasesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DatabaseEngines>();
        services.AddScoped<DatabaseDirectory>();
        services.AddScoped<IAccessRule, DatabaseAccessRule>();
        services.AddScoped<WorkspaceContexts.WorkspaceContextStore>();
        services.AddSingleton<Answering.WorkspaceQueryLimiter>();
        services.AddScoped<Chat.Answering.Context.IContextSource, Answering.DatabaseQuerySource>();
        services.AddScoped<Chat.Answering.Context.IWorkspaceGlossary, WorkspaceContexts.ContextGlossary>();
        return services;
    }
}
