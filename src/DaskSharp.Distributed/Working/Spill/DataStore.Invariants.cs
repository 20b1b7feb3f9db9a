namespace DaskSharp.Distributed.Working;

// The store's books checked against its entries and its directory, for tests after concurrent reads, removals and writes.
internal sealed partial class DataStore
{
    /// <summary>
    /// Null when the counters, lists and files agree with the entries; else what disagrees. Meant for
    /// a quiet store: a file being written, or being read back for a result removed meanwhile, is
    /// in the directory without an entry for a moment.
    /// </summary>
    internal string? FindInconsistency()
    {
        lock (_gate)
        {
            var books = default(Books);
            var files = new HashSet<string>(StringComparer.Ordinal);
            foreach (Entry entry in _entries.Values)
            {
                if (CheckEntryLocked(entry, ref books) is { } wrong)
                {
                    return wrong;
                }

                if (entry.Path is not null)
                {
                    books.FileBytes += entry.FileBytes;
                    files.Add(entry.Path);
                }
            }

            return CompareBooksLocked(books) ?? FindStrayFileLocked(files);
        }
    }

    /// <summary>Adds one entry to the books by its state; what is wrong with it, if anything.</summary>
    private string? CheckEntryLocked(Entry entry, ref Books books)
    {
        bool filed = entry.State is EntryState.Kept or EntryState.Disk || (entry.State is EntryState.Loading && entry.Path is not null);
        if (!filed && entry.Path is not null)
        {
            return $"{entry.Key} is {entry.State} and has the spill file {entry.Path}";
        }

        if (entry.State is EntryState.Disk or EntryState.Dropped && entry.Value is not null)
        {
            return $"{entry.Key} is {entry.State} and still holds its value";
        }

        if (filed && (!File.Exists(entry.Path) || new FileInfo(entry.Path!).Length != entry.FileBytes))
        {
            return File.Exists(entry.Path)
                ? $"the spill file {entry.Path} of {entry.Key} has {new FileInfo(entry.Path!).Length} bytes; {entry.FileBytes} are counted"
                : $"the spill file {entry.Path} of {entry.Key} is missing";
        }

        switch (entry.State)
        {
            case EntryState.Memory:
                books.Memory += entry.NBytes;
                books.Recent += entry.Node.List == _recent ? 1 : 0;
                break;
            case EntryState.Queued:
                books.Memory += entry.NBytes;
                books.Pending += entry.NBytes;
                books.Queued += entry.Node.List == _spilling ? 1 : 0;
                break;
            case EntryState.Writing:
                books.Memory += entry.NBytes;
                books.Pending += entry.NBytes;
                break;
            case EntryState.ReadWhileWriting:
                books.Memory += entry.NBytes;
                break;
            case EntryState.Kept:
                books.Memory += entry.NBytes;
                books.KeptBytes += entry.NBytes;
                books.Kept += entry.Node.List == _kept ? 1 : 0;
                break;
            case EntryState.Disk or EntryState.Loading when entry.Path is not null:
                books.Spilled += entry.NBytes;
                books.OnDisk++;
                break;
            case EntryState.Removed:
                return $"{entry.Key} is held but marked removed";
        }

        return null;
    }

    private string? CompareBooksLocked(Books books) => books switch
    {
        _ when books.Memory != MemoryBytes => $"MemoryBytes is {MemoryBytes}; the entries in memory hold {books.Memory}",
        _ when books.Spilled != SpilledBytes => $"SpilledBytes is {SpilledBytes}; the entries on disk only hold {books.Spilled}",
        _ when books.OnDisk != _spilledCount => $"SpilledCount is {_spilledCount}; {books.OnDisk} entries are on disk only",
        _ when books.KeptBytes != _keptBytes => $"KeptBytes is {_keptBytes}; the kept entries hold {books.KeptBytes}",
        _ when books.FileBytes != _spillFileBytes => $"SpillFileBytes is {_spillFileBytes}; the entries' files hold {books.FileBytes}",
        _ when books.Pending != _pendingBytes => $"{_pendingBytes} bytes are counted pending; the queued and written entries hold {books.Pending}",
        _ when books.Queued != _spilling.Count => $"{_spilling.Count} entries are queued; {books.Queued} are marked queued",
        _ when books.Recent != _recent.Count => $"{_recent.Count} entries are in the LRU list; {books.Recent} in memory only are listed",
        _ when books.Kept != _kept.Count => $"{_kept.Count} entries are in the kept list; {books.Kept} kept are listed",
        _ when (_idle is null) != (_spilling.First is null && _writing is null) => "the idle signal disagrees with the writer's queue",
        _ => null,
    };

    /// <summary>A file of this store's in its directory that no entry holds (none can be told apart while a write is in flight).</summary>
    private string? FindStrayFileLocked(HashSet<string> files)
    {
        if (_writing is not null || !Directory.Exists(_directory))
        {
            return null;
        }

        foreach (string file in Directory.EnumerateFiles(_directory, $"{_fileStem}-*.spill"))
        {
            if (!files.Contains(file))
            {
                return $"the file {file} is in the store's directory, but no entry holds it";
            }
        }

        return null;
    }

    /// <summary>What the entries add up to, to compare with the store's counters.</summary>
    private struct Books
    {
        public long Memory;
        public long Spilled;
        public long Pending;
        public long KeptBytes;
        public long FileBytes;
        public int OnDisk;
        public int Queued;
        public int Recent;
        public int Kept;
    }
}
