using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Planck.Infrastructure.Documents.Embeddings;

/// <summary>
/// One dedicated thread that runs CPU-heavy work one item at a time, below the scheduling priority of the threads
/// answering requests. Embedding a query or a batch of passages keeps a core busy for milliseconds to seconds; at the
/// normal priority that time is taken from every request in flight (a chat stream's first event waited behind
/// other answers' embeddings). Threads the work creates (ONNX Runtime's own pool, made on first use) inherit the
/// lower priority on Linux, where priority is per thread.
/// <para>
/// Urgent work (a query someone is waiting for) runs before queued ordinary work (a document's passages), and long
/// ordinary work calls <see cref="RunWaitingUrgentWork"/> between its steps: a search during a large ingestion waits
/// for one step of the model, not for a whole batch of passages (seconds on a busy machine).
/// </para>
/// </summary>
internal sealed class BackgroundPriorityWorker
{
    /// <summary>Linux nice value of the worker: 10 gets it about a tenth of a core that normal threads want.</summary>
    private const int NiceValue = 10;

    private readonly ConcurrentQueue<Func<bool>> _urgent = new();
    private readonly ConcurrentQueue<Func<bool>> _ordinary = new();

    /// <summary>One count per queued item; an item run early by <see cref="RunWaitingUrgentWork"/> leaves a spare count behind, which only costs an empty turn of the loop.</summary>
    private readonly Channel<bool> _queued = Channel.CreateUnbounded<bool>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Thread _thread;
    private bool _runningUrgent;

    public BackgroundPriorityWorker(string name)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = name, Priority = ThreadPriority.BelowNormal };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the worker; work cancelled before its turn never starts.</summary>
    /// <param name="urgent">Run before every ordinary item still waiting, and between the steps of the one running.</param>
    public Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken, bool urgent = false)
    {
        ArgumentNullException.ThrowIfNull(work);
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        (urgent ? _urgent : _ordinary).Enqueue(() =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return completion.TrySetCanceled(cancellationToken);
            }

            try
            {
                return completion.TrySetResult(work(cancellationToken));
            }
            catch (OperationCanceledException exception)
            {
                return completion.TrySetCanceled(exception.CancellationToken);
            }
            catch (Exception exception)
            {
                return completion.TrySetException(exception);
            }
        });
        _queued.Writer.TryWrite(true);
        return completion.Task;
    }

    /// <summary>
    /// Called by ordinary work on the worker between its steps: runs the urgent work queued meanwhile, then returns.
    /// Does nothing off the worker's thread or inside urgent work.
    /// </summary>
    public void RunWaitingUrgentWork()
    {
        if (Environment.CurrentManagedThreadId != _thread.ManagedThreadId || _runningUrgent)
        {
            return;
        }

        RunUrgent();
    }

    private void RunUrgent()
    {
        _runningUrgent = true;
        try
        {
            while (_urgent.TryDequeue(out var item))
            {
                item();
            }
        }
        finally
        {
            _runningUrgent = false;
        }
    }

    private void Run()
    {
        LowerOwnPriority();
        var reader = _queued.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            if (!reader.TryRead(out _))
            {
                continue;
            }

            RunUrgent();
            if (_ordinary.TryDequeue(out var item))
            {
                item();
            }
        }
    }

    /// <summary>
    /// .NET applies <see cref="ThreadPriority"/> on Windows only; on Linux the thread's own nice value is set
    /// instead (raising it needs no privilege). Elsewhere, or if refused, the work simply runs at normal priority.
    /// </summary>
    private static void LowerOwnPriority()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = NativeMethods.SetPriority(NativeMethods.PriorityProcess, NativeMethods.GetThreadId(), NiceValue);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library without gettid: normal priority, as on other systems.
        }
    }

    private static class NativeMethods
    {
        /// <summary>PRIO_PROCESS: with a thread id, Linux applies the nice value to that thread alone.</summary>
        public const int PriorityProcess = 0;

        // DllImport rather than LibraryImport: the generated stubs need unsafe code, and these signatures are
        // blittable, so there is nothing for a generator to marshal.
#pragma warning disable SYSLIB1054
        [DllImport("libc", EntryPoint = "setpriority")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int SetPriority(int which, int who, int priority);

        [DllImport("libc", EntryPoint = "gettid")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int GetThreadId();
#pragma warning restore SYSLIB1054
    }
}
