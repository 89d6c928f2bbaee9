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
const string Usage = "usage: Planck.Bench.Chat serve-model | setup URL ADMIN_KEY | start-latency URL KEY WS N CONCURRENCY [WARMUP] | "
    + "deltas URL KEY WS N DELTAS SERVER_PID MODEL_PID [CONCURRENCY] | hold URL KEY WS N SERVER_PID [HOLD_SECONDS] [OPEN_TIMEOUT_SECONDS]";
var verb = args.Length > 0 ? args[0] : "";
var (required, optional) = verb switch
{
    "serve-model" => (0, 0),
    "setup" => (2, 0),
    "start-latency" => (5, 1),
    "deltas" => (7, 1),
    "hold" => (5, 2),
    _ => (-1, 0),
};
if (required < 0 || args.Length - 1 < required || args.Length - 1 > required + optional)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

if (verb == "serve-model")
{
    await ServeModelAsync();
    return 0;
}

object result = verb switch
{
    "setup" => await Setup.RunAsync(args[1], args[2]),
    "start-latency" => await Measures.StartLatencyAsync(args[1], args[2], Guid.Parse(args[3]), Int(4), Int(5), Int(6, 50)),
    "deltas" => await Measures.DeltasAsync(args[1], args[2], Guid.Parse(args[3]), Int(4), Int(5), Int(6), Int(7), Int(8, 2)),
    _ => await Measures.HoldAsync(args[1], args[2], Guid.Parse(args[3]), Int(4), Int(5), Int(6, 10), Int(7, 180)),
};
Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
return 0;

int Int(int index, int fallback = 0) => index < args.Length ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

// Its own process, so its CPU is not counted as the server's. The URL is the only line on stdout.
static async Task ServeModelAsync()
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
}
