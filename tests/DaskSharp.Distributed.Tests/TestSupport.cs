using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Tests;

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

/// <summary>
/// For a condition no event announces (a count in a scheduler snapshot): polls it until it holds,
/// failing with what was awaited. Prefer awaiting a real event where there is one.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(10);

    /// <exception cref="TimeoutException">naming <paramref name="what"/> when <paramref name="condition"/> does not hold within <paramref name="timeout"/>.</exception>
    public static async Task True(Func<bool> condition, TimeSpan timeout, string what)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(start) > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {what}; it did not happen.");
            }

            await Task.Delay(s_poll); // the poll interval of a real condition, not a guess at how long something takes
        }
    }
}

/// <summary>Awaits a task for at most a bound, failing with what was awaited.</summary>
internal static class AwaitBounded
{
    /// <exception cref="TimeoutException">naming <paramref name="what"/> when <paramref name="task"/> has not ended within <paramref name="timeout"/>.</exception>
    public static async Task Within(this Task task, TimeSpan timeout, string what)
    {
        try
        {
            await task.WaitAsync(timeout);
        }
        catch (TimeoutException e) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {what}; it did not happen.", e);
        }
    }

    /// <inheritdoc cref="Within(Task, TimeSpan, string)"/>
    public static async Task<T> Within<T>(this Task<T> task, TimeSpan timeout, string what)
    {
        await ((Task)task).Within(timeout, what);
        return await task;
    }
}
