using System.Numerics;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// Each row's group number for a set of key columns (hash group-by's first half): rows with equal
/// keys get the same number, numbered in order of first appearance; a row with a null key gets -1
/// (pandas' <c>dropna=True</c>), or with <c>dropNulls: false</c> null is a key value of its own.
/// </summary>
internal static class GroupIds
{
    /// <summary>The group of every row, the number of groups, and the first row of each group.</summary>
    public static (int[] Ids, int Count, int[] FirstRows) Of(IReadOnlyList<IArrowArray> keys, int rows, bool dropNulls = true)
    {
        if (keys.Count == 0)
        {
            return (new int[rows], 1, []); // a whole-frame reduction: one group, even of no rows
        }

        (int[] ids, int count) = Single(keys[0], dropNulls);
        for (int k = 1; k < keys.Count; k++)
        {
            (int[] next, int nextCount) = Single(keys[k], dropNulls);
            (ids, count) = Combine(ids, next, nextCount);
        }

        var first = new int[count];
        first.AsSpan().Fill(-1);
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] >= 0 && first[ids[i]] < 0)
            {
                first[ids[i]] = i;
            }
        }

        return (ids, count, first);
    }

    private const int SharedZeros = 1 << 22;
    private static int[] s_zeros = [];

    /// <summary>
    /// <paramref name="rows"/> ids of group 0, for whole-frame reductions: up to 4 Mi rows read from
    /// one shared array of zeros (never written), so a reduction of a column allocates no ids.
    /// </summary>
    public static ReadOnlySpan<int> AllInGroupZero(int rows)
    {
        if (rows > SharedZeros)
        {
            return new int[rows];
        }

        int[] zeros = Volatile.Read(ref s_zeros);
        if (zeros.Length < rows)
        {
            zeros = new int[Math.Min(SharedZeros, Math.Max(rows, zeros.Length * 2))];
            Volatile.Write(ref s_zeros, zeros);
        }

        return zeros.AsSpan(0, rows);
    }

    /// <summary>
    /// A single dictionary key without nulls is grouped by its codes where they lie, with no ids
    /// made a row: the aggregations accumulate into a slot a code (<paramref name="slots"/>, the
    /// dictionary's length), and the groups are the codes that occur, in order of first appearance
    /// (<paramref name="codeOfGroup"/>; found as soon as every word has been seen, usually within
    /// the first rows). False for any other key.
    /// </summary>
    public static bool TryByCodes(IReadOnlyList<IArrowArray> keys, out ReadOnlySpan<int> codes, out int slots, out int[] codeOfGroup, out int[] firstRows)
    {
        if (keys.Count != 1 || keys[0] is not DictionaryArray { NullCount: 0, Indices: Int32Array indices } d)
        {
            codes = default;
            (slots, codeOfGroup, firstRows) = (0, [], []);
            return false;
        }

        codes = indices.Values;
        slots = d.Dictionary.Length;
        var first = new int[slots];
        first.AsSpan().Fill(-1);
        int seen = 0;
        for (int i = 0; i < codes.Length && seen < slots; i++)
        {
            ref int f = ref first[codes[i]];
            if (f < 0)
            {
                f = i;
                seen++;
            }
        }

        codeOfGroup = new int[seen];
        firstRows = new int[seen];
        for (int c = 0, g = 0; c < slots; c++)
        {
            if (first[c] >= 0)
            {
                (codeOfGroup[g], firstRows[g]) = (c, first[c]);
                g++;
            }
        }

        System.Array.Sort(firstRows, codeOfGroup);
        return true;
    }

    /// <summary>
    /// A single integer key without nulls in a narrow span (as <see cref="Of"/> would give a slot a
    /// value) grouped by <c>value − min</c> itself: <paramref name="slotOfRow"/> is made in one
    /// sequential pass with no table to look up, the groups are the slots used in ascending key
    /// order (<paramref name="slotOfGroup"/>), and <paramref name="keyOfGroup"/> holds their keys.
    /// For a result sorted by its key, where the order of first appearance does not matter.
    /// </summary>
    public static bool TryBySlots(IArrowArray key, out int[] slotOfRow, out int slots, out int[] slotOfGroup, out IArrowArray? keyOfGroup)
    {
        (slotOfRow, slots, slotOfGroup, keyOfGroup) = ([], 0, [], null);
        return key switch
        {
            Int32Array i => Slots(i, i.Values, out slotOfRow, out slots, out slotOfGroup, out keyOfGroup),
            Int64Array l => Slots(l, l.Values, out slotOfRow, out slots, out slotOfGroup, out keyOfGroup),
            TimestampArray t => Slots(t, t.Values, out slotOfRow, out slots, out slotOfGroup, out keyOfGroup),
            _ => false,
        };
    }

    private static bool Slots<T>(IArrowArray key, ReadOnlySpan<T> values, out int[] slotOfRow, out int slots, out int[] slotOfGroup, out IArrowArray? keyOfGroup)
        where T : unmanaged, IBinaryInteger<T>
    {
        (slotOfRow, slots, slotOfGroup, keyOfGroup) = ([], 0, [], null);
        if (key.NullCount > 0 || NarrowSpan.Of(key, values) is not { } range)
        {
            return false;
        }

        slotOfRow = GC.AllocateUninitializedArray<int>(values.Length);
        var used = new bool[range.Width];
        for (int i = 0; i < values.Length; i++)
        {
            int slot = (int)(long.CreateTruncating(values[i]) - range.Min);
            slotOfRow[i] = slot;
            used[slot] = true;
        }

        int count = 0;
        foreach (bool u in used)
        {
            count += u ? 1 : 0;
        }

        slotOfGroup = new int[count];
        var keys = new T[count];
        for (int s = 0, g = 0; s < used.Length; s++)
        {
            if (used[s])
            {
                slotOfGroup[g] = s;
                keys[g++] = T.CreateTruncating(range.Min + s);
            }
        }

        slots = range.Width;
        keyOfGroup = ArrayBuild.Primitive(key.Data.DataType, keys, count, null, 0);
        return true;
    }

    private static (int[] Ids, int Count) Single(IArrowArray key, bool dropNulls)
    {
        (int[] ids, int count) = Single(key);
        if (dropNulls || key.NullCount == 0)
        {
            return (ids, count);
        }

        // pandas' dropna=False: the null rows are one more group, numbered in order of first
        // appearance as the others are (the groups after it move up one).
        int nullGroup = -1;
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] < 0)
            {
                nullGroup = MaxBefore(ids, i) + 1;
                break;
            }
        }

        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = ids[i] < 0 ? nullGroup : ids[i] >= nullGroup ? ids[i] + 1 : ids[i];
        }

        return (ids, count + 1);
    }

    // Groups are numbered in order of appearance, so the largest id before row i is the last one opened.
    private static int MaxBefore(int[] ids, int i)
    {
        int max = -1;
        for (int j = 0; j < i; j++)
        {
            max = Math.Max(max, ids[j]);
        }

        return max;
    }

    private static (int[] Ids, int Count) Single(IArrowArray key) => key switch
    {
        DictionaryArray d => Dictionary(d),
        Int64Array l => Hash(l, l.Values),
        Int32Array i => Hash(i, i.Values),
        TimestampArray t => Hash(t, t.Values),
        BooleanArray b => Booleans(b),
        StringArray s => Strings(s),
        DoubleArray f => Doubles(f),
        _ => throw new NotSupportedException($"Grouping by a {Dtype.Name(key.Data.DataType)} column is not supported."),
    };

    // Dictionary codes map straight to groups: no hashing at all.
    private static (int[] Ids, int Count) Dictionary(DictionaryArray d)
    {
        ReadOnlySpan<int> codes = ((Int32Array)d.Indices).Values;
        var groupOfCode = new int[d.Dictionary.Length];
        groupOfCode.AsSpan().Fill(-1);
        var ids = new int[codes.Length];
        int count = 0;
        for (int i = 0; i < codes.Length; i++)
        {
            if (!ArrayBuild.IsValid(d, i))
            {
                ids[i] = -1;
                continue;
            }

            ref int g = ref groupOfCode[codes[i]];
            if (g < 0)
            {
                g = count++;
            }

            ids[i] = g;
        }

        return (ids, count);
    }

    private static (int[] Ids, int Count) Hash<T>(IArrowArray array, ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (array.NullCount == 0 && NarrowSpan.Of(array, values) is { } range)
        {
            return Direct(values, range.Min, range.Width);
        }

        var groups = new LongTable(Math.Min(values.Length, 1 << 16));
        var ids = new int[values.Length];
        bool nulls = array.NullCount > 0;
        for (int i = 0; i < values.Length; i++)
        {
            ids[i] = nulls && !array.IsValid(i) ? -1 : groups.GetOrAdd(long.CreateTruncating(values[i]));
        }

        return (ids, groups.Count);
    }

    // Integer keys within a narrow span: a slot a value, no hashing.
    private static (int[] Ids, int Count) Direct<T>(ReadOnlySpan<T> values, long min, int span)
        where T : unmanaged, IBinaryInteger<T>
    {
        var groupOfValue = new int[span];
        groupOfValue.AsSpan().Fill(-1);
        var ids = new int[values.Length];
        int count = 0;
        for (int i = 0; i < values.Length; i++)
        {
            ref int g = ref groupOfValue[(int)(long.CreateTruncating(values[i]) - min)];
            if (g < 0)
            {
                g = count++;
            }

            ids[i] = g;
        }

        return (ids, count);
    }

    // Equal doubles are one key as Dictionary<double> has them: 0.0 and -0.0 alike, every NaN alike.
    private static (int[] Ids, int Count) Doubles(DoubleArray array)
    {
        ReadOnlySpan<double> values = array.Values;
        var groups = new LongTable(Math.Min(values.Length, 1 << 16));
        var ids = new int[values.Length];
        bool nulls = array.NullCount > 0;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            ids[i] = nulls && !array.IsValid(i) ? -1 : groups.GetOrAdd(v == 0 ? 0 : double.IsNaN(v) ? long.MinValue : BitConverter.DoubleToInt64Bits(v));
        }

        return (ids, groups.Count);
    }

    private static (int[] Ids, int Count) Booleans(BooleanArray b)
    {
        int falseGroup = -1, trueGroup = -1, count = 0;
        var ids = new int[b.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            bool? v = b.GetValue(i);
            ids[i] = v switch
            {
                null => -1,
                true => trueGroup >= 0 ? trueGroup : trueGroup = count++,
                false => falseGroup >= 0 ? falseGroup : falseGroup = count++,
            };
        }

        return (ids, count);
    }

    // The values' bytes are hashed where they lie: no string is made a row.
    private static (int[] Ids, int Count) Strings(StringArray s)
    {
        var groups = new BytesTable();
        var ids = new int[s.Length];
        ReadOnlyMemory<byte> bytes = s.ValueBuffer.Memory;
        ReadOnlySpan<int> offsets = s.ValueOffsets;
        bool nulls = s.NullCount > 0;
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = nulls && !s.IsValid(i) ? -1 : groups.GetOrAdd(bytes[offsets[i]..offsets[i + 1]]);
        }

        return (ids, groups.Count);
    }

    private static (int[] Ids, int Count) Combine(int[] a, int[] b, int bCount)
    {
        var groups = new LongTable(Math.Min(a.Length, 1 << 16));
        var ids = new int[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            ids[i] = a[i] < 0 || b[i] < 0 ? -1 : groups.GetOrAdd(((long)a[i] * bCount) + b[i]);
        }

        return (ids, groups.Count);
    }
}
