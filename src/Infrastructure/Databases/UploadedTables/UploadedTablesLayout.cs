using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Databases.Catalog;
using Planck.Domain.Documents;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Databases.UploadedTables;

/// <summary>
/// How a workspace's uploaded tables appear in SQL: one table per CSV file or Excel sheet of its indexed documents (a document being re-indexed keeps its tables until the new ones replace them), with
/// names made safe to write unquoted (the originals in the descriptions). <see cref="Stamp"/> changes whenever a table
/// is added or removed, on any node, so a cached copy knows when it is stale.
/// </summary>
internal sealed record UploadedTablesLayout(string Stamp, IReadOnlyList<UploadedTable> Tables, DatabaseCatalog Catalog)
{
    public static async Task<UploadedTablesLayout> ReadAsync(PlanckDbContext db, Guid workspaceId, int maxTables, CancellationToken cancellationToken)
    {
        var rows = await db.DocumentTables.AsNoTracking()
            .Join(db.Documents.AsNoTracking().Where(d => d.WorkspaceId == workspaceId && d.IndexGeneration > 0),
                t => t.DocumentId, d => d.Id, (t, d) => new { t.Id, t.Name, t.ColumnsJson, t.RowCount, Document = d.Name, d.Kind, t.Ordinal })
            .OrderBy(t => t.Id)
            .Take(maxTables)
            .ToListAsync(cancellationToken);

        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var tables = new List<UploadedTable>(rows.Count);
        var stamp = new StringBuilder();
        foreach (var row in rows)
        {
            var stem = Path.GetFileNameWithoutExtension(row.Document);
            var name = Unique(taken, Identifier(row.Kind == DocumentKind.Csv ? stem : $"{stem}_{row.Name}", "table"));
            var columnNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var columns = JsonSerializer.Deserialize<List<StoredColumn>>(row.ColumnsJson, JsonOptions) ?? [];
            var mapped = columns.Select((c, i) => new UploadedColumn(
                Unique(columnNames, Identifier(c.Name, string.Create(CultureInfo.InvariantCulture, $"column_{i + 1}"))), c.Name ?? string.Empty, c.Type ?? "string")).ToList();
            var where = row.Kind == DocumentKind.Csv ? row.Document : $"{row.Document}, sheet {row.Name}";
            tables.Add(new UploadedTable(row.Id, name, where, mapped, row.RowCount));
            stamp.Append(CultureInfo.InvariantCulture, $"{row.Id}:{row.RowCount};");
        }

        var catalog = new DatabaseCatalog(tables.Select(t => new CatalogTable(
            null, t.Name, CatalogTableKind.Table, $"Uploaded from {t.Source}", t.RowCount,
            t.Columns.Select(c => new CatalogColumn(c.Name, SqlType(c.Type), true, c.Name == c.Original ? null : $"\"{c.Original}\" in the file", null)).ToList(),
            [], [])).ToList());
        return new UploadedTablesLayout(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(stamp.ToString())))[..16], tables, catalog);
    }

    public static string SqlType(string type) => type switch
    {
        "number" => "REAL",
        "boolean" => "INTEGER",
        "date" => "TEXT",
        _ => "TEXT",
    };

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>snake_case ASCII letters, digits and underscores, not starting with a digit; the fallback when nothing is left.</summary>
    internal static string Identifier(string? text, string fallback)
    {
        var builder = new StringBuilder();
        foreach (var c in (text ?? string.Empty).Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        var name = builder.ToString().Trim('_');
        if (name.Length == 0)
        {
            return fallback;
        }

        name = name.Length > 60 ? name[..60].TrimEnd('_') : name;
        return char.IsAsciiDigit(name[0]) ? "t_" + name : name;
    }

    private static string Unique(HashSet<string> taken, string name)
    {
        var candidate = name;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            candidate = string.Create(CultureInfo.InvariantCulture, $"{name}_{n}");
        }

        return candidate;
    }

    private sealed record StoredColumn(string? Name, string? Type);
}

internal sealed record UploadedTable(long Id, string Name, string Source, IReadOnlyList<UploadedColumn> Columns, int RowCount);

internal sealed record UploadedColumn(string Name, string Original, string Type);
