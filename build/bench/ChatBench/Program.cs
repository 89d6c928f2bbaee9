using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Planck.Bench.Chat;
using Planck.Tests.Fixtures;

// Verbs (each measuring verb prints one JSON object on stdout; chat.sh turns them into the report; progress goes to stderr):
//   serve-model                                                  the fake model server; prints its base URL, runs until SIGTERM
//   setup BASE_URL ADMIN_KEY                                     a user, a workspace, the user's key, small documents made ready
//   start-latency BASE_URL KEY WS N CONCURRENCY [WARMUP]         time to message_start (and first delta, end) of N answers
//   deltas BASE_URL KEY WS N DELTAS SERVER_PID MODEL_PID [CONCURRENCY]   server and model CPU per streamed delta
//   hold BASE_URL KEY WS N SERVER_PID [HOLD_SECONDS] [OPEN_TIMEOUT_SECONDS]   N streams held at once: memory, errors
var verb = args.Length > 0 ? args[0] : "";
var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = false };
try
{
    object? result = verb switch
    {
        "serve-model" => await ServeModelAsync(),
        "setup" => await Setup.RunAsync(args[1], args[2]),
        "start-latency" => await Measures.StartLatencyAsync(
            args[1], args[2], Guid.Parse(args[3]), Int(args, 4), Int(args, 5), Int(args, 6, 50)),
        "deltas" => await Measures.DeltasAsync(
            args[1], args[2], Guid.Parse(args[3]), Int(args, 4), Int(args, 5), Int(args, 6), Int(args, 7), Int(args, 8, 2)),
        "hold" => await Measures.HoldAsync(
            args[1], args[2], Guid.Parse(args[3]), Int(args, 4), Int(args, 5), Int(args, 6, 10), Int(args, 7, 180)),
        _ => null,
    };
    if (result is null)
    {
        if (verb != "serve-model")
        {
            Console.Error.WriteLine("usage: Planck.Bench.Chat serve-model|setup|start-latency|deltas|hold ... (see Program.cs)");
            return 2;
        }

        return 0;
    }

    Console.WriteLine(JsonSerializer.Serialize(result, json));
    return 0;
}
catch (Exception exception) when (exception is IndexOutOfRangeException or ArgumentException)
{
    Console.Error.WriteLine($"[chatbench] {verb}: missing arguments (see build/bench/ChatBench/Program.cs)");
    return 2;
}

static int Int(string[] args, int index, int? fallback = null) =>
    index < args.Length ? int.Parse(args[index], CultureInfo.InvariantCulture)
        : fallback ?? throw new ArgumentException($"argument {index} is missing", nameof(args));

// Its own process, so its CPU is not counted as the server's. The URL is the only line on stdout.
static async Task<object?> ServeModelAsync()
{
    using var stop = new CancellationTokenSource();
    using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        stop.Cancel();
    });
    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
    {
        context.Cancel = true;
        stop.Cancel();
    });
    await using var server = await FakeModelServer.StartAsync(stop.Token);
    Console.WriteLine(server.BaseUrl);
    Console.Out.Flush();
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
        // SIGTERM or SIGINT: stop the server and leave.
    }

    Console.Error.WriteLine($"[chatbench] fake model stopping after {server.Requests.Count} requests ({server.AbortedRequests.Count} dropped by the client)");
    return null;
}
