using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;
using Planck.Domain.Databases;
using Planck.Domain.Identity;

namespace Planck.Application.Databases.WorkspaceContexts;

/// <summary>The workspace's context, for members; an empty one when none was saved.</summary>
public sealed record GetWorkspaceContextQuery(Guid WorkspaceId) : IQuery<WorkspaceContextDto>, IWorkspaceScoped;

public sealed class GetWorkspaceContextHandler(WorkspaceContextStore store) : IQueryHandler<GetWorkspaceContextQuery, WorkspaceContextDto>
{
    public async ValueTask<WorkspaceContextDto> Handle(GetWorkspaceContextQuery query, CancellationToken cancellationToken) =>
        await store.GetAsync(query.WorkspaceId, cancellationToken);
}

/// <summary>Replaces the context after checking every table and column it names against the workspace's databases.</summary>
[RequireRole(Role.Admin)]
public sealed record ReplaceWorkspaceContextCommand(Guid WorkspaceId, WorkspaceContextDto? Context)
    : ICommand<WorkspaceContextDto>, IWorkspaceScoped, IAuditedCommand<WorkspaceContextDto>
{
    public AuditEvent Audit(WorkspaceContextDto response) => new("database.context.updated", WorkspaceId, AuditTargets.Workspace, WorkspaceId);
}

public sealed class ReplaceWorkspaceContextHandler(IApplicationDbContext db, DatabaseDirectory directory, TimeProvider clock)
    : ICommandHandler<ReplaceWorkspaceContextCommand, WorkspaceContextDto>
{
    public async ValueTask<WorkspaceContextDto> Handle(ReplaceWorkspaceContextCommand command, CancellationToken cancellationToken)
    {
        var context = command.Context!;
        var databases = await directory.ListAsync(command.WorkspaceId, cancellationToken);
        var unknown = WorkspaceContextCheck.Unknown(context, databases);
        if (unknown.Count > 0)
        {
            throw new RequestValidationException(unknown);
        }

        var json = WorkspaceContextStore.Write(context);
        var saved = await db.WorkspaceContexts.FirstOrDefaultAsync(c => c.WorkspaceId == command.WorkspaceId, cancellationToken);
        if (saved is null)
        {
            db.WorkspaceContexts.Add(WorkspaceContext.For(command.WorkspaceId, json, clock.GetUtcNow()));
        }
        else
        {
            saved.Replace(json, clock.GetUtcNow());
        }

        await db.SaveChangesAsync(cancellationToken);
        return WorkspaceContextStore.Read(json);
    }
}

public sealed class ReplaceWorkspaceContextValidator : AbstractValidator<ReplaceWorkspaceContextCommand>
{
    private const int MaxItems = 500;
    private const int MaxText = 4000;
    private const int MaxSql = 20_000;

    public ReplaceWorkspaceContextValidator()
    {
        RuleFor(c => c.Context).NotNull().OverridePropertyName("body").WithMessage("The body must be the workspace context as JSON.");
        When(c => c.Context is not null, () =>
        {
            RuleFor(c => c.Context!.Description).MaximumLength(MaxText).OverridePropertyName("description")
                .WithMessage($"description must be at most {MaxText} characters.");
            RuleFor(c => c.Context!).Must(c => Count(c) <= MaxItems).OverridePropertyName("body")
                .WithMessage($"The context may hold at most {MaxItems} entities, fields, terms, relationships, rules and examples in all.");
            RuleForEach(c => c.Context!.Entities).ChildRules(entity =>
            {
                entity.RuleFor(e => e.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Every entity needs a name.");
                entity.RuleFor(e => e.Table).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("Every entity needs the table it maps to.");
                entity.RuleForEach(e => e.Fields).ChildRules(field =>
                {
                    field.RuleFor(f => f.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Every field needs a name.");
                    field.RuleFor(f => f.Column).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Every field needs the column it maps to.");
                });
            }).OverridePropertyName("entities");
            RuleForEach(c => c.Context!.Terms).ChildRules(term =>
            {
                term.RuleFor(t => t.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Every term needs a name.");
                term.RuleFor(t => t.Sql).MaximumLength(MaxSql).WithMessage($"A term's sql must be at most {MaxSql} characters.");
            }).OverridePropertyName("terms");
            RuleForEach(c => c.Context!.Relationships).ChildRules(relationship =>
            {
                relationship.RuleFor(r => r.Cardinality)
                    .Must(c => c is null or "many_to_one" or "one_to_many" or "one_to_one" or "many_to_many")
                    .WithMessage("cardinality must be many_to_one, one_to_many, one_to_one or many_to_many.");
            }).OverridePropertyName("relationships");
            RuleForEach(c => c.Context!.Rules).ChildRules(rule =>
                rule.RuleFor(r => r).Must(r => !string.IsNullOrWhiteSpace(r.Text) || r.ForbiddenColumns is { Count: > 0 } || !string.IsNullOrWhiteSpace(r.RequiredFilter))
                    .WithMessage("Every rule needs text, forbidden_columns or a required_filter.")).OverridePropertyName("rules");
            RuleForEach(c => c.Context!.Examples).ChildRules(example =>
            {
                example.RuleFor(e => e.Question).Must(q => !string.IsNullOrWhiteSpace(q)).WithMessage("Every example needs a question.");
                example.RuleFor(e => e.Sql).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage("Every example needs its SQL.");
                example.RuleFor(e => e.Sql).MaximumLength(MaxSql).WithMessage($"An example's sql must be at most {MaxSql} characters.");
            }).OverridePropertyName("examples");
        });
    }

    private static int Count(WorkspaceContextDto context) =>
        (context.Entities?.Count ?? 0) + (context.Entities?.Sum(e => e.Fields?.Count ?? 0) ?? 0) + (context.Terms?.Count ?? 0)
        + (context.Relationships?.Count ?? 0) + (context.Rules?.Count ?? 0) + (context.Examples?.Count ?? 0);
}

/// <summary>Reads and writes the stored context.</summary>
public sealed class WorkspaceContextStore(IApplicationDbContext db)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public async Task<WorkspaceContextDto> GetAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var json = await db.WorkspaceContexts.AsNoTracking().Where(c => c.WorkspaceId == workspaceId).Select(c => c.ContextJson)
            .FirstOrDefaultAsync(cancellationToken);
        return json is null ? WorkspaceContextDto.Empty : Read(json);
    }

    public static string Write(WorkspaceContextDto context) => JsonSerializer.Serialize(Normalized(context), Options);

    public static WorkspaceContextDto Read(string json) => Normalized(JsonSerializer.Deserialize<WorkspaceContextDto>(json, Options) ?? WorkspaceContextDto.Empty);

    /// <summary>Lists left out become empty, so readers need not check for null.</summary>
    private static WorkspaceContextDto Normalized(WorkspaceContextDto context) =>
        context with
        {
            Entities = (context.Entities ?? []).Select(e => e with { Synonyms = e.Synonyms ?? [], Fields = (e.Fields ?? []).Select(f => f with { Synonyms = f.Synonyms ?? [] }).ToList() }).ToList(),
            Terms = context.Terms ?? [],
            Relationships = context.Relationships ?? [],
            Rules = (context.Rules ?? []).Select(r => r with { ForbiddenColumns = r.ForbiddenColumns ?? [] }).ToList(),
            Examples = context.Examples ?? [],
        };
}
