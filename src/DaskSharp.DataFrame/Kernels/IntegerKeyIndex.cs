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

    private readonly IntegerKeyNumbering _keys;
    private readonly RowsById _rows;

    private IntegerKeyIndex(IArrowArray column)
    {
        ReadOnlySpan<long> keys = Numeric.Longs(column);
        (long min, long max) = IntegerKeyNumbering.Range(keys, column, IntegerKeyNumbering.NoRange);
        _keys = new IntegerKeyNumbering(min, max, keys.Length);
        var ids = new int[keys.Length];
        _keys.Number(keys, column, ids);
        _rows = new RowsById(ids, _keys.Count);
    }

    /// <summary>How many distinct keys (nulls counting as one).</summary>
    public int Count => _keys.Count;

    /// <summary>The id of the null key, or -1 when the column has no null.</summary>
    public int NullId => _keys.NullId;

    /// <summary>The index of <paramref name="column"/>, built on first use.</summary>
    public static IntegerKeyIndex Of(IArrowArray column) => s_indexes.GetValue(column, c => new IntegerKeyIndex(c));

    /// <summary>The id of <paramref name="key"/>, or -1 when no right row has it.</summary>
    public int Find(long key) => _keys.Find(key);

    /// <summary>The right rows with key <paramref name="id"/>, in row order.</summary>
    public ReadOnlySpan<int> Rows(int id) => _rows.Of(id);
}
