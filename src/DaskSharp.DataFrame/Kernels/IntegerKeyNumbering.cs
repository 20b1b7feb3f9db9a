using Apache.Arrow;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// Dense ids for integer join keys in order of first appearance, nulls as one more key: a slot a
/// value when the keys span at most twice the rows (or 64 Ki), otherwise the open-addressing
/// <see cref="LongTable"/>. Shared by a join's factorisation of both sides (<see cref="KeyIds"/>)
/// and the right side's cached index (<see cref="IntegerKeyIndex"/>).
/// </summary>
internal sealed class IntegerKeyNumbering
{
    private readonly long _min;
    private readonly int[]? _slots; // key - min → id, -1: not seen
    private readonly LongTable? _table;
    private readonly List<int> _idOfTableId = []; // the table counts its own keys; ours count the null too

    /// <summary>Numbering for keys between <paramref name="min"/> and <paramref name="max"/> (min &gt; max: no valid key) over about <paramref name="rows"/> rows.</summary>
    public IntegerKeyNumbering(long min, long max, int rows)
    {
        ulong width = min > max ? 0 : unchecked((ulong)(max - min)) + 1;
        if (width > 0 && width <= (ulong)Math.Max(1 << 16, 2L * rows))
        {
            _min = min;
            _slots = new int[(int)width];
            _slots.AsSpan().Fill(-1);
        }
        else
        {
            _table = new LongTable(Math.Clamp(rows, 16, 1 << 20));
        }
    }

    /// <summary>How many ids were given (the null's included).</summary>
    public int Count { get; private set; }

    /// <summary>The null key's id, or -1 when no null was seen.</summary>
    public int NullId { get; private set; } = -1;

    /// <summary>The smallest and largest valid value of <paramref name="values"/> (the column <paramref name="array"/>'s), widening <paramref name="range"/>.</summary>
    public static (long Min, long Max) Range(ReadOnlySpan<long> values, IArrowArray array, (long Min, long Max) range)
    {
        bool nulls = array.NullCount > 0;
        (long min, long max) = range;
        for (int i = 0; i < values.Length; i++)
        {
            if (!nulls || array.IsValid(i))
            {
                min = Math.Min(min, values[i]);
                max = Math.Max(max, values[i]);
            }
        }

        return (min, max);
    }

    /// <summary>An empty range, for <see cref="Range"/> to widen.</summary>
    public static (long Min, long Max) NoRange => (long.MaxValue, long.MinValue);

    /// <summary>The ids of <paramref name="values"/> (the column <paramref name="array"/>'s) into <paramref name="ids"/>, new keys numbered as they come.</summary>
    public void Number(ReadOnlySpan<long> values, IArrowArray array, Span<int> ids)
    {
        bool nulls = array.NullCount > 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (nulls && !array.IsValid(i))
            {
                ids[i] = NullId >= 0 ? NullId : NullId = Count++;
            }
            else if (_slots is not null)
            {
                ref int id = ref _slots[(int)(values[i] - _min)];
                ids[i] = id >= 0 ? id : id = Count++;
            }
            else
            {
                int before = _table!.Count;
                int tableId = _table.GetOrAdd(values[i]);
                if (tableId == before)
                {
                    _idOfTableId.Add(Count++);
                }

                ids[i] = _idOfTableId[tableId];
            }
        }
    }

    /// <summary>The id of <paramref name="key"/>, or -1 when it was never numbered.</summary>
    public int Find(long key)
    {
        if (_slots is not null)
        {
            if (key < _min)
            {
                return -1;
            }

            ulong at = unchecked((ulong)(key - _min)); // exact for key >= min, even past long's range
            return at < (ulong)_slots.Length ? _slots[(int)at] : -1;
        }

        int tableId = _table!.Find(key);
        return tableId < 0 ? -1 : _idOfTableId[tableId];
    }
}
