using Planck.Domain.Workspaces;
using Riok.Mapperly.Abstractions;

namespace Planck.Application.Workspaces;

[Mapper]
public static partial class WorkspaceMapper
{
    [MapperIgnoreSource(nameof(Workspace.Members))]
    public static partial WorkspaceDto ToDto(this Workspace workspace);
}
