using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;
using Planck.Application.Common.Paging;
using Planck.Application.Workspaces.Specifications;
using Planck.Domain.Identity;

namespace Planck.Application.Workspaces.Commands.AddMembers;

/// <summary>Adds users to a workspace; users already there are left as they are. Returns the whole member list.</summary>
[RequireRole(Role.Admin)]
public sealed record AddMembersCommand(Guid WorkspaceId, IReadOnlyList<Guid>? UserIds) : ICommand<Page<MemberDto>>, IAuditedCommand<Page<MemberDto>>
{
    public AuditEvent Audit(Page<MemberDto> response) =>
        new("member.added", WorkspaceId, AuditTargets.Workspace, WorkspaceId, new { UserIds = UserIds!.Distinct().ToList() });
}

public sealed class AddMembersHandler(IApplicationDbContext db, ISpecificationEvaluator evaluator, TimeProvider clock)
    : ICommandHandler<AddMembersCommand, Page<MemberDto>>
{
    public const int MaxUsersPerCall = 500;

    public async ValueTask<Page<MemberDto>> Handle(AddMembersCommand command, CancellationToken cancellationToken)
    {
        var workspace = await evaluator.Apply(db.Workspaces, new WorkspaceWithMembersSpec(command.WorkspaceId)).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException(WorkspaceRules.NotFound);

        var userIds = command.UserIds!.Distinct().ToList();
        var users = await db.Users.Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.IsActive }).ToListAsync(cancellationToken);

        var unknown = userIds.Except(users.Select(u => u.Id)).ToList();
        if (unknown.Count > 0)
        {
            throw new NotFoundException($"User not found: {string.Join(", ", unknown)}.");
        }

        var inactive = users.Where(u => !u.IsActive).Select(u => u.Id).ToList();
        if (inactive.Count > 0)
        {
            throw new RequestValidationException("user_ids", $"Inactive users cannot be added to a workspace: {string.Join(", ", inactive)}.");
        }

        var now = clock.GetUtcNow();
        foreach (var userId in userIds)
        {
            workspace.AddMember(userId, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return await db.MembersPageAsync(workspace.Id, new AllMembers(), cancellationToken);
    }

    private sealed record AllMembers : IPagedRequest
    {
        public int Limit => int.MaxValue;
        public int Offset => 0;
    }
}

public sealed class AddMembersValidator : AbstractValidator<AddMembersCommand>
{
    public AddMembersValidator()
    {
        RuleFor(c => c.UserIds).NotEmpty().WithMessage("user_ids must list at least one user id.")
            .Must(ids => ids!.Count <= AddMembersHandler.MaxUsersPerCall).WithMessage($"user_ids may list at most {AddMembersHandler.MaxUsersPerCall} ids.")
            .When(c => c.UserIds is { Count: > 0 }, ApplyConditionTo.CurrentValidator);
    }
}
