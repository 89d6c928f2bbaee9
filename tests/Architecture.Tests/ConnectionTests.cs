namespace Planck.Architecture.Tests;

/// <summary>
/// The product pools its EF contexts. A context handed back with a connection opened explicitly and never closed
/// keeps its next user's connection open for that user's whole request (a streamed answer held a PostgreSQL
/// connection for minutes that way). So explicit opens live in one helper, which closes what it opens.
/// </summary>
public sealed class ConnectionTests
{
    private const string TheOpener = "src/Infrastructure/Persistence/OpenConnections.cs";

    [Fact]
    public void Only_the_helper_that_closes_what_it_opens_opens_a_connection_explicitly()
    {
        var root = RepositoryRoot();
        var sources = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        sources.Count.ShouldBeGreaterThan(100, "the rule must read the product's sources, not an empty folder");

        var openers = sources
            .Where(path => File.ReadAllText(path).Contains(".OpenConnection", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        openers.ShouldBe([TheOpener]);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Planck.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Planck.sln not found above the test's directory.");
    }
}
