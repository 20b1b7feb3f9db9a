using System.IO.Hashing;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// Dense ids for byte strings (utf8 values) without making a string a row: open addressing over
/// the values' hashes, the bytes compared where they lie in their Arrow buffers.
/// </summary>
internal sealed class BytesTable
{
    private readonly List<ReadOnlyMemory<byte>> _values = [];
    private int[] _slots = new int[64];
    private ulong[] _hashes = new ulong[64];

    public BytesTable() => _slots.AsSpan().Fill(-1);

    /// <summary>How many distinct values it holds.</summary>
    public int Count => _values.Count;

    /// <summary>The id of <paramref name="value"/>, added when new (ids count up from 0 in order of arrival).</summary>
    public int GetOrAdd(ReadOnlyMemory<byte> value)
    {
        if (_values.Count * 2 >= _slots.Length)
        {
            Grow();
        }

        ulong hash = XxHash3.HashToUInt64(value.Span);
        int mask = _slots.Length - 1;
        for (int s = (int)hash & mask; ; s = (s + 1) & mask)
        {
            int id = _slots[s];
            if (id < 0)
            {
                _slots[s] = _values.Count;
                _hashes[s] = hash;
                _values.Add(value);
                return _values.Count - 1;
            }

            if (_hashes[s] == hash && _values[id].Span.SequenceEqual(value.Span))
            {
                return id;
            }
        }
    }

    private void Grow()
    {
        int[] oldSlots = _slots;
        ulong[] oldHashes = _hashes;
        _slots = new int[oldSlots.Length * 2];
        _hashes = new ulong[oldSlots.Length * 2];
        _slots.AsSpan().Fill(-1);
        int mask = _slots.Length - 1;
        for (int o = 0; o < oldSlots.Length; o++)
        {
            if (oldSlots[o] < 0)
            {
                continue;
            }

            int s = (int)oldHashes[o] & mask;
            while (_slots[s] >= 0)
            {
                s = (s + 1) & mask;
            }

            _slots[s] = oldSlots[o];
            _hashes[s] = oldHashes[o];
        }
    }
}
