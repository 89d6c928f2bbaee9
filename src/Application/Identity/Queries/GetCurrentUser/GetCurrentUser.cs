using Mediator;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;

namespace Planck.Application.Identity.Queries.GetCurrentUser;

/// <summary>The caller's own user, answered from what authentication established: no database round trip.</summary>
[RequireAuthenticated]
public sealed record GetCurrentUserQuery : IQuery<UserDto>;

public sealed class GetCurrentUserHandler(ICurrentUser currentUser) : IQueryHandler<GetCurrentUserQuery, UserDto>
{
    public ValueTask<UserDto> Handle(GetCurrentUserQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(currentUser.Caller!.ToUserDto());
}
