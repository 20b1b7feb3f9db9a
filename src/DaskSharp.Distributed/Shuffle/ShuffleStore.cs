using System.Buffers.Binary;
using DaskSharp.Execution;

namespace DaskSharp.Distributed.Shuffle;

/// <summary>
/// The pieces a worker received as owner of output partitions (distributed's shuffle disk and memory
/// buffers): in memory up to a budget, beyond it appended to one file per output partition under the
/// worker's directory (<c>shuffle/&lt;id&gt;-&lt;run&gt;/&lt;output&gt;</c>, records of input, length, bytes).
/// An unpack takes its partition's pieces, in input order, and its file goes. A piece of a newer run
/// drops the older one; a stopped run's pieces go and its late pieces are refused. A repeated piece
/// (a transfer that ran twice) is kept once. Thread-safe: one lock, held while a file is written,
/// which holds back the senders when the disk is the bottleneck.
/// </summary>
public sealed class ShuffleStore : IDisposable
{
    private readonly object _gate = new();
    private readonly string _directory;
    private readonly Dictionary<string, RunPieces> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _stopped = new(StringComparer.Ordinal);
    private long _memoryBytes;
    private long _diskBytesWritten;

    /// <summary>A store keeping up to <paramref name="memoryBudget"/> bytes in memory, the rest in <paramref name="directory"/>.</summary>
    public ShuffleStore(string directory, long memoryBudget)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(memoryBudget);
        _directory = directory;
        MemoryBudget = memoryBudget;
    }

    /// <summary>Bytes kept in memory at most; the rest goes to disk.</summary>
    public long MemoryBudget { get; }

    /// <summary>Where pieces past the budget go.</summary>
    public string Directory => _directory;

    /// <summary>Bytes of pieces in memory now.</summary>
    public long MemoryBytes
    {
        get
        {
            lock (_gate)
            {
                return _memoryBytes;
            }
        }
    }

    /// <summary>Bytes of pieces written to disk since the store was made.</summary>
    public long DiskBytesWritten => Interlocked.Read(ref _diskBytesWritten);

    /// <summary>Keeps input <paramref name="input"/>'s pieces of run <paramref name="run"/>; null, or why they are refused (the run is over).</summary>
    public string? Add(string id, long run, int input, IReadOnlyList<int> outputs, IReadOnlyList<byte[]> data)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(data);
        if (outputs.Count != data.Count)
        {
            throw new ArgumentException($"Shuffle {id}: {outputs.Count} outputs for {data.Count} pieces.", nameof(data));
        }

        lock (_gate)
        {
            if (Current(id, run, out RunPieces? pieces) is { } refusal)
            {
                return refusal;
            }

            for (int i = 0; i < outputs.Count; i++)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(outputs[i]);
                OutputPieces output = pieces.Output(outputs[i]);
                if (!output.Inputs.Add(input))
                {
                    continue; // a transfer that ran twice: the same bytes again
                }

                byte[] bytes = data[i];
                if (_memoryBytes + bytes.Length <= MemoryBudget)
                {
                    output.InMemory[input] = bytes;
                    _memoryBytes += bytes.Length;
                }
                else
                {
                    Append(pieces, outputs[i], input, bytes);
                }
            }

            return null;
        }
    }

    /// <summary>Output partition <paramref name="output"/>'s pieces of run <paramref name="run"/>, in input order, taken out of the store.</summary>
    /// <exception cref="ShuffleRestartedException">when the run is over or a newer one has begun here.</exception>
    public IReadOnlyList<byte[]> Take(string id, long run, int output)
    {
        lock (_gate)
        {
            if (Current(id, run, out RunPieces? pieces) is { } refusal)
            {
                throw new ShuffleRestartedException(refusal);
            }

            if (!pieces.Outputs.Remove(output, out OutputPieces? taken))
            {
                return [];
            }

            var byInput = new SortedDictionary<int, byte[]>(taken.InMemory);
            foreach (byte[] bytes in taken.InMemory.Values)
            {
                _memoryBytes -= bytes.Length;
            }

            if (taken.File is { } file)
            {
                ReadFile(file, byInput);
                File.Delete(file);
            }

            if (pieces.Outputs.Count == 0)
            {
                Drop(id);
            }

            return [.. byInput.Values];
        }
    }

    /// <summary>Runs of <paramref name="id"/> up to <paramref name="run"/> are over: their pieces go, and later pieces of them are refused.</summary>
    public void Stop(string id, long run)
    {
        lock (_gate)
        {
            if (!_stopped.TryGetValue(id, out long stopped) || stopped < run)
            {
                _stopped[id] = run;
            }

            if (_runs.TryGetValue(id, out RunPieces? pieces) && pieces.Run <= run)
            {
                Drop(id);
            }
        }
    }

    /// <summary>Drops every piece and file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (string id in _runs.Keys.ToList())
            {
                Drop(id);
            }
        }
    }

    /// <summary>The pieces of <paramref name="run"/>, begun here if it is newer than what is held; or why it is refused.</summary>
    private string? Current(string id, long run, out RunPieces pieces)
    {
        pieces = null!;
        if (_stopped.TryGetValue(id, out long stopped) && run <= stopped)
        {
            return $"Shuffle {id}: run {run} is over here (runs up to {stopped} were stopped).";
        }

        if (_runs.TryGetValue(id, out RunPieces? held))
        {
            if (held.Run > run)
            {
                return $"Shuffle {id}: run {run} was replaced here by run {held.Run}.";
            }

            if (held.Run == run)
            {
                pieces = held;
                return null;
            }

            Drop(id); // an older run's pieces: the shuffle restarted
        }

        _runs[id] = pieces = new RunPieces(run, Path.Combine(_directory, $"{Safe(id)}-{run}"));
        return null;
    }

    private void Append(RunPieces pieces, int output, int input, byte[] bytes)
    {
        OutputPieces target = pieces.Output(output);
        if (target.File is null)
        {
            System.IO.Directory.CreateDirectory(pieces.Directory);
            target.File = Path.Combine(pieces.Directory, output.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var stream = new FileStream(target.File, FileMode.Append, FileAccess.Write, FileShare.None);
        Span<byte> head = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(head, input);
        BinaryPrimitives.WriteInt32LittleEndian(head[4..], bytes.Length);
        stream.Write(head);
        stream.Write(bytes);
        Interlocked.Add(ref _diskBytesWritten, bytes.Length + 8);
    }

    private static void ReadFile(string file, SortedDictionary<int, byte[]> into)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.None);
        Span<byte> head = stackalloc byte[8];
        while (stream.Position < stream.Length)
        {
            stream.ReadExactly(head);
            int input = BinaryPrimitives.ReadInt32LittleEndian(head);
            var bytes = new byte[BinaryPrimitives.ReadInt32LittleEndian(head[4..])];
            stream.ReadExactly(bytes);
            into[input] = bytes;
        }
    }

    private void Drop(string id)
    {
        if (!_runs.Remove(id, out RunPieces? pieces))
        {
            return;
        }

        foreach (OutputPieces output in pieces.Outputs.Values)
        {
            foreach (byte[] bytes in output.InMemory.Values)
            {
                _memoryBytes -= bytes.Length;
            }
        }

        if (System.IO.Directory.Exists(pieces.Directory))
        {
            System.IO.Directory.Delete(pieces.Directory, recursive: true);
        }
    }

    // A shuffle id is a key name ("shuffle-<token>"): keep it a plain file name whatever it holds.
    private static string Safe(string id) => string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    private sealed class RunPieces(long run, string directory)
    {
        public long Run { get; } = run;

        public string Directory { get; } = directory;

        public Dictionary<int, OutputPieces> Outputs { get; } = [];

        public OutputPieces Output(int output)
        {
            if (!Outputs.TryGetValue(output, out OutputPieces? pieces))
            {
                Outputs[output] = pieces = new OutputPieces();
            }

            return pieces;
        }
    }

    private sealed class OutputPieces
    {
        public HashSet<int> Inputs { get; } = [];

        public Dictionary<int, byte[]> InMemory { get; } = [];

        public string? File { get; set; }
    }
}
