using Microsoft.Data.Sqlite;
using Planck.Application.Databases.Engines;

namespace Planck.Infrastructure.Databases.Sqlite;

/// <summary>
/// Where a SQLite connection's file really is. The secret is a path (or <c>Data Source=path</c>); it is resolved to the
/// real file, every symbolic link followed, and must then lie inside the one directory SQLite files may be named in and
/// outside Planck's own data (its database, key material and stored files).
/// </summary>
internal static class SqliteFileLocation
{
    public static string Resolve(string connectionString, string? sqliteDirectory, IReadOnlyList<string> forbiddenDirectories)
    {
        if (string.IsNullOrWhiteSpace(sqliteDirectory))
        {
            throw new DatabaseRefusedException(
                "SQLite connections are turned off on this server: set Planck:Databases:SqliteDirectory to the directory the files are in.");
        }

        var named = DataSource(connectionString);
        if (named.Length == 0 || named.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || named.StartsWith(':'))
        {
            throw new DatabaseRefusedException("A SQLite connection is the path of a database file in the server's SQLite directory.");
        }

        var directory = RealPath(Path.GetFullPath(sqliteDirectory));
        var file = RealPath(Path.GetFullPath(named, directory));
        if (!IsInside(file, directory))
        {
            throw new DatabaseRefusedException($"The file is outside the server's SQLite directory ({directory}); only files in it can be connected.");
        }

        if (forbiddenDirectories.Any(forbidden => IsInside(file, RealPath(Path.GetFullPath(forbidden))) || string.Equals(file, RealPath(Path.GetFullPath(forbidden)), StringComparison.Ordinal)))
        {
            throw new DatabaseRefusedException("That file is part of Planck's own data and cannot be connected.");
        }

        if (!File.Exists(file))
        {
            throw new DatabaseRefusedException($"There is no file {Path.GetRelativePath(directory, file)} in the server's SQLite directory.");
        }

        return file;
    }

    private static string DataSource(string connectionString)
    {
        var text = connectionString.Trim();
        if (!text.Contains('=', StringComparison.Ordinal))
        {
            return text;
        }

        try
        {
            return new SqliteConnectionStringBuilder(text).DataSource.Trim();
        }
        catch (ArgumentException)
        {
            // Not a connection string after all: a file name with '=' in it.
            return text;
        }
    }

    private static bool IsInside(string path, string directory) =>
        path.StartsWith(directory.EndsWith(Path.DirectorySeparatorChar) ? directory : directory + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link on the way resolved, like realpath(3); parts that do not exist stay as written.</summary>
    internal static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "/";
        var resolved = root;
        var parts = new Queue<string>(fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        for (var hops = 0; parts.Count > 0;)
        {
            var part = parts.Dequeue();
            var next = Path.Combine(resolved, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (++hops > 40)
                {
                    throw new DatabaseRefusedException("The path has too many symbolic links.");
                }

                // Resolve the target's own parts next, then the rest of the original path.
                var absolute = Path.GetFullPath(target, resolved);
                var targetRoot = Path.GetPathRoot(absolute) ?? "/";
                var rest = parts.ToList();
                parts = new Queue<string>(absolute[targetRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Concat(rest));
                resolved = targetRoot;
                continue;
            }

            resolved = next;
        }

        return resolved;
    }
}
