using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Planck.Bench.Chat;

/// <summary>The one HTTP client every measure uses: HTTP/1.1, no cap on connections, no timeout of its own.</summary>
internal static class BenchHttp
{
    public static HttpClient Create(string baseUrl, string key)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(60),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    /// <summary>A chat request body, serialized once and sent many times.</summary>
    public static byte[] ChatBody(string message) =>
        JsonSerializer.SerializeToUtf8Bytes(new { message, stream = true });
}

/// <summary>
/// One streamed answer, read as a client reads it: the time to <c>message_start</c>, to the first delta and to the end,
/// the deltas counted, and the first thing that went wrong (a non-200 status, a socket error, an <c>error</c> event, a
/// stream that ends without <c>message_stop</c>, or breaks the event grammar).
/// </summary>
internal sealed class ChatCall
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");
    private readonly TaskCompletionSource _firstDelta = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _lastEvent;

    public int Status { get; private set; }
    public double StartMs { get; private set; } = double.NaN;
    public double FirstDeltaMs { get; private set; } = double.NaN;
    public double EndMs { get; private set; } = double.NaN;
    public int Deltas { get; private set; }
    public int KeepAlives { get; private set; }
    public bool Stopped { get; private set; }
    public bool Ended { get; private set; }

    /// <summary>Cancelled by the benchmark itself (a held stream let go), which is not an error.</summary>
    public bool Cancelled { get; private set; }

    /// <summary>A short class of failure, for counting ("HTTP 503", "error event", "socket: ConnectionError", …); null when fine.</summary>
    public string? Error { get; private set; }
    public string? Detail { get; private set; }

    /// <summary>Completes at the first delta, or when the call ends without one.</summary>
    public Task FirstDelta => _firstDelta.Task;

    /// <summary>A whole answer: <c>message_start</c>, at least one delta, <c>message_stop</c>, nothing wrong.</summary>
    public bool Complete => Error is null && Stopped && Deltas > 0;

    public void Fail(string error, string? detail = null)
    {
        if (Error is null)
        {
            Error = error;
            Detail = detail is { Length: > 300 } ? detail[..300] : detail;
        }
    }

    public async Task RunAsync(HttpClient client, string path, byte[] body, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = JsonType;
            request.Headers.Accept.Add(EventStream);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            Status = (int)response.StatusCode;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Fail($"HTTP {Status}", await response.Content.ReadAsStringAsync(cancellationToken));
                return;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8, false, 16 * 1024);
            await ReadEventsAsync(reader, started, cancellationToken);
            Ended = true;
            if (Error is null && !Stopped)
            {
                Fail(StartMs is double.NaN ? "no message_start" : "ended without message_stop", $"last event: {_lastEvent ?? "none"}");
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            Cancelled = true;
        }
        catch (HttpRequestException exception)
        {
            Fail($"socket: {SocketKind(exception.HttpRequestError, exception)}", exception.Message);
        }
        catch (HttpIOException exception)
        {
            Fail($"socket: {SocketKind(exception.HttpRequestError, exception)}", exception.Message);
        }
        catch (IOException exception)
        {
            Fail($"socket: {SocketKind(HttpRequestError.Unknown, exception)}", exception.Message);
        }
        catch (OperationCanceledException exception)
        {
            Fail("timeout", exception.Message);
        }
        finally
        {
            EndMs = Elapsed(started);
            _firstDelta.TrySetResult();
        }
    }

    private async Task ReadEventsAsync(StreamReader reader, long started, CancellationToken cancellationToken)
    {
        string? name = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null)
                {
                    OnEvent(name, data, started);
                    name = null;
                    data = null;
                }
                else if (data is not null)
                {
                    Fail("malformed stream", "data: without event:");
                }

                continue;
            }

            if (line[0] == ':')
            {
                KeepAlives++;
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
            else
            {
                Fail("malformed stream", line);
            }
        }
    }

    private void OnEvent(string name, string? data, long started)
    {
        if (data is null)
        {
            Fail("malformed stream", $"event {name} without data");
        }

        if (_lastEvent is null && name != "message_start")
        {
            Fail("no message_start", $"first event: {name}");
        }

        if (Stopped)
        {
            Fail("event after message_stop", name);
        }

        _lastEvent = name;
        switch (name)
        {
            case "message_start":
                StartMs = Elapsed(started);
                break;
            case "content_block_delta":
                if (++Deltas == 1)
                {
                    FirstDeltaMs = Elapsed(started);
                    _firstDelta.TrySetResult();
                }

                break;
            case "message_stop":
                Stopped = true;
                break;
            case "error":
                Fail("error event", data);
                break;
            case "content_block_start" or "content_block_stop":
                break;
            default:
                Fail("unknown event", name);
                break;
        }
    }

    private static string SocketKind(HttpRequestError error, Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return $"{error}/{socket.SocketErrorCode}";
            }
        }

        return error.ToString();
    }

    private static double Elapsed(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
