using System.Globalization;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Cluster;

/// <summary>
/// A logger that keeps the last <see cref="Capacity"/> lines it was given (information and above)
/// and passes everything on to the logger the user gave, so a cluster can answer
/// <see cref="Cluster.GetLogs"/> without files (distributed keeps such a deque per server).
/// </summary>
internal sealed class RecentLog(string name, ILogger inner, Action? written = null, int capacity = RecentLog.DefaultCapacity) : ILogger
{
    /// <summary>Lines kept per log unless told otherwise.</summary>
    public const int DefaultCapacity = 1000;

    private readonly Queue<string> _lines = new();

    /// <summary>The most lines kept; older ones are dropped.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>The kept lines, oldest first: <c>2026-12-01 22:10:53,123 - scheduler - INFO - Register worker …</c>.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information || inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (inner.IsEnabled(logLevel))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }

        if (logLevel >= LogLevel.Information && logLevel != LogLevel.None)
        {
            Add(logLevel, formatter(state, exception) + (exception is null ? string.Empty : $" ({exception.GetType().Name}: {exception.Message})"));
        }

        written?.Invoke();
    }

    private void Add(LogLevel level, string message)
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"{DateTime.Now:yyyy-MM-dd HH:mm:ss,fff} - {name} - {Level(level)} - {message}");
        lock (_lines)
        {
            if (_lines.Count == Capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        _ => "CRITICAL",
    };
}
