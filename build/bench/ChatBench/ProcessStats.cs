using System.Collections.Concurrent;
using System.Globalization;

namespace Planck.Bench.Chat;

/// <summary>Another process's CPU time, resident memory and threads, read from /proc.</summary>
internal static class ProcessStats
{
    /// <summary>/proc reports CPU time in USER_HZ ticks, which Linux fixes at 100 a second for user space.</summary>
    private const double MicrosecondsPerTick = 10_000;

    /// <summary>utime + stime of every thread of <paramref name="pid"/>, in microseconds (10 ms resolution).</summary>
    public static double CpuMicroseconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces; the fields after it start with the state (field 3).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[14 - 3], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
        return (utime + stime) * MicrosecondsPerTick;
    }

    public static long ResidentBytes(int pid) => StatusKilobytes(pid, "VmRSS:") * 1024;

    public static int Threads(int pid) => (int)StatusKilobytes(pid, "Threads:");

    private static long StatusKilobytes(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"no {field} for process {pid}");
    }
}

/// <summary>Samples a process's resident memory and thread count every <c>interval</c>, each sample tagged with the phase it was taken in.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly ConcurrentQueue<(string Phase, long Rss, int Threads)> _samples = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile string _phase;

    public MemorySampler(int pid, string phase, TimeSpan interval)
    {
        _pid = pid;
        _phase = phase;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Sample();
                try
                {
                    await Task.Delay(interval, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
    }

    public string Phase
    {
        get => _phase;
        set
        {
            Sample();
            _phase = value;
            Sample();
        }
    }

    public long MaxRss(params string[] phases) => Matching(phases).Select(s => s.Rss).DefaultIfEmpty(0).Max();

    public int MaxThreads(params string[] phases) => Matching(phases).Select(s => s.Threads).DefaultIfEmpty(0).Max();

    /// <summary>The median, so one sample caught mid-collection does not set the baseline.</summary>
    public long MedianRss(string phase)
    {
        var values = Matching([phase]).Select(s => s.Rss).Order().ToList();
        return values.Count == 0 ? 0 : values[values.Count / 2];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private IEnumerable<(string Phase, long Rss, int Threads)> Matching(string[] phases) =>
        _samples.Where(s => phases.Length == 0 || phases.Contains(s.Phase));

    private void Sample() => _samples.Enqueue((_phase, ProcessStats.ResidentBytes(_pid), ProcessStats.Threads(_pid)));
}

internal static class Stats
{
    /// <summary>Nearest-rank percentile of already sorted values; NaN for none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>p50/p95/p99/max/mean in milliseconds, rounded to 0.01.</summary>
    public static object Summary(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
        return new
        {
            count = sorted.Count,
            p50 = Round(Percentile(sorted, 50)),
            p95 = Round(Percentile(sorted, 95)),
            p99 = Round(Percentile(sorted, 99)),
            max = Round(sorted.Count == 0 ? double.NaN : sorted[^1]),
            mean = Round(sorted.Count == 0 ? double.NaN : sorted.Average()),
        };
    }

    public static double? Round(double value, int digits = 2) => double.IsNaN(value) ? null : Math.Round(value, digits);

    public static double Megabytes(long bytes) => Math.Round(bytes / 1048576.0, 1);

    /// <summary>Failed calls counted by their kind, and one example detail of each.</summary>
    public static (SortedDictionary<string, int> Counts, SortedDictionary<string, string> Examples) Errors(IEnumerable<ChatCall> calls)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var examples = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var call in calls.Where(c => c.Error is not null))
        {
            counts[call.Error!] = counts.GetValueOrDefault(call.Error!) + 1;
            examples.TryAdd(call.Error!, call.Detail ?? "");
        }

        return (counts, examples);
    }
}
