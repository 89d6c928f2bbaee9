using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Planck.Infrastructure.Persistence;

namespace Planck.WebApi.FunctionalTests.Support;

/// <summary>Raw rows as the database holds them, column by column, for assertions about what is (not) stored.</summary>
public static class DatabaseRows
{
    /// <summary>Runs a constant SQL query and returns every row as column name → value (null for SQL NULL).</summary>
    public static async Task<List<Dictionary<string, object?>>> ReadRowsAsync(this PlanckDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using DbCommand command = connection.CreateCommand();
#pragma warning disable CA2100 // The SQL text is a constant written in the test, never built from input.
            command.CommandText = sql;
#pragma warning restore CA2100
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<Dictionary<string, object?>>();
            while (await reader.ReadAsync())
            {
                var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = await reader.IsDBNullAsync(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Reads an id column whichever way the provider stores UUIDs (native uuid, or text).</summary>
    public static Guid? AsGuid(object? value) =>
        value switch
        {
            Guid guid => guid,
            string text when Guid.TryParse(text, out var parsed) => parsed,
            byte[] { Length: 16 } bytes => new Guid(bytes),
            _ => null,
        };
}
