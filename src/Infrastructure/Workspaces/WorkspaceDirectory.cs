using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Paging;
using Planck.Application.Workspaces;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Workspaces;

/// <summary>
/// Lists the workspaces a caller may see with EF's precompiled queries: the LINQ tree is translated once, so a
/// request costs one parameterised SQL statement and the materialisation, not a walk of the expression tree
/// (docs/benchmarks.md). This is where the visibility rule lives: an Admin sees every workspace, a User those
/// they are a member of, ordered by name then id.
/// </summary>
public sealed class WorkspaceDirectory(PlanckDbContext db) : IWorkspaceDirectory
{
    public async Task<Page<WorkspaceDto>> ListVisibleAsync(Caller caller, IPagedRequest page, CancellationToken cancellationToken)
    {
        var items = db switch
        {
            SqlitePlanckDbContext sqlite => await CompiledFor<SqlitePlanckDbContext>.PageAsync(sqlite, caller, page, cancellationToken),
            PostgresPlanckDbContext postgres => await CompiledFor<PostgresPlanckDbContext>.PageAsync(postgres, caller, page, cancellationToken),
            _ => throw new NotSupportedException($"No compiled queries for {db.GetType().Name}."),
        };

        var count = Paging.TotalIfPageEndsTheList(page, items.Count)
            ?? (caller.IsAdmin
                ? await db.Workspaces.CountAsync(cancellationToken)
                : await db.WorkspaceMembers.CountAsync(m => m.UserId == caller.UserId, cancellationToken));
        return new Page<WorkspaceDto>(items, count);
    }

    /// <summary>
    /// One set of compiled queries per context type: a compiled query binds to the provider that first runs it,
    /// and one process can host both (the test suite does).
    /// </summary>
    private static class CompiledFor<TContext>
        where TContext : PlanckDbContext
    {
        private static readonly Func<TContext, int, int, IAsyncEnumerable<WorkspaceDto>> AllWorkspaces =
            EF.CompileAsyncQuery((TContext context, int offset, int limit) =>
                context.Workspaces.AsNoTracking()
                    .OrderBy(w => w.Name).ThenBy(w => w.Id)
                    .Skip(offset).Take(limit)
                    .Select(w => new WorkspaceDto(w.Id, w.Name, w.Description, w.CreatedAt)));

        private static readonly Func<TContext, Guid, int, int, IAsyncEnumerable<WorkspaceDto>> MemberWorkspaces =
            EF.CompileAsyncQuery((TContext context, Guid userId, int offset, int limit) =>
                context.Workspaces.AsNoTracking()
                    .Where(w => w.Members.Any(m => m.UserId == userId))
                    .OrderBy(w => w.Name).ThenBy(w => w.Id)
                    .Skip(offset).Take(limit)
                    .Select(w => new WorkspaceDto(w.Id, w.Name, w.Description, w.CreatedAt)));

        public static async Task<List<WorkspaceDto>> PageAsync(TContext context, Caller caller, IPagedRequest page, CancellationToken cancellationToken)
        {
            var rows = caller.IsAdmin
                ? AllWorkspaces(context, page.Offset, page.Limit)
                : MemberWorkspaces(context, caller.UserId, page.Offset, page.Limit);
            var items = new List<WorkspaceDto>();
            await foreach (var item in rows.WithCancellation(cancellationToken))
            {
                items.Add(item);
            }

            return items;
        }
    }
}
