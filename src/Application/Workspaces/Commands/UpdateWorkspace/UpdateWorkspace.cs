using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;
using Planck.Domain.Identity;

namespace Planck.Application.Workspaces.Commands.UpdateWorkspace;

/// <summary>Renames or re-describes a workspace; fields left out stay as they are.</summary>
[RequireRole(Role.Admin)]
public sealed record UpdateWorkspaceCommand(Guid WorkspaceId, string? Name, string? Description) : ICommand<WorkspaceDto>, IAuditedCommand<WorkspaceDto>
{
    public AuditEvent Audit(WorkspaceDto response) =>
        new("workspace.updated", WorkspaceId, AuditTargets.Workspace, WorkspaceId, new { Name = Name is null ? null : response.Name, DescriptionChanged = Description is not null });
}

public sealed class UpdateWorkspaceHandler(IApplicationDbContext db) : ICommandHandler<UpdateWorkspaceCommand, WorkspaceDto>
{
    public async ValueTask<WorkspaceDto> Handle(UpdateWorkspaceCommand command, CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.FirstOrDefaultAsync(w => w.Id == command.WorkspaceId, cancellationToken)
            ?? throw new NotFoundException(WorkspaceRules.NotFound);
        if (command.Name is not null)
        {
            workspace.Rename(command.Name);
        }

        if (command.Description is not null)
        {
            workspace.Describe(command.Description);
        }

        await db.SaveChangesAsync(cancellationToken);
        return workspace.ToDto();
    }
}

public sealed class UpdateWorkspaceValidator : AbstractValidator<UpdateWorkspaceCommand>
{
    public UpdateWorkspaceValidator()
    {
        RuleFor(c => c.Name).ValidWorkspaceName().When(c => c.Name is not null);
        RuleFor(c => c.Description).ValidWorkspaceDescription();
        RuleFor(c => c).Must(c => c.Name is not null || c.Description is not null)
            .OverridePropertyName("body")
            .WithMessage("Give at least one of name or description.");
    }
}
