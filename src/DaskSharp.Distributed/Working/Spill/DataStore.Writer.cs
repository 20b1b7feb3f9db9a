using System.Diagnostics;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Working.Spill;
using DaskSharp.Serialization;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Working;

// Choosing what leaves memory, and the one background thread that writes spill files.
internal sealed partial class DataStore
{
    private Thread? _writer; // started on the first spill, so a store that never spills costs no thread
    private Entry? _writing;
    private TaskCompletionSource? _idle; // set while anything is queued or being written
    private long _fileNumber;

    // In every file name, so files a crashed predecessor left in the same directory are never in the way of CreateNew.
    private readonly string _fileStem = Guid.NewGuid().ToString("N")[..12];

    /// <summary>Lets go of or schedules least recently used results while memory not already on its way out is over the target; never <paramref name="keep"/>.</summary>
    private void ScheduleOverTargetLocked(Entry keep, ref List<Entry>? dropped)
    {
        long excess = MemoryBytes - _pendingBytes - _target;
        if (_target > 0 && excess > 0 && !_disposed)
        {
            ScheduleLocked(excess, keep, ref dropped);
        }
    }

    /// <summary>
    /// Moves least recently used results (never <paramref name="keep"/>) out of memory until
    /// <paramref name="bytes"/> are out or on their way: the kept ones first, which cost nothing to let
    /// go (a result read back to be used once goes again before it pushes out one that must be
    /// written), then the others, queued or dropped. Returns the bytes scheduled.
    /// </summary>
    private long ScheduleLocked(long bytes, Entry? keep, ref List<Entry>? dropped)
    {
        long scheduled = 0;
        LinkedListNode<Entry>? node = _kept.First;
        while (scheduled < bytes && node is not null)
        {
            LinkedListNode<Entry>? next = node.Next;
            if (node.Value != keep)
            {
                scheduled += ReleaseKeptLocked(node.Value);
            }

            node = next;
        }

        node = _recent.First;
        while (scheduled < bytes && node is not null)
        {
            LinkedListNode<Entry>? next = node.Next;
            if (node.Value != keep)
            {
                scheduled += ScheduleOneLocked(node.Value, ref dropped);
            }

            node = next;
        }

        return scheduled;
    }

    /// <summary>Lets go of the value of a kept entry, whose file stays: on disk only again, with nothing written (even when a recipe could rebuild it).</summary>
    private long ReleaseKeptLocked(Entry entry)
    {
        _kept.Remove(entry.Node);
        _keptBytes -= entry.NBytes;
        entry.State = EntryState.Disk;
        entry.Value = null;
        MemoryBytes -= entry.NBytes;
        EnterDiskLocked(entry);
        return entry.NBytes;
    }

    /// <summary>Moves one entry of <see cref="_recent"/> out of memory: dropped, queued, or (when it can be neither) kept there for good.</summary>
    private long ScheduleOneLocked(Entry entry, ref List<Entry>? dropped)
    {
        _recent.Remove(entry.Node);
        bool spillable = !entry.Unspillable && ValueSerializer.CanSerialize(entry.Value?.GetType() ?? typeof(object));
        if (entry.Recompute is not null && (!spillable || _choice.ShouldRecompute(entry.Key.Prefix)))
        {
            entry.Value = null;
            entry.State = EntryState.Dropped;
            MemoryBytes -= entry.NBytes;
            DroppedCount++;
            DroppedBytes += entry.NBytes;
            (dropped ??= []).Add(entry);
            return entry.NBytes;
        }

        if (!spillable)
        {
            entry.Unspillable = true; // out of _recent for good: looking at it again would not help
            return 0;
        }

        entry.State = EntryState.Queued;
        _spilling.AddLast(entry.Node);
        _pendingBytes += entry.NBytes;
        _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_writer is null)
        {
            _writer = new Thread(WriteLoop) { IsBackground = true, Name = "DaskSharp spill writer" };
            _writer.Start();
        }
        else
        {
            Monitor.Pulse(_gate);
        }

        return entry.NBytes;
    }

    /// <summary>The writer: takes the oldest queued result and writes it with the store's lock released, until the store is disposed.</summary>
    private void WriteLoop()
    {
        while (true)
        {
            Entry entry;
            object? value;
            string path;
            lock (_gate)
            {
                while (_spilling.First is null && !_disposed)
                {
                    Monitor.Wait(_gate);
                }

                if (_disposed)
                {
                    return;
                }

                entry = _spilling.First!.Value;
                _spilling.RemoveFirst();
                entry.State = EntryState.Writing;
                _writing = entry;
                value = entry.Value;
                path = Path.Combine(_directory, $"{_fileStem}-{++_fileNumber}.spill");
            }

            Write(entry, value, path);
        }
    }

    /// <summary>Writes one file, then settles the entry by what happened to it meanwhile (read, removed, or neither).</summary>
    private void Write(Entry entry, object? value, string path)
    {
        double start = WallClock.Now(_time);
        long started = Stopwatch.GetTimestamp();
        long fileBytes = -1;
        try
        {
            SerializedValue serialized = ValueSerializer.Serialize(value);
            if (!Volatile.Read(ref _disposed)) // a disposed store's directory is gone and must stay so
            {
                Directory.CreateDirectory(_directory);
                fileBytes = SpillFile.Write(path, entry.Key, serialized);
            }
        }
        catch (NotSupportedException e)
        {
            _logger.LogDebug("{Key} stays in memory: {Reason}", entry.Key, e.Message);
        }
        catch (Exception e)
        {
            // Anything else (a full disk, a codec's bug) must not end the writer: the value stays in memory.
            _logger.LogWarning(e, "Cannot spill {Key} to {Path}; it stays in memory", entry.Key, path);
        }

        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        bool keepFile = false;
        lock (_gate)
        {
            if (!_disposed) // else Dispose stopped waiting for this write and cleared the books: only the file is left to delete
            {
                keepFile = SettleWrittenLocked(entry, path, fileBytes, seconds);
            }
        }

        if (!keepFile)
        {
            DeleteFile(File.Exists(path) ? path : null); // cancelled, removed, or a partial file
        }

        if (fileBytes >= 0)
        {
            DiskActivity?.Invoke(new WorkerActivity(ActionKind.DiskWrite, start, WallClock.Now(_time), entry.NBytes, null, entry.Key));
        }

        // Only now is this write over: whoever awaits the writer finds its file deleted and its activity reported.
        lock (_gate)
        {
            _writing = null;
            CompleteIdleIfDoneLocked();
        }
    }

    /// <summary>
    /// Settles an entry whose write ended (<paramref name="fileBytes"/> &lt; 0: not written): on disk
    /// if nothing happened to it meanwhile; kept (in memory and on disk) if it was read meanwhile;
    /// back in memory only if not written; untouched if removed. Returns true when the file is to be kept.
    /// </summary>
    private bool SettleWrittenLocked(Entry entry, string path, long fileBytes, double seconds)
    {
        bool written = fileBytes >= 0;
        if (written)
        {
            DiskBytesWritten += fileBytes;
            DiskWriteSeconds += seconds;
            _choice.RecordWrite(entry.NBytes, seconds);
        }

        switch (entry.State)
        {
            case EntryState.Writing when written:
                entry.State = EntryState.Disk;
                entry.Value = null;
                AttachFileLocked(entry, path, fileBytes);
                MemoryBytes -= entry.NBytes;
                _pendingBytes -= entry.NBytes;
                EnterDiskLocked(entry);
                return true;
            case EntryState.ReadWhileWriting when written:
                // Read while written, so wanted in memory; the complete file makes its next exit free.
                AttachFileLocked(entry, path, fileBytes);
                KeepLocked(entry);
                return true;
            case EntryState.Writing or EntryState.ReadWhileWriting:
                if (entry.State is EntryState.Writing)
                {
                    _pendingBytes -= entry.NBytes;
                }

                // A value that could not be written leaves _recent for good, unless a recipe can still drop it.
                entry.Unspillable = true;
                entry.State = EntryState.Memory;
                if (entry.Recompute is not null)
                {
                    _recent.AddLast(entry.Node);
                }

                return false;
            default:
                return false; // removed meanwhile
        }
    }

    private void CompleteIdleIfDoneLocked()
    {
        if (_spilling.First is null && _writing is null)
        {
            CompleteIdleLocked();
        }
    }

    private void CompleteIdleLocked()
    {
        _idle?.TrySetResult();
        _idle = null;
    }
}
