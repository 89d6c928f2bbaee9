using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Planck.WebApi.FunctionalTests.Support;

/// <summary>A logger provider that keeps every line ("category: message exception") for a test to read.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Queue { get; } = new();

    public IReadOnlyList<string> Lines => Queue.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Queue.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}
