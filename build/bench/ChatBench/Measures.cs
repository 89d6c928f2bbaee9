using System.Diagnostics;
using Planck.Tests.Fixtures;

namespace Planck.Bench.Chat;

/// <summary>The three measures of issue 4, against a server whose model is the fake one answering instantly.</summary>
internal static class Measures
{
    private static void Log(string message) => Console.Error.WriteLine($"[chatbench] {message}");

    private static string ChatPath(Guid workspace) => $"/api/v1/workspaces/{workspace}/chat";

    /// <summary>The corpus's questions, so retrieval finds real passages; the fake model gives its short default answer.</summary>
    private static byte[][] Questions(string directive = "") =>
        [.. FixtureCorpus.Probes.Select(p => BenchHttp.ChatBody((p.Question + " " + directive).Trim()))];

    /// <summary>
    /// <paramref name="count"/> answers by <paramref name="concurrency"/> clients, each sending its next request when
    /// the previous answer has been read to the end.
    /// </summary>
    private static async Task<List<ChatCall>> RunAsync(HttpClient client, Guid workspace, byte[][] bodies, int count, int concurrency)
    {
        var calls = new ChatCall[count];
        var next = -1;
        var path = ChatPath(workspace);
        var workers = Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var call = new ChatCall();
                await call.RunAsync(client, path, bodies[i % bodies.Length], CancellationToken.None);
                calls[i] = call;
            }
        }));
        await Task.WhenAll(workers);
        return [.. calls];
    }

    private static void RequireComplete(List<ChatCall> calls, string what)
    {
        var failed = calls.FirstOrDefault(c => !c.Complete);
        if (failed is not null)
        {
            Log($"{what}: {calls.Count(c => !c.Complete)} of {calls.Count} answers incomplete, first: {failed.Error} {failed.Detail}");
        }
    }

    /// <summary>Time from sending the request to reading <c>message_start</c>; every answer read to its end and checked.</summary>
    public static async Task<object> StartLatencyAsync(string baseUrl, string key, Guid workspace, int count, int concurrency, int warmup)
    {
        using var client = BenchHttp.Create(baseUrl, key);
        var bodies = Questions();
        Log($"start latency: {warmup} warm-up answers, then {count} with {concurrency} concurrent client(s)");
        RequireComplete(await RunAsync(client, workspace, bodies, warmup, concurrency), "warm-up");
        var clock = Stopwatch.StartNew();
        var calls = await RunAsync(client, workspace, bodies, count, concurrency);
        var seconds = clock.Elapsed.TotalSeconds;
        var (errors, examples) = Stats.Errors(calls);
        return new
        {
            requests = count,
            concurrency,
            warmup,
            complete = calls.Count(c => c.Complete),
            errors = calls.Count(c => !c.Complete),
            errors_by_kind = errors,
            error_examples = examples,
            seconds = Math.Round(seconds, 2),
            answers_per_second = Math.Round(count / seconds, 1),
            message_start_ms = Stats.Summary(calls.Select(c => c.StartMs)),
            first_delta_ms = Stats.Summary(calls.Select(c => c.FirstDeltaMs)),
            message_stop_ms = Stats.Summary(calls.Where(c => c.Stopped).Select(c => c.EndMs)),
            deltas_per_answer = calls.Count == 0 ? 0 : Math.Round(calls.Average(c => c.Deltas), 1),
        };
    }

    /// <summary>
    /// Server (and fake model) CPU per streamed delta: <paramref name="count"/> answers of <paramref name="deltas"/> deltas,
    /// and, to separate each answer's fixed cost (authentication, retrieval, saving the usage) from the per-delta cost,
    /// as many answers of a single delta. CPU is utime+stime from /proc, before and after each run.
    /// </summary>
    public static async Task<object> DeltasAsync(
        string baseUrl, string key, Guid workspace, int count, int deltas, int serverPid, int modelPid, int concurrency)
    {
        using var client = BenchHttp.Create(baseUrl, key);
        var many = Questions($"[[fake:deltas {deltas}]]");
        var one = Questions("[[fake:deltas 1]]");
        var warmup = Math.Max(4, count / 10);
        Log($"deltas: warm-up ({warmup} answers of {deltas} deltas and of 1), then {count} answers of 1 delta and {count} of {deltas}, {concurrency} at a time");
        RequireComplete(await RunAsync(client, workspace, many, warmup, concurrency), "warm-up");
        RequireComplete(await RunAsync(client, workspace, one, warmup, concurrency), "warm-up");

        var small = await MeasureCpuAsync(client, workspace, one, count, concurrency, serverPid, modelPid);
        var large = await MeasureCpuAsync(client, workspace, many, count, concurrency, serverPid, modelPid);
        var expected = (long)count * deltas;
        var extraDeltas = large.Deltas - small.Deltas;
        var (errors, examples) = Stats.Errors([.. small.Calls, .. large.Calls]);
        return new
        {
            answers = count,
            deltas_per_answer = deltas,
            concurrency,
            deltas_received = large.Deltas,
            deltas_expected = expected,
            errors = small.Calls.Count(c => !c.Complete) + large.Calls.Count(c => !c.Complete),
            errors_by_kind = errors,
            error_examples = examples,
            seconds = Math.Round(large.Seconds, 2),
            deltas_per_second = Math.Round(large.Deltas / large.Seconds),
            server_cpu_seconds = Math.Round(large.ServerCpu / 1e6, 2),
            model_cpu_seconds = Math.Round(large.ModelCpu / 1e6, 2),
            // Everything the server spent on the long answers, divided by their deltas.
            server_us_per_delta_all_in = Per(large.ServerCpu, large.Deltas),
            model_us_per_delta_all_in = Per(large.ModelCpu, large.Deltas),
            // What one more delta costs: the long answers minus the one-delta answers, per extra delta.
            server_us_per_delta = Per(large.ServerCpu - small.ServerCpu, extraDeltas),
            model_us_per_delta = Per(large.ModelCpu - small.ModelCpu, extraDeltas),
            server_us_per_answer_fixed = Per(small.ServerCpu, small.Calls.Count),
            model_us_per_answer_fixed = Per(small.ModelCpu, small.Calls.Count),
            cpu_resolution_us = 10_000,
        };
    }

    private static double? Per(double microseconds, long units) => units <= 0 ? null : Math.Round(microseconds / units, 2);

    private sealed record CpuRun(List<ChatCall> Calls, long Deltas, double Seconds, double ServerCpu, double ModelCpu);

    private static async Task<CpuRun> MeasureCpuAsync(HttpClient client, Guid workspace, byte[][] bodies, int count, int concurrency, int serverPid, int modelPid)
    {
        var server = ProcessStats.CpuMicroseconds(serverPid);
        var model = ProcessStats.CpuMicroseconds(modelPid);
        var clock = Stopwatch.StartNew();
        var calls = await RunAsync(client, workspace, bodies, count, concurrency);
        var seconds = clock.Elapsed.TotalSeconds;
        // The last answer's message_stop may be read a moment before the server's and the model's last writes return.
        await Task.Delay(50);
        var run = new CpuRun(calls, calls.Sum(c => (long)c.Deltas), seconds,
            ProcessStats.CpuMicroseconds(serverPid) - server, ProcessStats.CpuMicroseconds(modelPid) - model);
        RequireComplete(calls, "measured run");
        return run;
    }

    /// <summary>
    /// <paramref name="count"/> streams held open at once, each stalled by the fake model after its first delta: the
    /// server's memory before and while they are held, every failure counted by kind, then all let go and the server
    /// checked (readiness, and a new answer).
    /// </summary>
    public static async Task<object> HoldAsync(string baseUrl, string key, Guid workspace, int count, int serverPid, int holdSeconds, int openTimeoutSeconds)
    {
        using var client = BenchHttp.Create(baseUrl, key);
        var path = ChatPath(workspace);
        var stalls = Questions("[[fake:stall]]");

        // Warm-up: whole answers, then a few held streams let go, so the JIT has seen every path the measure takes.
        Log("hold: warm-up");
        RequireComplete(await RunAsync(client, workspace, Questions(), 40, 4), "warm-up");
        await OpenAndReleaseAsync(client, path, stalls, Math.Min(count, 20), TimeSpan.FromSeconds(openTimeoutSeconds));
        await Task.Delay(TimeSpan.FromSeconds(2));

        await using var sampler = new MemorySampler(serverPid, "baseline", TimeSpan.FromMilliseconds(50));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var baseline = sampler.MedianRss("baseline");
        var baselineThreads = ProcessStats.Threads(serverPid);

        Log($"hold: opening {count} streams at once");
        sampler.Phase = "opening";
        using var release = new CancellationTokenSource();
        var calls = Enumerable.Range(0, count).Select(_ => new ChatCall()).ToArray();
        var clock = Stopwatch.StartNew();
        var running = calls.Select((call, i) => Task.Run(() => call.RunAsync(client, path, stalls[i % stalls.Length], release.Token))).ToArray();
        var opened = Task.WhenAll(calls.Select(c => c.FirstDelta));
        var allOpened = await Task.WhenAny(opened, Task.Delay(TimeSpan.FromSeconds(openTimeoutSeconds))) == opened;
        var openingSeconds = clock.Elapsed.TotalSeconds;
        var held = calls.Count(c => c.Error is null && c.Deltas > 0 && !c.Ended);
        Log($"hold: {held} of {count} streams held after {openingSeconds:F1} s{(allOpened ? "" : " (open timeout)")}; holding {holdSeconds} s");

        sampler.Phase = "held";
        await Task.Delay(TimeSpan.FromSeconds(holdSeconds));
        var stillHeld = calls.Count(c => c.Error is null && c.Deltas > 0 && !c.Ended);
        var heldRss = sampler.MaxRss("held");
        var heldThreads = sampler.MaxThreads("held");

        Log("hold: letting go of every stream");
        sampler.Phase = "released";
        clock.Restart();
        await release.CancelAsync();
        var finished = Task.WhenAll(running);
        var allFinished = await Task.WhenAny(finished, Task.Delay(TimeSpan.FromSeconds(60))) == finished;
        var releaseSeconds = clock.Elapsed.TotalSeconds;
        foreach (var call in calls.Where(c => c.Error is null))
        {
            if (call.Deltas == 0)
            {
                call.Fail(allOpened ? "no first delta" : $"no first delta within {openTimeoutSeconds} s");
            }
            else if (call.Ended)
            {
                call.Fail("ended while held", call.Stopped ? "message_stop" : null);
            }
        }

        // The server lets go of its side (model calls cancelled, partial answers' usage saved): give it a moment, then check it.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var afterRss = sampler.MedianRss("released");
        var ready = await ReadyAsync(client);
        var after = new ChatCall();
        await after.RunAsync(client, path, Questions()[0], CancellationToken.None);
        if (!after.Complete)
        {
            Log($"hold: the answer after letting go failed: {after.Error} {after.Detail}");
        }

        var peak = sampler.MaxRss("opening", "held");
        var (errors, examples) = Stats.Errors(calls);
        var statuses = calls.Where(c => c.Status != 0).GroupBy(c => c.Status).OrderBy(g => g.Key)
            .ToDictionary(g => g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g => g.Count());
        return new
        {
            streams = count,
            held,
            held_at_end = stillHeld,
            errors = calls.Count(c => c.Error is not null),
            errors_by_kind = errors,
            error_examples = examples,
            http_statuses = statuses,
            opening_seconds = Math.Round(openingSeconds, 2),
            open_first_delta_ms = Stats.Summary(calls.Select(c => c.FirstDeltaMs)),
            open_message_start_ms = Stats.Summary(calls.Select(c => c.StartMs)),
            hold_seconds = holdSeconds,
            keep_alives = calls.Sum(c => c.KeepAlives),
            baseline_rss_mb = Stats.Megabytes(baseline),
            peak_rss_mb = Stats.Megabytes(peak),
            held_rss_mb = Stats.Megabytes(heldRss),
            extra_mb = Stats.Megabytes(peak - baseline),
            held_extra_mb = Stats.Megabytes(heldRss - baseline),
            held_kb_per_stream = held == 0 ? (double?)null : Math.Round((heldRss - baseline) / 1024.0 / held, 1),
            baseline_threads = baselineThreads,
            peak_threads = sampler.MaxThreads("opening", "held"),
            held_threads = heldThreads,
            release_seconds = Math.Round(releaseSeconds, 2),
            released_all = allFinished,
            rss_after_release_mb = Stats.Megabytes(afterRss),
            ready_after = ready,
            answer_after = after.Complete,
            answer_after_error = after.Error,
        };
    }

    private static async Task OpenAndReleaseAsync(HttpClient client, string path, byte[][] bodies, int count, TimeSpan timeout)
    {
        using var release = new CancellationTokenSource();
        var calls = Enumerable.Range(0, count).Select(_ => new ChatCall()).ToArray();
        var running = calls.Select((call, i) => call.RunAsync(client, path, bodies[i % bodies.Length], release.Token)).ToArray();
        await Task.WhenAny(Task.WhenAll(calls.Select(c => c.FirstDelta)), Task.Delay(timeout));
        await release.CancelAsync();
        await Task.WhenAll(running);
        var failed = calls.FirstOrDefault(c => c.Error is not null);
        if (failed is not null)
        {
            Log($"warm-up: {calls.Count(c => c.Error is not null)} of {count} held streams failed, first: {failed.Error} {failed.Detail}");
        }
    }

    private static async Task<bool> ReadyAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("/health/ready");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
