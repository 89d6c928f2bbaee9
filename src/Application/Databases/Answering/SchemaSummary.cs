using System.Globalization;
using System.Text;

namespace Planck.Application.Databases.Answering;

/// <summary>The answer when no language model is configured: it says so and shows what the database holds. Nothing invented.</summary>
public static class SchemaSummary
{
    private const int TablesShown = 50;
    private const int ColumnsShown = 12;

    public static string Markdown(WorkspaceDatabase database)
    {
        var text = new StringBuilder(
            $"No language model is configured on this server, so this question cannot be turned into a query. This is what the database **{Escape(database.Name)}** holds:");
        if (database.Catalog.Tables.Count == 0)
        {
            return text.Append("\n\nNo tables.").ToString();
        }

        text.Append("\n\n| Table | Columns | Rows (approx.) |\n|---|---|---|");
        foreach (var table in database.Catalog.Tables.Take(TablesShown))
        {
            var columns = string.Join(", ", table.Columns.Take(ColumnsShown).Select(c => c.Name));
            if (table.Columns.Count > ColumnsShown)
            {
                columns += string.Create(CultureInfo.InvariantCulture, $", … ({table.Columns.Count} in all)");
            }

            text.Append(CultureInfo.InvariantCulture, $"\n| {Escape(table.QualifiedName)} | {Escape(columns)} | {table.ApproximateRows?.ToString(CultureInfo.InvariantCulture) ?? "?"} |");
        }

        if (database.Catalog.Tables.Count > TablesShown)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n\n…and {database.Catalog.Tables.Count - TablesShown} more tables.");
        }

        return text.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
