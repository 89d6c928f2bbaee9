using FluentValidation;
using Mediator;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Domain.Identity;
using Planck.Domain.Workspaces;

namespace Planck.Application.Workspaces.Commands.CreateWorkspace;

[RequireRole(Role.Admin)]
public sealed record CreateWorkspaceCommand(string? Name, string? Description) : ICommand<WorkspaceDto>, IAuditedCommand<WorkspaceDto>
{
    public AuditEvent Audit(WorkspaceDto response) => new("workspace.created", response.Id, AuditTargets.Workspace, response.Id, new { response.Name });
}

public sealed class CreateWorkspaceHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<CreateWorkspaceCommand, WorkspaceDto>
{
    public async ValueTask<WorkspaceDto> Handle(CreateWorkspaceCommand command, CancellationToken cancellationToken)
    {
        var workspace = Workspace.Create(command.Name!, command.Description, clock.GetUtcNow());
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync(cancellationToken);
        return workspace.ToDto();
    }
}

public sealed class CreateWorkspaceValidator : AbstractValidator<CreateWorkspaceCommand>
{
    public CreateWorkspaceValidator()
    {
        RuleFor(c => c.Name).ValidWorkspaceName();
        RuleFor(c => c.Description).ValidWorkspaceDescription();
    }
}
