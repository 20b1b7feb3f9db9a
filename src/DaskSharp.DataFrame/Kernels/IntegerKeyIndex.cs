using System.Runtime.CompilerServices;
using Apache.Arrow;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// One integer key column of a join's right side, indexed once: its distinct keys (nulls as one
/// more), and its rows grouped by key in row order. A broadcast join hands the same small side to
/// every task in a process, so the index is kept with the column (weakly: it goes when the column
/// goes) and each task only probes its own rows; rebuilding it per task was most of df-merge's time.
/// </summary>
internal sealed class IntegerKeyIndex
{
    private static readonly ConditionalWeakTable<IArrowArray, IntegerKeyIndex> s_indexes = new();

    private readonly long _min;
    private readonly int[]? _slots; // key - min → id, -1: absent (keys spanning at most twice the rows)
    private readonly LongTable? _table;
    private readonly int[] _start;
    private readonly int[] _rows;

    private IntegerKeyIndex(IArrowArray column)
    {
        ReadOnlySpan<long> keys = Numeric.Longs(column);
        bool nulls = column.NullCount > 0;
        long min = long.MaxValue, max = long.MinValue;
        for (int i = 0; i < keys.Length; i++)
        {
            if (!nulls || column.IsValid(i))
            {
                min = Math.Min(min, keys[i]);
                max = Math.Max(max, keys[i]);
            }
        }

        ulong width = min > max ? 0 : unchecked((ulong)(max - min)) + 1;
        if (width > 0 && width <= (ulong)Math.Max(1 << 16, 2L * keys.Length))
        {
            _min = min;
            _slots = new int[(int)width];
            _slots.AsSpan().Fill(-1);
        }
        else
        {
            _table = new LongTable(Math.Max(16, keys.Length));
        }

        var ids = new int[keys.Length];
        int count = 0;
        NullId = -1;
        for (int i = 0; i < keys.Length; i++)
        {
            if (nulls && !column.IsValid(i))
            {
                ids[i] = NullId >= 0 ? NullId : NullId = count++;
            }
            else if (_slots is not null)
            {
                ref int id = ref _slots[(int)(keys[i] - min)];
                ids[i] = id >= 0 ? id : id = count++;
            }
            else
            {
                // The table numbers keys 0, 1, ... itself; map to this index's ids (nulls counted in between).
                int before = _table!.Count;
                int tableId = _table.GetOrAdd(keys[i]);
                ids[i] = tableId < before ? TableToId[tableId] : AddTableId(count++);
            }
        }

        Count = count;
        _start = new int[count + 1];
        foreach (int id in ids)
        {
            _start[id + 1]++;
        }

        for (int k = 0; k < count; k++)
        {
            _start[k + 1] += _start[k];
        }

        _rows = new int[ids.Length];
        int[] next = (int[])_start.Clone();
        for (int row = 0; row < ids.Length; row++)
        {
            _rows[next[ids[row]]++] = row;
        }
    }

    /// <summary>How many distinct keys (nulls counting as one).</summary>
    public int Count { get; }

    /// <summary>The id of the null key, or -1 when the column has no null.</summary>
    public int NullId { get; }

    private List<int> TableToId { get; } = [];

    /// <summary>The index of <paramref name="column"/>, built on first use.</summary>
    public static IntegerKeyIndex Of(IArrowArray column) => s_indexes.GetValue(column, c => new IntegerKeyIndex(c));

    /// <summary>The id of <paramref name="key"/>, or -1 when no right row has it.</summary>
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
        return tableId < 0 ? -1 : TableToId[tableId];
    }

    /// <summary>The right rows with key <paramref name="id"/>, in row order.</summary>
    public ReadOnlySpan<int> Rows(int id) => _rows.AsSpan(_start[id], _start[id + 1] - _start[id]);

    private int AddTableId(int id)
    {
        TableToId.Add(id);
        return id;
    }
}
