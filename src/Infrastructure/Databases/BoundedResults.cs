using System.Data.Common;
using Planck.Application.Databases.Engines;

namespace Planck.Infrastructure.Databases;

/// <summary>How a value of one result column is read, and the kind of cell it becomes.</summary>
internal interface IResultColumnReader<in TReader>
    where TReader : DbDataReader
{
    ResultKind Kind { get; }

    object? Read(TReader reader, int ordinal);
}

/// <summary>Reads a running statement's result up to the row cap, for the engines that talk to a database server.</summary>
internal static class BoundedResults
{
    /// <summary>
    /// Reads at most <paramref name="maxRows"/> rows and disposes the reader. On more, it stops the statement with
    /// <paramref name="cancelStatement"/> first: disposing the reader would otherwise stream every remaining row from the
    /// server to skip it.
    /// </summary>
    public static async Task<(List<ResultColumn> Columns, List<object?[]> Rows, bool Truncated)> ReadAsync<TReader>(
        TReader reader, Func<TReader, int, IResultColumnReader<TReader>> columnReader, int maxRows, Action cancelStatement, CancellationToken cancellationToken)
        where TReader : DbDataReader
    {
        var truncated = false;
        var rows = new List<object?[]>();
        List<ResultColumn> columns;
        try
        {
            var readers = Enumerable.Range(0, reader.FieldCount).Select(i => columnReader(reader, i)).ToList();
            columns = readers.Select((m, i) => new ResultColumn(reader.GetName(i), reader.GetDataTypeName(i), m.Kind)).ToList();
            while (await reader.ReadAsync(cancellationToken))
            {
                if (rows.Count == maxRows)
                {
                    truncated = true;
                    break;
                }

                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : readers[i].Read(reader, i);
                }

                rows.Add(row);
            }

            if (truncated)
            {
                cancelStatement();
            }
        }
        finally
        {
            try
            {
                await reader.DisposeAsync();
            }
            catch (Exception) when (truncated)
            {
                // The cancellation above ends the statement with an error that only says it was cancelled.
            }
        }

        return (columns, rows, truncated);
    }
}
