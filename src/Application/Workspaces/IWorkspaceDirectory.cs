using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Paging;

namespace Planck.Application.Workspaces;

/// <summary>
/// The hot read of the Workspaces module: which workspaces a caller sees, one page at a time. It is the busiest
/// query an integration makes, so its implementation uses precompiled queries (see docs/benchmarks.md).
/// </summary>
public interface IWorkspaceDirectory
{
    Task<Page<WorkspaceDto>> ListVisibleAsync(Caller caller, IPagedRequest page, CancellationToken cancellationToken);
}
