using System.Diagnostics;
using System.Text;

namespace Planck.WebApi.FunctionalTests.Support;

/// <summary>
/// Runs the real server executable (Planck.WebApi.dll, built beside the tests) as a separate process, the way an
/// operator or a provisioning script does. Every run is bounded in time and killed if it overstays.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private ServerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static ServerProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Planck.WebApi.dll"));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Start from a clean slate: nothing from the test host's own configuration leaks into the child.
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("Planck__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        return new ServerProcess(Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the server executable."));
    }

    /// <summary>Runs a command-line verb to completion and returns its exit code.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        await using var run = Start(environment, arguments);
        using var timeout = new CancellationTokenSource(Limit);
        await run._process.WaitForExitAsync(timeout.Token);
        run._process.WaitForExit();
        return (run._process.ExitCode, run.Output, run.Error);
    }

    /// <summary>Waits until the standard output contains the text, or fails with everything the process printed.</summary>
    public async Task<string> WaitForOutputAsync(string text)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Limit)
        {
            var output = Output;
            if (output.Contains(text, StringComparison.Ordinal))
            {
                return output;
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The server never printed '{text}'.\nstdout:\n{Output}\nstderr:\n{Error}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
