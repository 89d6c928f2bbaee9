using System.ComponentModel.DataAnnotations;

namespace Planck.Application.Databases;

/// <summary>How connected databases are read and queried (<c>Planck:Databases:*</c>).</summary>
public sealed class DatabasesOptions
{
    public const string Section = "Planck:Databases";

    /// <summary>The only directory SQLite connections may name files in; null refuses SQLite connections.</summary>
    public string? SqliteDirectory { get; set; }

    /// <summary>Rows a query returns at most; the table is then marked truncated.</summary>
    [Range(1, 100_000)]
    public int MaxRows { get; set; } = 1000;

    [Range(1, 600)]
    public int QueryTimeoutSeconds { get; set; } = 15;

    /// <summary>Reading and profiling a catalog stops after this long (the profile is then partial).</summary>
    [Range(1, 600)]
    public int CatalogTimeoutSeconds { get; set; } = 30;

    [Range(1, 10_000)]
    public int MaxTables { get; set; } = 500;

    /// <summary>A text column with at most this many distinct values has them listed in the catalog.</summary>
    [Range(0, 200)]
    public int ProfileDistinctValues { get; set; } = 20;

    /// <summary>Queries one workspace may have running at once on this node; the next question waits briefly, then is refused.</summary>
    [Range(1, 1000)]
    public int MaxQueriesPerWorkspace { get; set; } = 4;

    /// <summary>Result rows shown to the model to write the answer's text; the user sees up to <see cref="MaxRows"/>.</summary>
    [Range(0, 1000)]
    public int RowsForModel { get; set; } = 20;

    /// <summary>The whole time an answer may spend writing and running SQL, retries included.</summary>
    [Range(1, 3600)]
    public int AnswerBudgetSeconds { get; set; } = 60;
}
