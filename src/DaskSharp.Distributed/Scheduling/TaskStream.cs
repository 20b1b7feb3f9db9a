using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Scheduling;

/// <summary>One bar of the task stream: a task run, a transfer or a spill on a worker.</summary>
/// <param name="Sequence">Its number in the stream (readers resume after the last one they saw).</param>
/// <param name="Worker">The worker's address.</param>
/// <param name="Thread">The worker thread that ran the task (-1 for transfers and spills).</param>
/// <param name="Kind">What happened.</param>
/// <param name="Start">Wall-clock start, seconds since the Unix epoch.</param>
/// <param name="Stop">Wall-clock end.</param>
/// <param name="Key">The task, for runs; the result spilled, read back or dropped, for those (a transfer names none).</param>
/// <param name="Prefix">The task's prefix, for runs.</param>
/// <param name="NBytes">Bytes moved, for transfers and spills.</param>
/// <param name="Peer">Where a transfer came from.</param>
public readonly record struct TaskStreamEntry(long Sequence, string Worker, int Thread, ActionKind Kind, double Start, double Stop, Key? Key, TaskPrefix? Prefix, long NBytes, string? Peer);

/// <summary>
/// The scheduler's record of what workers did, newest last (distributed's <c>TaskStreamPlugin</c>):
/// a ring of the last <see cref="Capacity"/> entries that the scheduler appends to as reports
/// arrive and the dashboard reads from any thread. It also counts finished tasks in quarter-second
/// buckets for a tasks-per-second rate.
/// </summary>
public sealed class TaskStream
{
    private const double BucketSeconds = 0.25;
    private const int Buckets = 20; // five seconds

    private readonly object _gate = new();
    private readonly TaskStreamEntry[] _ring;
    private readonly long[] _finishedPerBucket = new long[Buckets];
    private readonly long[] _bucketNumber = new long[Buckets];
    private long _count;

    /// <summary>A stream that keeps the last <paramref name="capacity"/> entries (distributed keeps 100,000).</summary>
    public TaskStream(int capacity = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new TaskStreamEntry[capacity];
    }

    /// <summary>Entries kept at most.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Entries ever added; the next one gets this sequence number.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>
    /// Tasks (finished or erred) per second as of <paramref name="now"/> (a <see cref="WallClock"/>
    /// time): those of the last five seconds over the time since the first of them, at least one
    /// second, so a burst that just began reads as its rate and not a fifth of it.
    /// </summary>
    public double TasksPerSecond(double now)
    {
        long current = (long)(now / BucketSeconds);
        long sum = 0;
        long oldest = current;
        lock (_gate)
        {
            for (int i = 0; i < Buckets; i++)
            {
                if (current - _bucketNumber[i] is >= 0 and < Buckets && _finishedPerBucket[i] > 0)
                {
                    sum += _finishedPerBucket[i];
                    oldest = Math.Min(oldest, _bucketNumber[i]);
                }
            }
        }

        return sum / Math.Max(1.0, now - (oldest * BucketSeconds));
    }

    /// <summary>
    /// Entries numbered <paramref name="since"/> or later, at most the newest <paramref name="max"/>
    /// of them (older ones are skipped, as the dashboard's task stream does when it falls behind).
    /// </summary>
    public IReadOnlyList<TaskStreamEntry> Since(long since, int max) => Since(since, max, out _);

    /// <summary>As <see cref="Since(long, int)"/>; <paramref name="next"/> is the sequence number to resume from.</summary>
    public IReadOnlyList<TaskStreamEntry> Since(long since, int max, out long next)
    {
        lock (_gate)
        {
            long first = Math.Max(Math.Max(since, _count - _ring.Length), Math.Max(0, _count - max));
            var entries = new TaskStreamEntry[Math.Max(0, _count - first)];
            for (long s = first; s < _count; s++)
            {
                entries[s - first] = _ring[s % _ring.Length];
            }

            next = Math.Max(since, _count);
            return entries;
        }
    }

    internal void AddTask(string worker, TaskPrefix? prefix, Key key, TaskTiming timing, bool erred)
    {
        if (timing.Seconds is null)
        {
            return;
        }

        lock (_gate)
        {
            long bucket = (long)(timing.Stop / BucketSeconds);
            int slot = (int)(bucket % Buckets);
            if (_bucketNumber[slot] != bucket)
            {
                _bucketNumber[slot] = bucket;
                _finishedPerBucket[slot] = 0;
            }

            _finishedPerBucket[slot]++;
            AppendLocked(new TaskStreamEntry(0, worker, timing.Thread, erred ? ActionKind.Erred : ActionKind.Compute, timing.Start, timing.Stop, key, prefix, 0, null));
        }
    }

    internal void AddActivity(string worker, ActionKind kind, double start, double stop, long nbytes, string? peer, Key? key = null)
    {
        lock (_gate)
        {
            AppendLocked(new TaskStreamEntry(0, worker, -1, kind, start, stop, key, null, nbytes, peer));
        }
    }

    private void AppendLocked(TaskStreamEntry entry)
    {
        _ring[_count % _ring.Length] = entry with { Sequence = _count };
        _count++;
    }
}
