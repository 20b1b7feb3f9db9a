namespace DaskSharp.Distributed.Working;

// The store's books checked against its entries, for tests after concurrent reads, removals and writes.
internal sealed partial class DataStore
{
    /// <summary>Null when the counters, lists and files agree with the entries; else what disagrees.</summary>
    internal string? FindInconsistency()
    {
        lock (_gate)
        {
            long memory = 0, spilled = 0, pending = 0;
            int onDisk = 0, queued = 0, recent = 0;
            foreach (Entry entry in _entries.Values)
            {
                switch (entry.State)
                {
                    case EntryState.Memory:
                        memory += entry.NBytes;
                        recent += entry.Node.List == _recent ? 1 : 0;
                        break;
                    case EntryState.Queued:
                        memory += entry.NBytes;
                        pending += entry.NBytes;
                        queued += entry.Node.List == _spilling ? 1 : 0;
                        break;
                    case EntryState.Writing:
                        memory += entry.NBytes;
                        pending += entry.NBytes;
                        break;
                    case EntryState.WriteCancelled:
                        memory += entry.NBytes;
                        break;
                    case EntryState.Disk or EntryState.Loading when entry.Path is not null:
                        spilled += entry.NBytes;
                        onDisk++;
                        if (!File.Exists(entry.Path))
                        {
                            return $"the spill file {entry.Path} of {entry.Key} is missing";
                        }

                        break;
                    case EntryState.Removed:
                        return $"{entry.Key} is held but marked removed";
                }
            }

            return (memory, spilled, pending, onDisk, queued, recent) switch
            {
                _ when memory != MemoryBytes => $"MemoryBytes is {MemoryBytes}; the entries in memory hold {memory}",
                _ when spilled != SpilledBytes => $"SpilledBytes is {SpilledBytes}; the entries on disk hold {spilled}",
                _ when onDisk != _spilledCount => $"SpilledCount is {_spilledCount}; {onDisk} entries are on disk",
                _ when pending != _pendingBytes => $"{_pendingBytes} bytes are counted pending; the queued and written entries hold {pending}",
                _ when queued != _spilling.Count => $"{_spilling.Count} entries are queued; {queued} are marked queued",
                _ when recent != _recent.Count => $"{_recent.Count} entries are in the LRU list; {recent} in memory are listed",
                _ when (_idle is null) != (_spilling.First is null && _writing is null) => "the idle signal disagrees with the writer's queue",
                _ => null,
            };
        }
    }
}
