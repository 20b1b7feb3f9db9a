using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Working;

// One result held by the store, and the states it moves through.
internal sealed partial class DataStore
{
    /// <summary>Where a result is. Every change happens under the store's lock.</summary>
    private enum EntryState
    {
        /// <summary>In memory only, in <see cref="_recent"/> unless it cannot leave memory.</summary>
        Memory,

        /// <summary>In memory only and in <see cref="_spilling"/>, waiting for the writer.</summary>
        Queued,

        /// <summary>In memory while the writer writes its file.</summary>
        Writing,

        /// <summary>Read while its file was written: it stays in memory, and the writer keeps the file (<see cref="Kept"/>) once complete.</summary>
        ReadWhileWriting,

        /// <summary>
        /// In memory and in its file, in <see cref="_kept"/>: read back (or read while written)
        /// after a write. Results never change, so the file stays true to the value, and leaving
        /// memory again only lets go of the value: nothing is written.
        /// </summary>
        Kept,

        /// <summary>In its file only.</summary>
        Disk,

        /// <summary>Dropped from memory; its recipe rebuilds it on the next read.</summary>
        Dropped,

        /// <summary>A reader is reading its file or running its recipe.</summary>
        Loading,

        /// <summary>Removed or replaced; whoever holds it in flight cleans up after it.</summary>
        Removed,
    }

    /// <summary>A result: its value while in memory, its file while on disk (both when kept).</summary>
    private sealed class Entry
    {
        public Entry(Key key, object? value, long nbytes, Func<object?>? recompute)
        {
            Key = key;
            Value = value;
            NBytes = nbytes;
            Recompute = recompute;
            Node = new LinkedListNode<Entry>(this);
        }

        public Key Key { get; }

        public long NBytes { get; }

        /// <summary>Rebuilds the value after it was dropped; null when it can only be spilled.</summary>
        public Func<object?>? Recompute { get; }

        /// <summary>Its place in <see cref="_recent"/>, <see cref="_kept"/> or <see cref="_spilling"/> (at most one), or in none.</summary>
        public LinkedListNode<Entry> Node { get; }

        public object? Value { get; set; }

        public EntryState State { get; set; }

        /// <summary>The spill file, from when it was written until the entry is removed, replaced or disposed.</summary>
        public string? Path { get; set; }

        /// <summary>The length of <see cref="Path"/>, while there is one.</summary>
        public long FileBytes { get; set; }

        /// <summary>No serializer takes it (or its write failed), so it stays in memory unless a recipe lets it be dropped.</summary>
        public bool Unspillable { get; set; }
    }
}
