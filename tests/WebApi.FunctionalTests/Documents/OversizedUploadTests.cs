using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Documents;

/// <summary>
/// An upload over the limit from a client that writes its whole body before reading (Node's fetch, browsers), over a
/// real socket: TestServer has no TCP connection to reset, so only Kestrel can show the broken pipe this guards against.
/// </summary>
[Collection(KestrelServer.Name)]
public sealed class OversizedUploadTests(KestrelSqliteApiFactory api)
{
    /// <summary>
    /// 40 MB: past the limit and past Kestrel's default body limit of 30 MB (beyond which Kestrel itself stops draining
    /// and resets the connection), within what the server reads and discards.
    /// </summary>
    private const int OversizedBytes = 40 * 1024 * 1024;

    [Fact]
    public async Task Nodes_fetch_reads_the_413_and_its_detail()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        const string Script = """
            const [url, key, workspace, size] = process.argv.slice(1);
            (async () => {
              const form = new FormData();
              form.append('workspace_id', workspace);
              form.append('file', new Blob([new Uint8Array(Number(size)).fill(97)]), 'big.txt');
              const response = await fetch(url + '/api/v1/documents', { method: 'POST', headers: { 'X-API-Key': key }, body: form });
              console.log(JSON.stringify({ status: response.status, problem: await response.json() }));
            })().catch(error => { console.error(String(error), error.cause ? String(error.cause) : ''); process.exit(3); });
            """;

        var (exitCode, output, error) = await RunNodeAsync(Script, api.Address, member.ApiKey, workspace.ToString(), OversizedBytes.ToString(CultureInfo.InvariantCulture));

        exitCode.ShouldBe(0, error);
        using var answer = JsonDocument.Parse(output);
        answer.RootElement.GetProperty("status").GetInt32().ShouldBe(413);
        answer.RootElement.GetProperty("problem").GetProperty("detail").GetString().ShouldBe("The file is larger than the upload limit of 2 MB.");
        (await api.QueryDatabaseAsync(db => Task.FromResult(db.Documents.Count(d => d.WorkspaceId == workspace)))).ShouldBe(0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_that_sends_everything_before_reading_gets_the_413_then_a_closed_connection(bool chunked)
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        const string Boundary = "planck-oversized";
        var head = Encoding.ASCII.GetBytes(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"workspace_id\"\r\n\r\n{workspace}\r\n" +
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\nContent-Type: text/plain\r\n\r\n");
        var tail = Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n");
        var body = new byte[head.Length + OversizedBytes + tail.Length];
        head.CopyTo(body, 0);
        body.AsSpan(head.Length, OversizedBytes).Fill((byte)'a');
        tail.CopyTo(body, head.Length + OversizedBytes);
        var uri = new Uri(api.Address);
        var framing = chunked ? "Transfer-Encoding: chunked" : $"Content-Length: {body.Length}";
        var request = Encoding.ASCII.GetBytes(
            $"POST /api/v1/documents HTTP/1.1\r\nHost: {uri.Authority}\r\nX-API-Key: {member.ApiKey}\r\n" +
            $"Content-Type: multipart/form-data; boundary={Boundary}\r\n{framing}\r\n\r\n");

        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        foreach (var piece in body.Chunk(64 * 1024))
        {
            // Every byte goes out before anything is read, as fetch does; a reset here is the bug.
            await stream.WriteAsync(chunked ? Encoding.ASCII.GetBytes(piece.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n") : []);
            await stream.WriteAsync(piece);
            await stream.WriteAsync(chunked ? "\r\n"u8.ToArray() : []);
        }

        await stream.WriteAsync(chunked ? "0\r\n\r\n"u8.ToArray() : []);
        using var reading = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(reading.Token);

        response.ShouldStartWith("HTTP/1.1 413");
        response.ShouldContain("Connection: close", Case.Insensitive);
        response.ShouldContain("\"detail\":\"The file is larger than the upload limit of 2 MB.\"");
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunNodeAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start; install Node.js.");
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await node.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw;
        }

        return (node.ExitCode, (await output).Trim(), await error);
    }
}

/// <summary>The server on Kestrel at a free loopback port, for tests that need a real TCP connection.</summary>
public sealed class KestrelSqliteApiFactory : PlanckApiFactory
{
    public KestrelSqliteApiFactory() => UseKestrel(0);

    public override string Provider => "Sqlite";

    protected override Uri ClientBaseAddress => new(Address);

    public override Task InitializeAsync()
    {
        StartServer();
        return base.InitializeAsync();
    }

    /// <summary>The server's base address, such as <c>http://127.0.0.1:40123</c>.</summary>
    public string Address =>
        Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::1]", "localhost", StringComparison.Ordinal);

    protected override string? ConnectionString => null;
}

[CollectionDefinition(Name)]
public sealed class KestrelServer : ICollectionFixture<KestrelSqliteApiFactory>
{
    public const string Name = "sqlite-kestrel";
}
