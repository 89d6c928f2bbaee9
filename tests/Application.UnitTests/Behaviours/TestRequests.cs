using Mediator;
using Planck.Application.Common.Authorization;
using Planck.Domain.Identity;

namespace Planck.Application.UnitTests.Behaviours;

// Test-only requests: each declares one authorization rule, or none. Nothing dispatches them through a mediator;
// the behaviours are called directly, so no source generator is involved.

public sealed record UndeclaredCommand : ICommand<string>;

public sealed record UndeclaredQuery : IQuery<string>;

[AllowAnonymousRequest]
public sealed record AnonymousCommand : ICommand<string>;

[RequireAuthenticated]
public sealed record AuthenticatedQuery : IQuery<string>;

[RequireRole(Role.Admin)]
public sealed record AdminCommand : ICommand<string>;

[RequireSession]
public sealed record SessionCommand : ICommand<string>;

public sealed record WorkspaceQuery(Guid WorkspaceId) : IQuery<string>, IWorkspaceScoped;

[RequireAuthenticated]
public sealed record UnitCommand : ICommand;

[RequireAuthenticated]
public sealed record ProfileCommand(string? FullName, string? EmailAddress, Address? HomeAddress) : ICommand<string>;

public sealed record Address(string? PostCode);
public sealed record DocumentQuery(Guid DocumentId) : IQuery<string>, IDocumentScoped;

public sealed record ConversationQuery(Guid WorkspaceId, Guid ConversationId) : IQuery<string>, IConversationScoped;
