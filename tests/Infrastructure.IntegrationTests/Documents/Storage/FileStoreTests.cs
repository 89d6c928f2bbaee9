using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Planck.Application.Common.Abstractions;
using Planck.Infrastructure.Documents.Storage;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.IntegrationTests.Documents.Storage;

/// <summary>Both stores keep the same promises: bytes back exactly, seekable reads, deletes that stick, nothing half-written.</summary>
public abstract class FileStoreTests : IAsyncLifetime
{
    protected abstract Task<IFileStore> CreateStoreAsync();

    private IFileStore _store = null!;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024 * 1024)]
    [InlineData((3 * 1024 * 1024) + 17)]
    public async Task Bytes_come_back_exactly_as_saved(int size)
    {
        var bytes = RandomBytes(size);
        var key = NewKey();

        await _store.SaveAsync(key, new MemoryStream(bytes), CancellationToken.None);

        await using var read = await _store.OpenReadAsync(key, CancellationToken.None);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        copy.ToArray().ShouldBe(bytes);
    }

    [Fact]
    public async Task A_read_can_seek_anywhere_including_across_pieces()
    {
        var bytes = RandomBytes((2 * 1024 * 1024) + 100);
        var key = NewKey();
        await _store.SaveAsync(key, new MemoryStream(bytes), CancellationToken.None);

        await using var read = await _store.OpenReadAsync(key, CancellationToken.None);
        read.CanSeek.ShouldBeTrue();
        read.Length.ShouldBe(bytes.Length);
        read.Seek(-50, SeekOrigin.End);
        var tail = new byte[50];
        await read.ReadExactlyAsync(tail);
        read.Position = (1024 * 1024) - 10;
        var across = new byte[20];
        await read.ReadExactlyAsync(across);

        tail.ShouldBe(bytes[^50..]);
        across.ShouldBe(bytes[((1024 * 1024) - 10)..((1024 * 1024) + 10)]);
    }

    [Fact]
    public async Task A_deleted_file_is_gone_and_deleting_again_is_harmless()
    {
        var key = NewKey();
        await _store.SaveAsync(key, new MemoryStream(RandomBytes(10)), CancellationToken.None);

        await _store.DeleteAsync(key, CancellationToken.None);
        await _store.DeleteAsync(key, CancellationToken.None);

        await Should.ThrowAsync<FileNotFoundException>(() => _store.OpenReadAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task A_save_that_fails_midway_leaves_nothing_readable()
    {
        var key = NewKey();

        await Should.ThrowAsync<IOException>(() => _store.SaveAsync(key, new FailingStream(RandomBytes((2 * 1024 * 1024) + 5)), CancellationToken.None));

        await Should.ThrowAsync<FileNotFoundException>(() => _store.OpenReadAsync(key, CancellationToken.None));
    }

    protected static string NewKey() => $"{Guid.NewGuid():N}/{Guid.NewGuid():N}-file.bin";

    private static byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Gives its bytes, then fails as a dropped client connection would, after more than one piece was read.</summary>
    private sealed class FailingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position > (1024 * 1024) + 1 ? throw new IOException("connection reset") : base.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}

public sealed class FileSystemFileStoreTests : FileStoreTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "planck-files-" + Guid.NewGuid().ToString("N"));

    protected override Task<IFileStore> CreateStoreAsync() =>
        Task.FromResult<IFileStore>(new FileSystemFileStore(Microsoft.Extensions.Options.Options.Create(new PlanckOptions { DataDirectory = _directory })));

    public override Task DisposeAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("../escape.bin")]
    [InlineData("a/../../escape.bin")]
    [InlineData("/etc/passwd")]
    public async Task A_key_that_would_leave_the_store_is_refused(string key)
    {
        var store = await CreateStoreAsync();

        await Should.ThrowAsync<ArgumentException>(() => store.SaveAsync(key, new MemoryStream([1]), CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_save_leaves_no_partial_file_on_disk()
    {
        var store = await CreateStoreAsync();
        var key = NewKey();

        await Should.ThrowAsync<InvalidOperationException>(() => store.SaveAsync(key, new ThrowingStream(), CancellationToken.None));

        Directory.GetFiles(_directory, "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    private sealed class ThrowingStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("refused");
    }
}

public abstract class DatabaseFileStoreTests(DatabaseFixture database) : FileStoreTests
{
    private ServiceProvider? _services;

    protected override Task<IFileStore> CreateStoreAsync()
    {
        var services = new ServiceCollection();
        database.AddDbContext(services);
        _services = services.BuildServiceProvider();
        return Task.FromResult<IFileStore>(new DatabaseFileStore(_services.GetRequiredService<IServiceScopeFactory>()));
    }

    public override async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}

[Collection(SqliteDatabase.Name)]
public sealed class SqliteDatabaseFileStoreTests(SqliteDatabaseFixture database) : DatabaseFileStoreTests(database);

[Collection(PostgresDatabase.Name)]
public sealed class PostgresDatabaseFileStoreTests(PostgresDatabaseFixture database) : DatabaseFileStoreTests(database);
