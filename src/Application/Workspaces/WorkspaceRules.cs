using FluentValidation;
using Planck.Domain.Workspaces;

namespace Planck.Application.Workspaces;

public static class WorkspaceRules
{
    public const string NotFound = "Workspace not found.";

    public static IRuleBuilderOptions<T, string?> ValidWorkspaceName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("name is required.")
            .MaximumLength(Workspace.MaxNameLength).WithMessage($"name must be at most {Workspace.MaxNameLength} characters.");

    public static IRuleBuilderOptions<T, string?> ValidWorkspaceDescription<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(Workspace.MaxDescriptionLength).WithMessage($"description must be at most {Workspace.MaxDescriptionLength} characters.");
}
