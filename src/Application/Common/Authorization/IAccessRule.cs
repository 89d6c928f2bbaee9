using Planck.Application.Common.Abstractions;

namespace Planck.Application.Common.Authorization;

/// <summary>
/// How one module's requests are checked beyond role and sign-in: a workspace-, document-, conversation- or
/// database-scoped resolver. Each module registers its own in DI, so the shared behaviour names no module.
/// </summary>
public interface IAccessRule
{
    /// <summary>Lower runs first: the workspace rule runs before the rules that assume the caller may see the workspace.</summary>
    int Order { get; }

    bool AppliesTo(Type requestType);

    /// <summary>Null when the caller may go on; otherwise the "not found" detail, so nobody learns what exists.</summary>
    ValueTask<string?> RefusalAsync(object request, Caller caller, CancellationToken cancellationToken);
}

/// <summary>The order the product's rules run in; a module's own rule takes the slot after what it assumes.</summary>
public static class AccessRuleOrder
{
    public const int Workspace = 0;
    public const int WithinWorkspace = 10;
}
