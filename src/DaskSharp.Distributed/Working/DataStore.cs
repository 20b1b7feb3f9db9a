using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Serialization;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Working;

/// <summary>
/// A worker's results (distributed's <c>SpillBuffer</c>): kept in memory while their bytes stay
/// under the target (0.6 of the memory limit by default); beyond it the least recently used go to
/// files in the worker's local directory, written through the <see cref="ValueSerializer"/>, and
/// come back on the next read. Values no serializer handles stay in memory. Thread-safe.
/// </summary>
internal sealed class DataStore : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<Key, LinkedListNode<Entry>> _memory = [];
    private readonly LinkedList<Entry> _recent = []; // least recently used first
    private readonly Dictionary<Key, (string Path, long NBytes)> _disk = [];
    private readonly string _directory;
    private readonly long _target;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private long _fileNumber;

    /// <summary>A store that spills above <paramref name="target"/> bytes (0: never) into <paramref name="directory"/>; <paramref name="time"/> stamps its disk activity.</summary>
    public DataStore(string directory, long target, ILogger logger, TimeProvider time)
    {
        _directory = directory;
        _target = target;
        _logger = logger;
        _time = time;
    }

    /// <summary>Called (under the store's lock) after each spill to disk and each read back, for the task stream.</summary>
    public Action<WorkerActivity>? DiskActivity { get; set; }

    /// <summary>Bytes held in memory.</summary>
    public long MemoryBytes { get; private set; }

    /// <summary>Bytes spilled to disk.</summary>
    public long SpilledBytes { get; private set; }

    /// <summary>Results on disk now.</summary>
    public int SpilledCount
    {
        get
        {
            lock (_gate)
            {
                return _disk.Count;
            }
        }
    }

    /// <summary>Every key held, in memory or on disk.</summary>
    public IReadOnlyCollection<Key> Keys
    {
        get
        {
            lock (_gate)
            {
                return [.. _memory.Keys, .. _disk.Keys];
            }
        }
    }

    /// <summary>Stores a result of <paramref name="nbytes"/> bytes; older ones may spill to make room.</summary>
    public void Set(Key key, object? value, long nbytes)
    {
        lock (_gate)
        {
            RemoveLocked(key);
            _memory[key] = _recent.AddLast(new Entry(key, value, nbytes));
            MemoryBytes += nbytes;
            SpillLocked(keep: key);
        }
    }

    /// <summary>The result of <paramref name="key"/>, read back from disk when it was spilled.</summary>
    public bool TryGet(Key key, out object? value)
    {
        lock (_gate)
        {
            if (_memory.TryGetValue(key, out LinkedListNode<Entry>? node))
            {
                _recent.Remove(node);
                _recent.AddLast(node);
                value = node.Value.Value;
                return true;
            }

            if (!_disk.Remove(key, out var file))
            {
                value = null;
                return false;
            }

            double start = WallClock.Now(_time);
            value = Unspill(file.Path);
            DiskActivity?.Invoke(new WorkerActivity(ActionKind.DiskRead, start, WallClock.Now(_time), file.NBytes, null));
            SpilledBytes -= file.NBytes;
            _memory[key] = _recent.AddLast(new Entry(key, value, file.NBytes));
            MemoryBytes += file.NBytes;
            SpillLocked(keep: key);
            return true;
        }
    }

    /// <summary>Drops a result (from memory or disk).</summary>
    public void Remove(Key key)
    {
        lock (_gate)
        {
            RemoveLocked(key);
        }
    }

    /// <summary>Drops everything and deletes the spill files.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _memory.Clear();
            _recent.Clear();
            _disk.Clear();
            MemoryBytes = SpilledBytes = 0;
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }

    private void RemoveLocked(Key key)
    {
        if (_memory.Remove(key, out LinkedListNode<Entry>? node))
        {
            _recent.Remove(node);
            MemoryBytes -= node.Value.NBytes;
        }
        else if (_disk.Remove(key, out var file))
        {
            SpilledBytes -= file.NBytes;
            File.Delete(file.Path);
        }
    }

    /// <summary>Moves least recently used results to disk until memory is under the target (never <paramref name="keep"/>).</summary>
    private void SpillLocked(Key keep)
    {
        if (_target <= 0)
        {
            return;
        }

        LinkedListNode<Entry>? node = _recent.First;
        while (MemoryBytes > _target && node is not null)
        {
            LinkedListNode<Entry>? next = node.Next;
            Entry entry = node.Value;
            if (entry.Key != keep && !entry.Unspillable)
            {
                double start = WallClock.Now(_time);
                if (TrySpill(entry) is { } path)
                {
                    DiskActivity?.Invoke(new WorkerActivity(ActionKind.DiskWrite, start, WallClock.Now(_time), entry.NBytes, null));
                    _recent.Remove(node);
                    _memory.Remove(entry.Key);
                    MemoryBytes -= entry.NBytes;
                    _disk[entry.Key] = (path, entry.NBytes);
                    SpilledBytes += entry.NBytes;
                }
                else
                {
                    entry.Unspillable = true;
                }
            }

            node = next;
        }
    }

    private string? TrySpill(Entry entry)
    {
        SerializedValue serialized;
        try
        {
            serialized = ValueSerializer.Serialize(entry.Value);
        }
        catch (NotSupportedException e)
        {
            _logger.LogDebug("{Key} stays in memory: {Reason}", entry.Key, e.Message);
            return null;
        }

        Directory.CreateDirectory(_directory);
        string path = Path.Combine(_directory, $"{++_fileNumber}.spill");
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(serialized.Serializer);
            writer.Write(serialized.Header.Length);
            writer.Write(serialized.Header);
            writer.Write(serialized.Frames.Length);
            foreach (ReadOnlyMemory<byte> frame in serialized.Frames)
            {
                writer.Write(frame.Length);
                writer.Write(frame.Span);
            }
        }

        return path;
    }

    private static object? Unspill(string path)
    {
        SerializedValue serialized;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read))
        using (var reader = new BinaryReader(stream))
        {
            string name = reader.ReadString();
            byte[] header = reader.ReadBytes(reader.ReadInt32());
            var frames = new ReadOnlyMemory<byte>[reader.ReadInt32()];
            for (int i = 0; i < frames.Length; i++)
            {
                frames[i] = reader.ReadBytes(reader.ReadInt32());
            }

            serialized = new SerializedValue(name, header, frames);
        }

        File.Delete(path);
        return ValueSerializer.Deserialize(serialized);
    }

    // Totals since the worker started, for the heartbeat and /metrics (the spill code keeps them).

    /// <summary>Bytes written to disk by spilling, since the store was made.</summary>
    public long DiskWriteBytes { get; internal set; }

    /// <summary>Bytes read back from disk, since the store was made.</summary>
    public long DiskReadBytes { get; internal set; }

    /// <summary>Bytes of results dropped to be recomputed later, since the store was made.</summary>
    public long DroppedBytes { get; internal set; }

    private sealed class Entry(Key key, object? value, long nbytes)
    {
        public Key Key { get; } = key;

        public object? Value { get; } = value;

        public long NBytes { get; } = nbytes;

        public bool Unspillable { get; set; }
    }
}
