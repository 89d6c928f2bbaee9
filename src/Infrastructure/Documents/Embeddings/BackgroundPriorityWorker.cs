using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Planck.Infrastructure.Documents.Embeddings;

/// <summary>
/// One dedicated thread that runs CPU-heavy work one item at a time, below the scheduling priority of the threads
/// answering requests. Embedding a query or a batch of passages keeps a core busy for milliseconds to seconds; at the
/// normal priority that time is taken from every request in flight (a chat stream's first event waited behind
/// other answers' embeddings). Threads the work creates (ONNX Runtime's own pool, made on first use) inherit the
/// lower priority on Linux, where priority is per thread.
/// </summary>
internal sealed class BackgroundPriorityWorker
{
    /// <summary>Linux nice value of the worker: 10 gets it about a tenth of a core that normal threads want.</summary>
    private const int NiceValue = 10;

    private readonly Channel<Func<bool>> _work = Channel.CreateUnbounded<Func<bool>>(new UnboundedChannelOptions { SingleReader = true });

    public BackgroundPriorityWorker(string name)
    {
        var thread = new Thread(Run) { IsBackground = true, Name = name, Priority = ThreadPriority.BelowNormal };
        thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the worker; work cancelled before its turn never starts.</summary>
    public Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Writer.TryWrite(() =>
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
        return completion.Task;
    }

    private void Run()
    {
        LowerOwnPriority();
        var reader = _work.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var item))
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
