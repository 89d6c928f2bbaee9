namespace Planck.Application.Databases.WorkspaceContexts;

/// <summary>
/// What the AI should know about a workspace's data: its business meaning. Every list may be left out; every table
/// and column named is checked against the workspace's databases when saved.
/// </summary>
public sealed record WorkspaceContextDto(
    string? Description,
    IReadOnlyList<ContextEntityDto>? Entities,
    IReadOnlyList<ContextTermDto>? Terms,
    IReadOnlyList<ContextRelationshipDto>? Relationships,
    IReadOnlyList<ContextRuleDto>? Rules,
    ChartPreferencesDto? ChartPreferences,
    IReadOnlyList<ContextExampleDto>? Examples)
{
    public static WorkspaceContextDto Empty { get; } = new(null, [], [], [], [], null, []);
}

/// <summary>A business entity mapped to a table; <see cref="DatabaseId"/> may be left out when the table's name is unique in the workspace.</summary>
public sealed record ContextEntityDto(
    string? Name, Guid? DatabaseId, string? Table, string? Description, IReadOnlyList<string>? Synonyms, IReadOnlyList<ContextFieldDto>? Fields);

public sealed record ContextFieldDto(string? Name, string? Column, string? Description, string? Unit, IReadOnlyList<string>? Synonyms);

/// <summary>A business term or metric: its meaning, and the SQL expression and filter that compute it.</summary>
public sealed record ContextTermDto(string? Name, string? Description, string? Sql, string? Filter);

/// <summary>A join path, <c>table.column</c> to <c>table.column</c>, with its cardinality (<c>many_to_one</c>, <c>one_to_many</c>, <c>one_to_one</c>, <c>many_to_many</c>).</summary>
public sealed record ContextRelationshipDto(string? From, string? To, string? Cardinality);

/// <summary>A rule: free text for the prompt, and optionally what the validator enforces (columns never selected, a filter always applied).</summary>
public sealed record ContextRuleDto(string? Text, IReadOnlyList<string>? ForbiddenColumns, string? RequiredFilter);

public sealed record ChartPreferencesDto(string? TimeUnit);

/// <summary>A verified example: a question and the SQL that answers it.</summary>
public sealed record ContextExampleDto(string? Question, Guid? DatabaseId, string? Sql);
