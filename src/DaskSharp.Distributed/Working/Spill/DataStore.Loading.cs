using System.Diagnostics;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Working.Spill;
using DaskSharp.Serialization;

namespace DaskSharp.Distributed.Working;

// Bringing a result back on a read: from its spill file (which it keeps), or from its recipe when it was dropped.
internal sealed partial class DataStore
{
    /// <summary>
    /// Loads an entry that was on disk only or dropped, on the calling thread with the store's lock
    /// released; false when it was removed meanwhile. One reader loads an entry at a time (its own
    /// lock); the others wait, then find it in memory. A loaded file is kept unless the entry was
    /// removed (or the store disposed) meanwhile.
    /// </summary>
    private bool TryLoad(Entry entry, out object? value)
    {
        lock (entry)
        {
            string? path;
            lock (_gate)
            {
                if (TryTakeFromMemoryLocked(entry, out value))
                {
                    return true; // another reader loaded it while this one waited
                }

                if (entry.State is not (EntryState.Disk or EntryState.Dropped))
                {
                    return false; // removed meanwhile
                }

                path = entry.State is EntryState.Disk ? entry.Path : null;
                entry.State = EntryState.Loading; // Remove now leaves the file to this reader
            }

            double start = WallClock.Now(_time);
            long started = Stopwatch.GetTimestamp();
            long fileBytes = 0;
            try
            {
                value = path is null ? Rebuild(entry) : ReadBack(entry, path, out fileBytes);
            }
            catch
            {
                bool removed;
                lock (_gate)
                {
                    removed = entry.State is EntryState.Removed;
                    if (!removed)
                    {
                        entry.State = path is null ? EntryState.Dropped : EntryState.Disk; // the next read tries again and fails the same way
                    }
                }

                DeleteFile(removed ? path : null);
                throw;
            }

            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            List<Entry>? dropped = null;
            bool settled;
            lock (_gate)
            {
                settled = SettleLoadedLocked(entry, value, path, fileBytes, seconds, ref dropped);
            }

            DeleteFile(settled ? null : path);
            if (path is not null)
            {
                DiskActivity?.Invoke(new WorkerActivity(ActionKind.DiskRead, start, WallClock.Now(_time), entry.NBytes, null, entry.Key));
            }

            ReportDropped(dropped);
            return true;
        }
    }

    /// <summary>
    /// Puts a loaded value back in memory (kept, when it came from its file) unless the entry was
    /// removed meanwhile, and returns whether it did; this may move others out of memory.
    /// </summary>
    private bool SettleLoadedLocked(Entry entry, object? value, string? path, long fileBytes, double seconds, ref List<Entry>? dropped)
    {
        if (path is not null)
        {
            DiskBytesRead += fileBytes;
            DiskReadSeconds += seconds;
            _choice.RecordRead(entry.NBytes, seconds);
        }
        else
        {
            RecomputedCount++;
            _choice.RecordCompute(entry.Key.Prefix, seconds, entry.NBytes);
        }

        if (entry.State is not EntryState.Loading)
        {
            return false; // removed while loading: the caller still gets the value it asked for
        }

        entry.Value = value;
        MemoryBytes += entry.NBytes;
        if (path is not null)
        {
            LeaveDiskLocked(entry); // in memory again, and still in its file
            KeepLocked(entry);
        }
        else
        {
            entry.State = EntryState.Memory;
            _recent.AddLast(entry.Node);
        }

        ScheduleOverTargetLocked(entry, ref dropped);
        return true;
    }

    private static object? ReadBack(Entry entry, string path, out long fileBytes)
    {
        SerializedValue serialized = SpillFile.Read(path, entry.Key, out fileBytes);
        try
        {
            return ValueSerializer.Deserialize(serialized);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"The spill file {path} of {entry.Key} does not decode: {e.Message}", e);
        }
    }

    private static object? Rebuild(Entry entry)
    {
        try
        {
            return entry.Recompute!();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Out of memory is the worker's trouble, not the recipe's: the task reading it meets it as memory death.
            throw new RecomputeFailedException(entry.Key, e);
        }
    }
}
