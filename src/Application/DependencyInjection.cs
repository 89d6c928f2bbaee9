using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Chat;
using Planck.Application.Databases;
using Planck.Application.Identity;

namespace Planck.Application;

public static class DependencyInjection
{
    /// <summary>Registers the application's own services. Handlers and behaviours are registered by the Mediator generator in the host.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddScoped<ApiKeyIssuer>();
        services.AddScoped<ApiKeyRevoker>();
        services.AddScoped<Documents.DocumentRemover>();
        services.AddScoped<Common.Authorization.RequestAuthorizer>();
        services.AddScoped<Common.Auditing.AuditLog>();
        services.AddScoped<Common.Authorization.IAccessRule, Workspaces.Access.WorkspaceAccessRule>();
        services.AddScoped<Common.Authorization.IAccessRule, Documents.Access.DocumentAccessRule>();
        services.AddScoped<Backup.CreateBackup>();
        services.AddScoped<Backup.RestoreBackup>();
        services.AddChat();
        services.AddDatabasesModule();
        return services;
    }
}
