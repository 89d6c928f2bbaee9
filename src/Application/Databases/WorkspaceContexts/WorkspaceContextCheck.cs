using System.Globalization;
using Planck.Application.Databases.Catalog;

namespace Planck.Application.Databases.WorkspaceContexts;

/// <summary>Finds what a context names that no database of the workspace has, as field → messages for a 400.</summary>
public static class WorkspaceContextCheck
{
    public static Dictionary<string, string[]> Unknown(WorkspaceContextDto context, IReadOnlyList<WorkspaceDatabase> databases)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var messages))
            {
                errors[field] = messages = [];
            }

            messages.Add(message);
        }

        var entities = context.Entities ?? [];
        for (var i = 0; i < entities.Count; i++)
        {
            var entity = entities[i];
            var field = Invariant($"entities[{i}]");
            if (string.IsNullOrWhiteSpace(entity.Table))
            {
                continue;
            }

            IReadOnlyList<WorkspaceDatabase> scope = databases;
            if (entity.DatabaseId is { } databaseId)
            {
                scope = databases.Where(d => d.Id == databaseId).ToList();
                if (scope.Count == 0)
                {
                    Add(field + ".database_id", $"No database {databaseId} in this workspace.");
                    continue;
                }
            }

            var tables = scope.SelectMany(d => d.Catalog.Tables.Where(t => Names(t, entity.Table)).Select(t => (Database: d, Table: t))).ToList();
            if (tables.Count == 0)
            {
                Add(field + ".table", $"Unknown table \"{entity.Table}\"{In(scope)}.{Suggest(scope.SelectMany(d => d.Catalog.Tables).Select(t => t.QualifiedName), entity.Table)}");
                continue;
            }

            var table = tables[0].Table;
            var fields = entity.Fields ?? [];
            for (var j = 0; j < fields.Count; j++)
            {
                if (fields[j].Column is { Length: > 0 } column && !table.Columns.Any(c => Same(c.Name, column)))
                {
                    Add(Invariant($"{field}.fields[{j}].column"),
                        $"Unknown column \"{column}\" in table {table.QualifiedName}.{Suggest(table.Columns.Select(c => c.Name), column)}");
                }
            }
        }

        var relationships = context.Relationships ?? [];
        for (var i = 0; i < relationships.Count; i++)
        {
            CheckColumn(Invariant($"relationships[{i}].from"), relationships[i].From);
            CheckColumn(Invariant($"relationships[{i}].to"), relationships[i].To);
        }

        var rules = context.Rules ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            var forbidden = rules[i].ForbiddenColumns ?? [];
            for (var j = 0; j < forbidden.Count; j++)
            {
                CheckColumn(Invariant($"rules[{i}].forbidden_columns[{j}]"), forbidden[j]);
            }
        }

        var examples = context.Examples ?? [];
        for (var i = 0; i < examples.Count; i++)
        {
            if (examples[i].DatabaseId is { } databaseId && databases.All(d => d.Id != databaseId))
            {
                Add(Invariant($"examples[{i}].database_id"), $"No database {databaseId} in this workspace.");
            }
            else if (examples[i].Sql is { Length: > 0 } sql)
            {
                // An example is shown to the model as SQL to imitate, so it must be a query the server would run.
                var type = databases.FirstOrDefault(d => d.Id == examples[i].DatabaseId)?.Type ?? Domain.Databases.DatabaseType.Sqlite;
                if (Sql.ReadOnlySqlValidator.Validate(sql, Sql.SqlDialects.For(type)) is { Allowed: false, Refusal: var refusal })
                {
                    Add(Invariant($"examples[{i}].sql"), refusal ?? "This SQL would be refused.");
                }
            }
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

        void CheckColumn(string field, string? reference)
        {
            if (string.IsNullOrWhiteSpace(reference))
            {
                Add(field, "A column is named as table.column.");
                return;
            }

            var dot = reference.LastIndexOf('.');
            if (dot <= 0 || dot == reference.Length - 1)
            {
                Add(field, $"\"{reference}\" is not table.column.");
                return;
            }

            var (tableName, columnName) = (reference[..dot], reference[(dot + 1)..]);
            var tables = databases.SelectMany(d => d.Catalog.Tables).Where(t => Names(t, tableName)).ToList();
            if (tables.Count == 0)
            {
                Add(field, $"Unknown table \"{tableName}\".{Suggest(databases.SelectMany(d => d.Catalog.Tables).Select(t => t.QualifiedName), tableName)}");
            }
            else if (!tables.Any(t => t.Columns.Any(c => Same(c.Name, columnName))))
            {
                Add(field, $"Unknown column \"{columnName}\" in table {tables[0].QualifiedName}.{Suggest(tables[0].Columns.Select(c => c.Name), columnName)}");
            }
        }
    }

    /// <summary>Whether <paramref name="name"/> names the table, bare or schema-qualified, in any case.</summary>
    public static bool Names(CatalogTable table, string name) => Same(table.Name, name) || Same(table.QualifiedName, name);

    private static bool Same(string left, string right) => string.Equals(left, right.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string In(IReadOnlyList<WorkspaceDatabase> scope) => scope.Count == 1 ? $" in database {scope[0].Name}" : " in this workspace's databases";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Suggest(IEnumerable<string> names, string given)
    {
        var close = names.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(n => (Name: n, Distance: Sql.UnknownNameHint.EditDistance(n.ToLowerInvariant(), given.Trim().ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(2, given.Length / 3))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(3)
            .Select(c => c.Name)
            .ToList();
        return close.Count == 0 ? string.Empty : $" Did you mean {string.Join(" or ", close)}?";
    }

}
