namespace DaskSharp.Distributed.Tests;

/// <summary>
/// A clock that moves only when a test calls <see cref="Advance"/>: timers made through it (by
/// <see cref="PeriodicTimer"/>, <c>Task.Delay</c>, <c>CancellationTokenSource</c>, <c>WaitAsync</c>)
/// fire then, in due order, on the advancing thread, each with the clock at its due time.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _elapsed; // ticks since s_start

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return s_start.AddTicks(_elapsed);
        }
    }

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _elapsed;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>How many live timers repeat every <paramref name="period"/>.</summary>
    public int TimersWithPeriod(TimeSpan period)
    {
        lock (_gate)
        {
            return _timers.Count(t => t.DueAt is not null && t.Period == period.Ticks);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> live timers repeat every <paramref name="period"/> (zero: once), never by polling.</summary>
    /// <exception cref="TimeoutException">naming <paramref name="what"/> after <paramref name="timeout"/> of real time.</exception>
    public async Task WaitForTimerAsync(TimeSpan period, TimeSpan timeout, string what, int count = 1)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task; // taken with the check, so a timer made between the two is not missed
            }

            if (TimersWithPeriod(period) >= count)
            {
                return;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{count} live timers with period {period.TotalMilliseconds} ms ({what}) were not there within {timeout.TotalSeconds} s; {TimersWithPeriod(period)} were.");
            }
        }
    }

    /// <summary>Moves the clock on by <paramref name="by"/>, firing every timer that falls due; returns how many fired.</summary>
    public int Advance(TimeSpan by)
    {
        long target;
        lock (_gate)
        {
            target = _elapsed + by.Ticks;
        }

        int fired = 0;
        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    _elapsed = target;
                    return fired;
                }

                _elapsed = Math.Max(_elapsed, next.DueAt!.Value);
                next.DueAt = next.Period > 0 ? next.DueAt + next.Period : null;
            }

            next.Callback(next.State); // outside the lock: a callback may make or change timers
            fired++;
        }
    }

    private void Changed()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        /// <summary>When it fires next (ticks since the start), or null when it is stopped.</summary>
        public long? DueAt { get; set; }

        /// <summary>Ticks between firings; 0 for once.</summary>
        public long Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                if (!clock._timers.Contains(this))
                {
                    return false;
                }

                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock._elapsed + dueTime.Ticks;
                Period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            }

            clock.Changed();
            return true;
        }

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
