using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Working.Spill;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Working;

/// <summary>
/// A worker's results (distributed's <c>SpillBuffer</c>): kept in memory while their bytes stay
/// under the target (0.6 of the memory limit by default); beyond it, or when the memory monitor
/// asks through <see cref="Evict"/>, the least recently used leave memory. One that has a recipe
/// and is cheaper to rebuild than to write and read back is dropped (<see cref="RecomputeOrSpill"/>);
/// the others are queued for one background writer that puts each in a file of its own
/// (<see cref="SpillFile"/>) in the store's directory. Task threads never write: a queued or
/// in-flight result stays readable from memory, and the store lets go of it only once its file is
/// complete. A read of a result on disk reads its file on the reading thread; a read of a dropped one
/// runs its recipe there. Values no serializer handles stay in memory. Thread-safe.
/// </summary>
/// <remarks>
/// Lock order: an entry's own lock (held by the one reader loading it) before the store's lock;
/// no file is read, written or deleted and no callback runs under the store's lock.
/// </remarks>
internal sealed partial class DataStore : IDisposable
{
    private static readonly TimeSpan s_disposeWait = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private readonly Dictionary<Key, Entry> _entries = [];
    private readonly LinkedList<Entry> _recent = []; // in memory and able to leave it, least recently used first
    private readonly LinkedList<Entry> _spilling = []; // waiting for the writer, oldest first
    private readonly RecomputeOrSpill _choice = new();
    private readonly string _directory;
    private readonly long _target;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private long _pendingBytes; // queued or being written: in memory, on their way out
    private int _spilledCount;
    private bool _disposed;

    /// <summary>A store that spills above <paramref name="target"/> bytes (0: only on <see cref="Evict"/>) into <paramref name="directory"/>; <paramref name="time"/> stamps its disk activity.</summary>
    public DataStore(string directory, long target, ILogger logger, TimeProvider time)
    {
        _directory = directory;
        _target = target;
        _logger = logger;
        _time = time;
    }

    /// <summary>Called after each spill file is written and each is read back, for the task stream (on the writer's or the reader's thread, outside the store's lock).</summary>
    public Action<WorkerActivity>? DiskActivity { get; set; }

    /// <summary>Called with the key and bytes of each result dropped to be recomputed instead of spilled (outside the store's lock).</summary>
    public Action<Key, long>? Dropped { get; set; }

    /// <summary>Bytes held in memory, including results queued for the writer or being written.</summary>
    public long MemoryBytes { get; private set; }

    /// <summary>Bytes (as measured in memory) of the results on disk.</summary>
    public long SpilledBytes { get; private set; }

    /// <summary>Results on disk now.</summary>
    public int SpilledCount => Volatile.Read(ref _spilledCount);

    /// <summary>Bytes written to spill files since the store began (file bytes, after compression).</summary>
    public long DiskBytesWritten { get; private set; }

    /// <summary>Bytes of spill files read back since the store began.</summary>
    public long DiskBytesRead { get; private set; }

    /// <summary>Seconds spent serializing and writing spill files.</summary>
    public double DiskWriteSeconds { get; private set; }

    /// <summary>Seconds spent reading spill files back and deserializing them.</summary>
    public double DiskReadSeconds { get; private set; }

    /// <summary>Results dropped to be recomputed instead of spilled, since the store began.</summary>
    public long DroppedCount { get; private set; }

    /// <summary>Bytes of the results counted by <see cref="DroppedCount"/>.</summary>
    public long DroppedBytes { get; private set; }

    /// <summary>Dropped results rebuilt by their recipe on a read.</summary>
    public long RecomputedCount { get; private set; }

    /// <summary>Every key held: in memory, on disk, or dropped with a recipe.</summary>
    public IReadOnlyCollection<Key> Keys
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Keys];
            }
        }
    }

    /// <summary>True while something in memory could still be spilled or dropped.</summary>
    public bool HasSpillable
    {
        get
        {
            lock (_gate)
            {
                return _recent.First is not null;
            }
        }
    }

    /// <summary>True while results are queued for the writer or being written.</summary>
    public bool WritesPending
    {
        get
        {
            lock (_gate)
            {
                return _idle is not null;
            }
        }
    }

    /// <summary>
    /// Stores a result of <paramref name="nbytes"/> bytes; when memory is over the target, older
    /// ones are queued for the writer (or dropped) — never this one, which its dependents are about to
    /// read. <paramref name="recompute"/>, when given, rebuilds the value (on the reading thread) if it
    /// is dropped instead of spilled; it must not read this key itself.
    /// </summary>
    public void Set(Key key, object? value, long nbytes, Func<object?>? recompute = null)
    {
        string? stale;
        List<Entry>? dropped = null;
        lock (_gate)
        {
            stale = _entries.Remove(key, out Entry? old) ? DetachLocked(old) : null;
            var entry = new Entry(key, value, nbytes, recompute);
            _entries.Add(key, entry);
            _recent.AddLast(entry.Node);
            MemoryBytes += nbytes;
            ScheduleOverTargetLocked(entry, ref dropped);
        }

        DeleteFile(stale);
        ReportDropped(dropped);
    }

    /// <summary>
    /// The result of <paramref name="key"/>: from memory (a result queued for the writer or being
    /// written stays there, and its spill is called off), else read back from its file or rebuilt by
    /// its recipe on this thread.
    /// </summary>
    /// <exception cref="InvalidDataException">naming the key and the file when its spill file is corrupt or truncated.</exception>
    /// <exception cref="IOException">naming the key and the file when its spill file cannot be read.</exception>
    /// <exception cref="RecomputeFailedException">when the recipe of a dropped result throws.</exception>
    public bool TryGet(Key key, out object? value)
    {
        Entry? entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out entry))
            {
                value = null;
                return false;
            }

            if (TryTakeFromMemoryLocked(entry, out value))
            {
                return true;
            }
        }

        return TryLoad(entry, out value);
    }

    /// <summary>Drops a result (from memory, disk, or the writer's queue; a file in flight is deleted when written).</summary>
    public void Remove(Key key)
    {
        string? file = null;
        lock (_gate)
        {
            if (_entries.Remove(key, out Entry? entry))
            {
                file = DetachLocked(entry);
            }
        }

        DeleteFile(file);
    }

    /// <summary>
    /// For the memory monitor when the process is above the spill threshold: queues (or drops) least
    /// recently used results until at least <paramref name="bytes"/> are on their way out of memory,
    /// counting those already queued or being written, even when managed memory is under the target.
    /// Returns the bytes it scheduled now (less than asked when too little can leave memory).
    /// </summary>
    public long Evict(long bytes)
    {
        long scheduled;
        List<Entry>? dropped = null;
        lock (_gate)
        {
            scheduled = _disposed ? 0 : ScheduleLocked(bytes - _pendingBytes, keep: null, ref dropped);
        }

        ReportDropped(dropped);
        return scheduled;
    }

    /// <summary>
    /// Completes when nothing is queued or being written (true), or after <paramref name="timeout"/>
    /// on the store's clock (false): the monitor waits for the writer before collecting garbage.
    /// </summary>
    public async Task<bool> WhenSpillsWrittenAsync(TimeSpan timeout, CancellationToken cancellation = default)
    {
        Task? idle;
        lock (_gate)
        {
            idle = _idle?.Task;
        }

        if (idle is null)
        {
            return true;
        }

        try
        {
            await idle.WaitAsync(timeout, _time, cancellation).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// A task of <paramref name="prefix"/> (its key's <see cref="Key.Prefix"/>) ran for
    /// <paramref name="seconds"/> and made <paramref name="nbytes"/> bytes: what rebuilding such a
    /// result costs when deciding to drop it instead of spilling it.
    /// </summary>
    public void RecordCompute(string prefix, double seconds, long nbytes)
    {
        lock (_gate)
        {
            _choice.RecordCompute(prefix, seconds, nbytes);
        }
    }

    /// <summary>The spill file of <paramref name="key"/> while it is on disk (for tests and diagnostics).</summary>
    internal string? SpillFileOf(Key key)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(key, out Entry? entry) && entry.State is EntryState.Disk ? entry.Path : null;
        }
    }

    /// <summary>Stops the writer (waiting up to 10 s for a file in flight), drops everything and deletes the store's directory.</summary>
    public void Dispose()
    {
        Thread? writer;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            writer = _writer;
            Monitor.PulseAll(_gate);
        }

        if (writer is not null && !writer.Join(s_disposeWait))
        {
            _logger.LogWarning("The spill writer of {Directory} did not stop within {Seconds} s; deleting its files anyway", _directory, s_disposeWait.TotalSeconds);
        }

        lock (_gate)
        {
            _entries.Clear();
            _recent.Clear();
            _spilling.Clear();
            MemoryBytes = SpilledBytes = _pendingBytes = 0;
            _spilledCount = 0;
            CompleteIdleLocked();
        }

        try
        {
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Cannot delete the spill directory {Directory}: {Reason}", _directory, e.Message);
        }
    }

    /// <summary>The value of an entry still in memory, calling off a spill not yet done; false when it is on disk, dropped or being loaded.</summary>
    private bool TryTakeFromMemoryLocked(Entry entry, out object? value)
    {
        value = entry.Value;
        switch (entry.State)
        {
            case EntryState.Memory:
                if (entry.Node.List is not null)
                {
                    _recent.Remove(entry.Node);
                    _recent.AddLast(entry.Node);
                }

                return true;
            case EntryState.Queued:
                _spilling.Remove(entry.Node);
                _recent.AddLast(entry.Node);
                entry.State = EntryState.Memory;
                _pendingBytes -= entry.NBytes;
                CompleteIdleIfDoneLocked();
                return true;
            case EntryState.Writing:
                // The writer finds it cancelled, deletes the file and puts it back in _recent.
                entry.State = EntryState.WriteCancelled;
                _pendingBytes -= entry.NBytes;
                return true;
            case EntryState.WriteCancelled:
                return true;
            default:
                value = null;
                return false;
        }
    }

    /// <summary>Takes an entry out of the books as it leaves the store; returns a file for the caller to delete outside the lock.</summary>
    private string? DetachLocked(Entry entry)
    {
        string? file = null;
        switch (entry.State)
        {
            case EntryState.Memory:
                if (entry.Node.List is not null)
                {
                    _recent.Remove(entry.Node);
                }

                MemoryBytes -= entry.NBytes;
                break;
            case EntryState.Queued:
                _spilling.Remove(entry.Node);
                MemoryBytes -= entry.NBytes;
                _pendingBytes -= entry.NBytes;
                CompleteIdleIfDoneLocked();
                break;
            case EntryState.Writing:
                // The writer deletes the file it is writing when it finds the entry removed.
                MemoryBytes -= entry.NBytes;
                _pendingBytes -= entry.NBytes;
                break;
            case EntryState.WriteCancelled:
                MemoryBytes -= entry.NBytes;
                break;
            case EntryState.Disk:
                LeaveDiskLocked(entry);
                file = entry.Path;
                break;
            case EntryState.Loading when entry.Path is not null:
                LeaveDiskLocked(entry); // the reader deletes the file after reading it
                break;
        }

        entry.State = EntryState.Removed;
        entry.Value = null;
        return file;
    }

    private void LeaveDiskLocked(Entry entry)
    {
        SpilledBytes -= entry.NBytes;
        _spilledCount--;
    }

    private void DeleteFile(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Cannot delete the spill file {Path}: {Reason}", path, e.Message);
        }
    }

    private void ReportDropped(List<Entry>? dropped)
    {
        if (dropped is null || Dropped is not { } report)
        {
            return;
        }

        foreach (Entry entry in dropped)
        {
            report(entry.Key, entry.NBytes);
        }
    }
}
