using Planck.Domain.Identity;

namespace Planck.Application.Common.Authorization;

/// <summary>Anyone may send this request, signed in or not.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AllowAnonymousRequestAttribute : Attribute;

/// <summary>Any signed-in caller may send this request.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequireAuthenticatedAttribute : Attribute;

/// <summary>Only callers with the role may send this request.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequireRoleAttribute(Role role) : Attribute
{
    public Role Role { get; } = role;
}

/// <summary>Only a browser session may send this request: a leaked API key must not be able to manage credentials.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequireSessionAttribute : Attribute;

/// <summary>The request acts inside one workspace; the caller must be a member (or an Admin), else it is not found.</summary>
public interface IWorkspaceScoped
{
    Guid WorkspaceId { get; }
}
