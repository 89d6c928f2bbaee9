using Planck.Application.Databases.Charts;
using Planck.Application.Databases.Grounding;
using Planck.Application.Databases.WorkspaceContexts;

namespace Planck.Application.Databases.Answering;

/// <summary>What the workspace context says about one database, in the shapes grounding, validation and charts take.</summary>
public static class ContextHints
{
    public static GroundingHints For(WorkspaceContextDto context, WorkspaceDatabase database) =>
        new((context.Entities ?? [])
            .Where(e => e.Table is not null && (e.DatabaseId is null || e.DatabaseId == database.Id))
            .Select(e => new TableHint(
                e.Table!, e.Name, e.Description, e.Synonyms ?? [],
                (e.Fields ?? []).Where(f => f.Column is not null)
                    .Select(f => new ColumnHint(f.Column!, f.Name, Describe(f), f.Synonyms ?? []))
                    .ToList()))
            .ToList());

    /// <summary>The structured rules the validator enforces for this database: those naming its tables.</summary>
    public static (IReadOnlyList<string> ForbiddenColumns, IReadOnlyList<string> RequiredFilters) RulesFor(WorkspaceContextDto context, WorkspaceDatabase database)
    {
        var rules = context.Rules ?? [];
        var forbidden = rules.SelectMany(r => r.ForbiddenColumns ?? []).Where(c => NamesTableOf(database, c)).ToList();
        var filters = rules.Select(r => r.RequiredFilter).OfType<string>().Where(f => !string.IsNullOrWhiteSpace(f) && NamesTableOf(database, f)).ToList();
        return (forbidden, filters);
    }

    public static ChartPreferences? ChartPreferences(WorkspaceContextDto context) =>
        context.ChartPreferences?.TimeUnit is { } unit ? new ChartPreferences(unit) : null;

    private static string? Describe(ContextFieldDto field) =>
        field.Unit is { Length: > 0 } unit ? $"{field.Description} (unit: {unit})".TrimStart() : field.Description;

    /// <summary>Whether a <c>table.column</c> or filter expression starts with one of the database's tables.</summary>
    private static bool NamesTableOf(WorkspaceDatabase database, string reference)
    {
        var head = reference.TrimStart();
        return database.Catalog.Tables.Any(t =>
            head.StartsWith(t.QualifiedName + ".", StringComparison.OrdinalIgnoreCase) || head.StartsWith(t.Name + ".", StringComparison.OrdinalIgnoreCase));
    }
}
