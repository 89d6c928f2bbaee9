using System.Collections.Concurrent;
using System.Globalization;
using Planck.Infrastructure.Documents.Embeddings;

namespace Planck.Infrastructure.IntegrationTests.Documents.Embeddings;

public sealed class BackgroundPriorityWorkerTests
{
    [Fact]
    public async Task Work_runs_in_order_on_one_thread_that_is_not_the_caller_s()
    {
        var worker = new BackgroundPriorityWorker("test worker");

        var threads = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => worker.RunAsync(_ => Environment.CurrentManagedThreadId, CancellationToken.None)));

        threads.Distinct().ShouldHaveSingleItem();
        threads[0].ShouldNotBe(Environment.CurrentManagedThreadId);
    }

    [Fact]
    public async Task The_worker_runs_below_normal_priority_and_so_do_threads_it_creates()
    {
        // Linux nice values (the product's platform, and CI's).
        var worker = new BackgroundPriorityWorker("test worker");

        var own = await worker.RunAsync(_ => NiceOfCurrentThread(), CancellationToken.None);
        var created = await worker.RunAsync(
            _ =>
            {
                var nice = 0;
                var child = new Thread(() => nice = NiceOfCurrentThread());
                child.Start();
                child.Join();
                return nice;
            },
            CancellationToken.None);

        own.ShouldBe(10);
        created.ShouldBe(10, "ONNX Runtime's threads are made by the worker and must not outrank it");
        NiceOfCurrentThread().ShouldBe(0, "the caller's priority is untouched");
    }

    [Fact]
    public async Task Failures_and_cancellations_reach_the_caller_and_the_worker_goes_on()
    {
        var worker = new BackgroundPriorityWorker("test worker");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<InvalidOperationException>(() => worker.RunAsync<int>(_ => throw new InvalidOperationException("broken"), CancellationToken.None));
        await Should.ThrowAsync<OperationCanceledException>(() => worker.RunAsync(_ => 1, cancelled.Token));
        (await worker.RunAsync(_ => 42, CancellationToken.None)).ShouldBe(42);
    }

    [Fact]
    public async Task Urgent_work_goes_ahead_of_waiting_ordinary_work()
    {
        var worker = new BackgroundPriorityWorker("test worker");
        using var release = new ManualResetEventSlim();
        var order = new ConcurrentQueue<string>();
        var blocker = worker.RunAsync(_ => release.Wait(TimeSpan.FromSeconds(30), CancellationToken.None), CancellationToken.None);

        var ordinary = worker.RunAsync(_ => { order.Enqueue("ordinary"); return 0; }, CancellationToken.None);
        var urgent = worker.RunAsync(_ => { order.Enqueue("urgent"); return 0; }, CancellationToken.None, urgent: true);
        release.Set();
        await Task.WhenAll(blocker, ordinary, urgent);

        (await blocker).ShouldBeTrue();
        order.ShouldBe(["urgent", "ordinary"]);
    }

    [Fact]
    public async Task Long_ordinary_work_lets_urgent_work_run_between_its_steps()
    {
        var worker = new BackgroundPriorityWorker("test worker");
        using var urgentQueued = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var steps = new ConcurrentQueue<string>();
        var longWork = worker.RunAsync(
            _ =>
            {
                steps.Enqueue("step 1");
                started.Set();
                urgentQueued.Wait(TimeSpan.FromSeconds(30), CancellationToken.None);
                worker.RunWaitingUrgentWork();
                steps.Enqueue("step 2");
                return 0;
            },
            CancellationToken.None);

        started.Wait(TimeSpan.FromSeconds(30), CancellationToken.None);
        var urgent = worker.RunAsync(_ => { steps.Enqueue("urgent"); return 0; }, CancellationToken.None, urgent: true);
        urgentQueued.Set();
        await Task.WhenAll(longWork, urgent);

        steps.ShouldBe(["step 1", "urgent", "step 2"]);
        worker.RunWaitingUrgentWork(); // off the worker's thread: nothing to run, nothing thrown
    }

    /// <summary>Field 19 of the thread's stat line (after the parenthesised name, which may hold spaces).</summary>
    private static int NiceOfCurrentThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], CultureInfo.InvariantCulture);
    }
}
