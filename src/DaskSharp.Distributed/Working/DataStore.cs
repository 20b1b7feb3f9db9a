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
/// <para>
/// Results never change, so a file outlives the read that brings its value back: the result is then
/// <em>kept</em>, in memory and on disk. Leaving memory again costs a kept result nothing (no
/// serializing, no write, no queue): the store lets go of the value at once, and it is on disk only
/// again. So kept results are the first to leave memory, least recently used first, before any
/// result that would have to be written (or dropped). Removing or replacing a result deletes its file.
/// </para>
/// <para>
/// The books: every result held is in <see cref="MemoryBytes"/> or in <see cref="SpilledBytes"/>
/// (never both), unless it was dropped to be recomputed, so their sum is what the store holds (the
/// heartbeat's managed bytes). A kept result counts in memory (and in <see cref="KeptBytes"/>);
/// its file counts in <see cref="SpillFileBytes"/>.
/// </para>
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
    private readonly LinkedList<Entry> _recent = []; // in memory only and able to leave it, least recently used first
    private readonly LinkedList<Entry> _kept = []; // in memory and in a file kept from an earlier write, least recently used first
    private readonly LinkedList<Entry> _spilling = []; // waiting for the writer, oldest first
    private readonly RecomputeOrSpill _choice = new();
    private readonly string _directory;
    private readonly long _target;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private long _pendingBytes; // queued or being written: in memory, on their way out
    private long _keptBytes;
    private long _spillFileBytes;
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

    /// <summary>
    /// Bytes of the results whose values are in memory: those in memory only (including those queued
    /// for the writer or being written) and the kept ones, which are on disk too (<see cref="KeptBytes"/>).
    /// </summary>
    public long MemoryBytes { get; private set; }

    /// <summary>Bytes (as measured in memory) of the results whose only copy is on disk; with <see cref="MemoryBytes"/>, all the store holds.</summary>
    public long SpilledBytes { get; private set; }

    /// <summary>Results whose only copy is on disk now (a kept result is not among them until it leaves memory again).</summary>
    public int SpilledCount => Volatile.Read(ref _spilledCount);

    /// <summary>Bytes (as measured in memory, and within <see cref="MemoryBytes"/>) of the kept results: in memory and still in their files, so letting them go writes nothing.</summary>
    public long KeptBytes
    {
        get
        {
            lock (_gate)
            {
                return _keptBytes;
            }
        }
    }

    /// <summary>Spill files held now: one for each result on disk only and one for each kept result.</summary>
    public int SpillFileCount
    {
        get
        {
            lock (_gate)
            {
                return _spilledCount + _kept.Count;
            }
        }
    }

    /// <summary>Bytes in the spill files now: those of the results on disk only and of the kept ones (file bytes, after compression).</summary>
    public long SpillFileBytes
    {
        get
        {
            lock (_gate)
            {
                return _spillFileBytes;
            }
        }
    }

    /// <summary>Bytes written to spill files since the store began (file bytes, after compression); a kept result leaving memory again adds none.</summary>
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

    /// <summary>True while something in memory could still leave it: be written, dropped, or (when kept) let go.</summary>
    public bool HasSpillable
    {
        get
        {
            lock (_gate)
            {
                return _recent.First is not null || _kept.First is not null;
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
    /// The result of <paramref name="key"/>: from memory (a result queued for the writer stays there,
    /// and its spill is called off; a kept one is never read from its file), else read back from its
    /// file, which it keeps, or rebuilt by its recipe on this thread.
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

    /// <summary>Drops a result (from memory, disk, or the writer's queue) and deletes its file (a file in flight when written, a file being read back once read).</summary>
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
    /// For the memory monitor when the process is above the spill threshold: lets go of kept results,
    /// then queues (or drops) others, least recently used first, until at least <paramref name="bytes"/>
    /// are out of memory or on their way, counting those already queued or being written, even when
    /// managed memory is under the target.
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

    /// <summary>The spill file of <paramref name="key"/> while it has one: on disk only, or kept (for tests and diagnostics).</summary>
    internal string? SpillFileOf(Key key)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(key, out Entry? entry) ? entry.Path : null;
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
            foreach (Entry entry in _entries.Values)
            {
                entry.State = EntryState.Removed; // a reader loading one deletes its file (if the directory is not gone already)
                entry.Value = null;
            }

            _entries.Clear();
            _recent.Clear();
            _kept.Clear();
            _spilling.Clear();
            MemoryBytes = SpilledBytes = _pendingBytes = _keptBytes = _spillFileBytes = 0;
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

    /// <summary>The value of an entry still in memory, calling off a spill not yet done; false when it is on disk only, dropped or being loaded.</summary>
    private bool TryTakeFromMemoryLocked(Entry entry, out object? value)
    {
        value = entry.Value;
        switch (entry.State)
        {
            case EntryState.Memory or EntryState.Kept:
                if (entry.Node.List is { } list) // most recently used now, in _recent or _kept
                {
                    list.Remove(entry.Node);
                    list.AddLast(entry.Node);
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
                // The writer finds it read and keeps it in memory, with its file if the write succeeds.
                entry.State = EntryState.ReadWhileWriting;
                _pendingBytes -= entry.NBytes;
                return true;
            case EntryState.ReadWhileWriting:
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
            case EntryState.ReadWhileWriting:
                MemoryBytes -= entry.NBytes;
                break;
            case EntryState.Kept:
                _kept.Remove(entry.Node);
                MemoryBytes -= entry.NBytes;
                _keptBytes -= entry.NBytes;
                file = entry.Path;
                break;
            case EntryState.Disk:
                LeaveDiskLocked(entry);
                file = entry.Path;
                break;
            case EntryState.Loading when entry.Path is not null:
                LeaveDiskLocked(entry); // the reader deletes the file after reading it
                break;
        }

        if (entry.Path is not null)
        {
            _spillFileBytes -= entry.FileBytes;
        }

        entry.State = EntryState.Removed;
        entry.Value = null;
        return file;
    }

    /// <summary>Counts an entry whose only copy is now its file.</summary>
    private void EnterDiskLocked(Entry entry)
    {
        SpilledBytes += entry.NBytes;
        _spilledCount++;
    }

    /// <summary>Counts an entry whose file is no longer its only copy (or no longer held).</summary>
    private void LeaveDiskLocked(Entry entry)
    {
        SpilledBytes -= entry.NBytes;
        _spilledCount--;
    }

    /// <summary>Counts a file newly written for an entry (an only copy, or kept along with the value).</summary>
    private void AttachFileLocked(Entry entry, string path, long fileBytes)
    {
        entry.Path = path;
        entry.FileBytes = fileBytes;
        _spillFileBytes += fileBytes;
    }

    /// <summary>Puts an entry in memory whose file is kept: first to leave memory, at no cost, when memory is short.</summary>
    private void KeepLocked(Entry entry)
    {
        entry.State = EntryState.Kept;
        _kept.AddLast(entry.Node);
        _keptBytes += entry.NBytes;
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
