using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Common.Authorization;

/// <summary>
/// Fail-closed: a request must declare who may send it, or nobody may. Shared by the request and the stream
/// pipelines. Scope checks come from the modules' <see cref="IAccessRule"/>s; a request declaring a scope that no
/// registered rule checks is refused rather than let through.
/// </summary>
public sealed class RequestAuthorizer(ICurrentUser currentUser, IEnumerable<IAccessRule> rules)
{
    private readonly IAccessRule[] _rules = rules.OrderBy(r => r.Order).ToArray();

    public async ValueTask AuthorizeAsync(object request, CancellationToken cancellationToken)
    {
        var type = request.GetType();
        var requirements = AuthorizationRequirements.For(type);
        if (requirements.DeclaresNothing)
        {
            throw new ForbiddenException($"Request {type.Name} declares no authorization rule and is refused.");
        }

        if (requirements.AllowsAnonymous)
        {
            return;
        }

        var caller = currentUser.Caller;
        if (caller is null || !caller.IsActive)
        {
            throw new UnauthenticatedException("Invalid or missing API key");
        }

        if (requirements.RequiresSession && caller.Method != AuthenticationMethod.Session)
        {
            throw new SessionRequiredException();
        }

        if (requirements.RequiredRole is { } role && caller.Role != role)
        {
            throw new ForbiddenException($"This endpoint requires the {role} role.");
        }

        var applying = _rules.Where(r => r.AppliesTo(type)).ToList();
        if (requirements.IsScoped && applying.Count == 0)
        {
            throw new ForbiddenException($"Request {type.Name} is scoped but no access rule checks it, so it is refused.");
        }

        foreach (var rule in applying)
        {
            if (await rule.RefusalAsync(request, caller, cancellationToken) is { } refusal)
            {
                throw new NotFoundException(refusal);
            }
        }
    }
}
