using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Hosting;

/// <summary>The backup and restore verbs, run as the real executable beside a running server (ADR 0021).</summary>
public abstract class BackupTests(PlanckApiFactory api) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("planck-backup-tests-").FullName;

    private bool IsSqlite => api.Provider == "Sqlite";

    [Fact]
    public async Task Backup_holds_the_database_every_stored_file_and_a_manifest_of_their_checksums_without_secrets()
    {
        var (document, key, content) = await UploadAsync();
        var archive = Path.Combine(_scratch, "planck.tar.gz");

        var (exitCode, output, error) = await ServerProcess.RunAsync(Environment(api.DataDirectory), "backup", "--output", archive);

        exitCode.ShouldBe(0, error);
        output.Trim().ShouldBe(archive);
        var entries = await ReadArchiveAsync(archive);
        entries.Keys.Last().ShouldBe("manifest.json", "the manifest comes last, after the entries it lists");
        entries[$"files/{key}"].ShouldBe(content);
        var manifestText = Encoding.UTF8.GetString(entries["manifest.json"]);
        using var manifest = JsonDocument.Parse(manifestText);
        var root = manifest.RootElement;
        root.GetProperty("format_version").GetInt32().ShouldBe(1);
        root.GetProperty("provider").GetString().ShouldBe(api.Provider);
        root.GetProperty("app_version").GetString().ShouldNotBeNullOrWhiteSpace();
        root.GetProperty("files").GetInt32().ShouldBe(entries.Keys.Count(k => k.StartsWith("files/", StringComparison.Ordinal)));
        var listed = root.GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e);
        listed.Keys.Order(StringComparer.Ordinal).ShouldBe(entries.Keys.Where(k => k != "manifest.json").Order(StringComparer.Ordinal));
        foreach (var (name, bytes) in entries.Where(e => e.Key != "manifest.json"))
        {
            listed[name].GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)), name);
            listed[name].GetProperty("bytes").GetInt64().ShouldBe(bytes.Length, name);
        }

        var secret = await File.ReadAllTextAsync(Path.Combine(api.DataDirectory, "server-secret"));
        foreach (var (name, bytes) in entries.Where(e => !e.Key.StartsWith("database/", StringComparison.Ordinal)))
        {
            Encoding.UTF8.GetString(bytes).ShouldNotContain(secret.Trim(), customMessage: name);
        }

        manifestText.ShouldNotContain("Data Source", Case.Insensitive);
        manifestText.ShouldNotContain("Password", Case.Insensitive);
        manifestText.ShouldNotContain("Host=", Case.Insensitive);
        if (IsSqlite)
        {
            root.GetProperty("rows").GetProperty("documents").GetInt64().ShouldBeGreaterThan(0);
            var copy = Path.Combine(_scratch, "copy.db");
            await File.WriteAllBytesAsync(copy, entries["database/planck.db"]);
            (await StorageKeyInAsync(copy, document)).ShouldBe(key);
        }
        else
        {
            entries.Keys.ShouldNotContain("database/planck.db");
            error.ShouldContain("pg_dump -Fc");
        }
    }

    [Fact]
    public async Task Restore_into_a_fresh_data_directory_brings_back_the_database_and_the_files()
    {
        var (document, key, content) = await UploadAsync();
        var archive = await BackupAsync();
        var fresh = Path.Combine(_scratch, "fresh");

        var (exitCode, _, error) = await ServerProcess.RunAsync(Environment(fresh), "restore", "--input", archive);

        exitCode.ShouldBe(0, error);
        (await File.ReadAllBytesAsync(Path.Combine(fresh, "files", key))).ShouldBe(content);
        error.ShouldContain("copy server-secret from the old data directory", Case.Insensitive);
        if (IsSqlite)
        {
            (await StorageKeyInAsync(Path.Combine(fresh, "planck.db"), document)).ShouldBe(key);
        }

        Directory.EnumerateDirectories(fresh, ".restore-*").ShouldBeEmpty();
    }

    [Fact]
    public async Task Restore_refuses_an_archive_whose_entry_does_not_match_its_checksum_and_writes_nothing()
    {
        var (_, key, _) = await UploadAsync();
        var archive = await BackupAsync();
        var tampered = Path.Combine(_scratch, "tampered.tar.gz");
        await RewriteAsync(archive, tampered, $"files/{key}", "Changed after the backup."u8.ToArray());
        var fresh = Path.Combine(_scratch, "fresh");

        var (exitCode, _, error) = await ServerProcess.RunAsync(Environment(fresh), "restore", "--input", tampered);

        exitCode.ShouldBe(1, error);
        error.ShouldContain($"files/{key} does not match its checksum");
        (Directory.Exists(fresh) ? Directory.EnumerateFileSystemEntries(fresh).ToList() : []).ShouldBeEmpty();
    }

    [Fact]
    public async Task Restore_refuses_a_target_that_already_holds_data_unless_forced()
    {
        var (_, key, content) = await UploadAsync();
        var archive = await BackupAsync();
        var fresh = Path.Combine(_scratch, "fresh");
        (await ServerProcess.RunAsync(Environment(fresh), "restore", "--input", archive)).ExitCode.ShouldBe(0);
        var stored = Path.Combine(fresh, "files", key);
        await File.WriteAllTextAsync(stored, "written after the restore");

        var (refused, _, error) = await ServerProcess.RunAsync(Environment(fresh), "restore", "--input", archive);

        refused.ShouldBe(1);
        error.ShouldContain("The target already holds");
        error.ShouldContain("--force");
        (await File.ReadAllTextAsync(stored)).ShouldBe("written after the restore");

        var (forced, _, forcedError) = await ServerProcess.RunAsync(Environment(fresh), "restore", "--input", archive, "--force");

        forced.ShouldBe(0, forcedError);
        (await File.ReadAllBytesAsync(stored)).ShouldBe(content);
    }

    [Fact]
    public async Task A_backup_that_fails_leaves_no_archive_and_no_temporary_file()
    {
        var broken = Path.Combine(_scratch, "broken");
        Directory.CreateDirectory(broken);
        // A database file that is not one (SQLite), or a database that refuses the connection (PostgreSQL).
        await File.WriteAllTextAsync(Path.Combine(broken, "planck.db"), new string('x', 8192));
        var environment = Environment(broken);
        if (!IsSqlite)
        {
            environment["ConnectionStrings__Planck"] = new Npgsql.NpgsqlConnectionStringBuilder(api.DatabaseConnectionString) { Database = "planck_no_such_database", Timeout = 5 }.ConnectionString;
        }

        var output = Path.Combine(_scratch, "out");
        Directory.CreateDirectory(output);

        var (exitCode, stdout, error) = await ServerProcess.RunAsync(environment, "backup", "--output", Path.Combine(output, "planck.tar.gz"));

        exitCode.ShouldBe(1, error);
        // Only the path of a finished archive goes to standard output (the framework's own error log may too).
        stdout.ShouldNotContain("planck.tar.gz");
        Directory.EnumerateFileSystemEntries(output).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("backup", "usage: backup --output FILE.tar.gz")]
    [InlineData("restore", "usage: restore --input FILE.tar.gz [--force]")]
    public async Task A_verb_without_its_file_prints_its_usage(string verb, string usage)
    {
        var (exitCode, output, error) = await ServerProcess.RunAsync(Environment(api.DataDirectory), verb);

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain(usage);
    }

    public void Dispose()
    {
        Directory.Delete(_scratch, recursive: true);
        GC.SuppressFinalize(this);
    }

    private async Task<(Guid Document, string Key, byte[] Content)> UploadAsync()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var text = $"Backed up {Guid.NewGuid():N}: the kestrel hovers over the verge.";
        var document = await member.Client.UploadOkAsync(workspace, "notes.txt", text);
        var key = await api.QueryDatabaseAsync(db => db.Documents.Where(d => d.Id == document.Id).Select(d => d.StorageKey).SingleAsync());
        return (document.Id, key, Encoding.UTF8.GetBytes(text));
    }

    private async Task<string> BackupAsync()
    {
        var archive = Path.Combine(_scratch, $"backup-{Guid.NewGuid():N}.tar.gz");
        var (exitCode, _, error) = await ServerProcess.RunAsync(Environment(api.DataDirectory), "backup", "--output", archive);
        exitCode.ShouldBe(0, error);
        return archive;
    }

    private Dictionary<string, string?> Environment(string dataDirectory) => new()
    {
        ["Planck__DataDirectory"] = dataDirectory,
        ["Planck__Database__Provider"] = api.Provider,
        // SQLite's file follows the data directory; PostgreSQL is the running server's database.
        ["ConnectionStrings__Planck"] = api.DatabaseConnectionString,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private static async Task<Dictionary<string, byte[]>> ReadArchiveAsync(string archive)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await using var file = File.OpenRead(archive);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            using var bytes = new MemoryStream();
            if (entry.DataStream is not null)
            {
                await entry.DataStream.CopyToAsync(bytes);
            }

            entries.Add(entry.Name, bytes.ToArray());
        }

        return entries;
    }

    /// <summary>The same archive with one entry's bytes replaced and the manifest left as it was.</summary>
    private static async Task RewriteAsync(string archive, string target, string name, byte[] replacement)
    {
        var entries = await ReadArchiveAsync(archive);
        entries.ShouldContainKey(name);
        entries[name] = replacement;
        await using var file = File.Create(target);
        await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (entryName, bytes) in entries)
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, entryName) { DataStream = new MemoryStream(bytes) });
        }
    }

    private static async Task<string?> StorageKeyInAsync(string databasePath, Guid document)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // EF keeps a Guid as upper-case text; the ADO.NET provider would bind one as a blob.
        command.CommandText = "SELECT storage_key FROM documents WHERE upper(id) = $id";
        command.Parameters.AddWithValue("$id", document.ToString().ToUpperInvariant());
        return (string?)await command.ExecuteScalarAsync();
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteBackupTests(SqliteApiFactory api) : BackupTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresBackupTests(PostgresApiFactory api) : BackupTests(api);
