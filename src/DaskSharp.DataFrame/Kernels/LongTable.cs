using System.Numerics;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// Dense ids for 64-bit keys (integer and timestamp group keys, pairs of ids): open addressing
/// with linear probing over Fibonacci-hashed slots, keys and ids side by side in flat arrays, so a
/// lookup is one multiply and usually one cache line (a <see cref="Dictionary{TKey, TValue}"/>
/// follows an entry index into a second array).
/// </summary>
internal sealed class LongTable
{
    private long[] _keys;
    private int[] _ids; // -1: empty
    private int _shift;

    /// <summary>A table sized for about <paramref name="expected"/> keys (it grows past them).</summary>
    public LongTable(int expected = 16)
    {
        int slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, expected * 2));
        _keys = new long[slots];
        _ids = new int[slots];
        _ids.AsSpan().Fill(-1);
        _shift = 64 - BitOperations.Log2((uint)slots);
    }

    /// <summary>How many distinct keys it holds.</summary>
    public int Count { get; private set; }

    /// <summary>The id of <paramref name="key"/>, added when new (ids count up from 0 in order of arrival).</summary>
    public int GetOrAdd(long key)
    {
        if (Count * 2 >= _ids.Length)
        {
            Grow();
        }

        int mask = _ids.Length - 1;
        for (int s = Slot(key); ; s = (s + 1) & mask)
        {
            int id = _ids[s];
            if (id < 0)
            {
                _keys[s] = key;
                _ids[s] = Count;
                return Count++;
            }

            if (_keys[s] == key)
            {
                return id;
            }
        }
    }

    /// <summary>The id of <paramref name="key"/>, or -1 when it is not in the table.</summary>
    public int Find(long key)
    {
        int mask = _ids.Length - 1;
        for (int s = Slot(key); ; s = (s + 1) & mask)
        {
            int id = _ids[s];
            if (id < 0 || _keys[s] == key)
            {
                return id;
            }
        }
    }

    private int Slot(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Grow()
    {
        long[] oldKeys = _keys;
        int[] oldIds = _ids;
        _keys = new long[oldKeys.Length * 2];
        _ids = new int[oldIds.Length * 2];
        _ids.AsSpan().Fill(-1);
        _shift--;
        int mask = _ids.Length - 1;
        for (int o = 0; o < oldIds.Length; o++)
        {
            if (oldIds[o] < 0)
            {
                continue;
            }

            int s = Slot(oldKeys[o]);
            while (_ids[s] >= 0)
            {
                s = (s + 1) & mask;
            }

            _keys[s] = oldKeys[o];
            _ids[s] = oldIds[o];
        }
    }
}
