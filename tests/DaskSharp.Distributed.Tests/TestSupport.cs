using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// Port 8787 is one per machine, and test processes that want it (this suite's seed and port
/// tests, the quickstart test in DaskSharp.Core.Tests) run at once: they take turns through a
/// file lock (an exclusive open is an flock on Linux).
/// </summary>
internal sealed class DefaultDashboardPort : IDisposable
{
    private readonly FileStream _lock;

    private DefaultDashboardPort(FileStream held) => _lock = held;

    public static DefaultDashboardPort Acquire()
    {
        string path = Path.Combine(Path.GetTempPath(), "dasksharp-tests-port-8787.lock");
        DateTime deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            try
            {
                return new DefaultDashboardPort(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }

    public void Dispose() => _lock.Dispose();
}

/// <summary>Keeps what is logged, to assert on messages.</summary>
internal sealed class CapturingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception)));
}
