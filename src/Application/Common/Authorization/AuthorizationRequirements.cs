using System.Collections.Concurrent;
using System.Reflection;
using Planck.Domain.Identity;

namespace Planck.Application.Common.Authorization;

/// <summary>What a request type declares it needs. Read once per type by reflection and cached.</summary>
public sealed record AuthorizationRequirements(
    bool AllowsAnonymous,
    bool RequiresAuthentication,
    Role? RequiredRole,
    bool RequiresSession,
    bool IsWorkspaceScoped,
    bool IsDocumentScoped,
    bool IsConversationScoped)
{
    private static readonly ConcurrentDictionary<Type, AuthorizationRequirements> Cache = new();

    /// <summary>True when the type says nothing about who may send it; such a request is refused (fail-closed).</summary>
    public bool DeclaresNothing =>
        !AllowsAnonymous && !RequiresAuthentication && RequiredRole is null && !RequiresSession
        && !IsWorkspaceScoped && !IsDocumentScoped && !IsConversationScoped;

    /// <summary>True when the request names a workspace, document or conversation that an <see cref="IAccessRule"/> must check.</summary>
    public bool IsScoped => IsWorkspaceScoped || IsDocumentScoped || IsConversationScoped;

    public static AuthorizationRequirements For(Type requestType) => Cache.GetOrAdd(requestType, Read);

    private static AuthorizationRequirements Read(Type type) =>
        new(
            type.GetCustomAttribute<AllowAnonymousRequestAttribute>() is not null,
            type.GetCustomAttribute<RequireAuthenticatedAttribute>() is not null,
            type.GetCustomAttribute<RequireRoleAttribute>()?.Role,
            type.GetCustomAttribute<RequireSessionAttribute>() is not null,
            typeof(IWorkspaceScoped).IsAssignableFrom(type),
            typeof(IDocumentScoped).IsAssignableFrom(type),
            typeof(IConversationScoped).IsAssignableFrom(type));
}
