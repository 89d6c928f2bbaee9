using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Paging;

namespace Planck.Application.Workspaces;

public static class MemberQueries
{
    public static Task<Page<MemberDto>> MembersPageAsync(this IApplicationDbContext db, Guid workspaceId, IPagedRequest page, CancellationToken cancellationToken) =>
        db.WorkspaceMembers.AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.AddedAt, User = u })
            .OrderBy(x => x.AddedAt).ThenBy(x => x.User.Id)
            .Select(x => new MemberDto(x.User.Id, x.User.Email, x.User.FullName, x.User.Role.ToString(), x.User.IsActive, x.AddedAt))
            .ToPageAsync(page, cancellationToken);
}
