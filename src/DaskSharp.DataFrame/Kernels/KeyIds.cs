using System.Runtime.InteropServices;
using Apache.Arrow;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// One key column of both sides of a join as dense ids over the two: equal values (and all the
/// nulls, NaN among them) get the same id, numbered in order of first appearance, left rows first.
/// Integers of any width compare as int64, and as float64 when the other side is a float (pandas
/// lets int and float keys meet); 0.0 and -0.0 are one key; strings compare by their utf8 bytes,
/// dictionary or plain.
/// </summary>
internal static class KeyIds
{
    /// <summary>The ids of the left's rows then the right's, and how many distinct keys there are.</summary>
    public static (int[] Ids, int Count) Factorise(IArrowArray left, IArrowArray right)
    {
        var ids = new int[left.Length + right.Length];
        bool asFloat = IsFloat(left) || IsFloat(right);
        if (IsText(left) && IsText(right))
        {
            var table = new BytesTable();
            int nullId = -1;
            Text(left, table, ids.AsSpan(0, left.Length), ref nullId);
            Text(right, table, ids.AsSpan(left.Length), ref nullId);
            return (ids, table.Count + (nullId >= 0 ? 1 : 0));
        }

        if (!asFloat && IsInteger(left) && IsInteger(right))
        {
            return (ids, Integers(Numeric.Longs(left), left, Numeric.Longs(right), right, ids));
        }

        var values = new Dictionary<long, int>();
        int nulls = -1, count = 0;
        Numbers(left, asFloat, values, ids.AsSpan(0, left.Length), ref nulls, ref count);
        Numbers(right, asFloat, values, ids.AsSpan(left.Length), ref nulls, ref count);
        return (ids, count);
    }

    private static bool IsFloat(IArrowArray a) => a is DoubleArray or FloatArray;

    private static bool IsInteger(IArrowArray a) => a is Int64Array or Int32Array or TimestampArray;

    /// <summary>
    /// Integer keys on both sides, the common join: when the values of both lie in a span at most
    /// twice the rows (or 64 Ki), a slot a value finds each key's id; otherwise an open-addressing
    /// table. Either way the ids are numbered by first appearance, as the general path numbers them.
    /// </summary>
    private static int Integers(ReadOnlySpan<long> left, IArrowArray leftArray, ReadOnlySpan<long> right, IArrowArray rightArray, int[] ids)
    {
        bool leftNulls = leftArray.NullCount > 0, rightNulls = rightArray.NullCount > 0;
        long min = long.MaxValue, max = long.MinValue;
        for (int i = 0; i < left.Length; i++)
        {
            if (!leftNulls || leftArray.IsValid(i))
            {
                min = Math.Min(min, left[i]);
                max = Math.Max(max, left[i]);
            }
        }

        for (int i = 0; i < right.Length; i++)
        {
            if (!rightNulls || rightArray.IsValid(i))
            {
                min = Math.Min(min, right[i]);
                max = Math.Max(max, right[i]);
            }
        }

        int count = 0, nullId = -1;
        ulong width = min > max ? 0 : unchecked((ulong)(max - min)) + 1;
        if (width > 0 && width <= (ulong)Math.Max(1 << 16, 2L * ids.Length))
        {
            var idOf = new int[(int)width];
            idOf.AsSpan().Fill(-1);
            Slots(left, leftArray, leftNulls, min, idOf, ids.AsSpan(0, left.Length), ref count, ref nullId);
            Slots(right, rightArray, rightNulls, min, idOf, ids.AsSpan(left.Length), ref count, ref nullId);
            return count;
        }

        var table = new LongTable(Math.Min(ids.Length, 1 << 20));
        Hashed(left, leftArray, leftNulls, table, ids.AsSpan(0, left.Length), ref count, ref nullId);
        Hashed(right, rightArray, rightNulls, table, ids.AsSpan(left.Length), ref count, ref nullId);
        return count;
    }

    private static void Slots(ReadOnlySpan<long> values, IArrowArray array, bool nulls, long min, int[] idOf, Span<int> ids, ref int count, ref int nullId)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (nulls && !array.IsValid(i))
            {
                ids[i] = nullId >= 0 ? nullId : nullId = count++;
                continue;
            }

            ref int id = ref idOf[(int)(values[i] - min)];
            if (id < 0)
            {
                id = count++;
            }

            ids[i] = id;
        }
    }

    // The table numbers its keys 0, 1, ... as they arrive; the null id is counted in between, so
    // the ids given out are the table's shifted past it.
    private static void Hashed(ReadOnlySpan<long> values, IArrowArray array, bool nulls, LongTable table, Span<int> ids, ref int count, ref int nullId)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (nulls && !array.IsValid(i))
            {
                ids[i] = nullId >= 0 ? nullId : nullId = count++;
                continue;
            }

            int before = table.Count;
            int tableId = table.GetOrAdd(values[i]);
            if (table.Count > before)
            {
                count++;
            }

            ids[i] = Shift(tableId, nullId);
        }
    }

    private static bool IsText(IArrowArray a) => a is StringArray or DictionaryArray;

    // The null id is taken from the table's numbering when the first null arrives, so it keeps its place in first-appearance order.
    private static void Text(IArrowArray array, BytesTable table, Span<int> ids, ref int nullId)
    {
        if (array is DictionaryArray d)
        {
            var words = (StringArray)d.Dictionary;
            var idOfCode = new int[words.Length];
            idOfCode.AsSpan().Fill(int.MinValue);
            ReadOnlySpan<int> codes = ((Int32Array)d.Indices).Values;
            for (int i = 0; i < ids.Length; i++)
            {
                if (!ArrayBuild.IsValid(d, i))
                {
                    ids[i] = NullId(table, ref nullId);
                    continue;
                }

                ref int id = ref idOfCode[codes[i]];
                if (id == int.MinValue)
                {
                    id = Shift(table.GetOrAdd(WordMemory(words, codes[i])), nullId);
                }

                ids[i] = id;
            }

            return;
        }

        var s = (StringArray)array;
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = ArrayBuild.IsValid(s, i) ? Shift(table.GetOrAdd(WordMemory(s, i)), nullId) : NullId(table, ref nullId);
        }
    }

    // Table ids after the null's are one further on: the null took a number of its own.
    private static int Shift(int tableId, int nullId) => nullId >= 0 && tableId >= nullId ? tableId + 1 : tableId;

    private static int NullId(BytesTable table, ref int nullId)
    {
        if (nullId < 0)
        {
            nullId = table.Count;
        }

        return nullId;
    }

    private static ReadOnlyMemory<byte> WordMemory(StringArray s, int i)
    {
        int start = s.ValueOffsets[i], end = s.ValueOffsets[i + 1];
        return s.ValueBuffer.Memory.Slice(start, end - start);
    }

    private static void Numbers(IArrowArray array, bool asFloat, Dictionary<long, int> values, Span<int> ids, ref int nulls, ref int count)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            long bits;
            if (!ArrayBuild.IsValid(array, i) || !TryBits(array, i, asFloat, out bits))
            {
                ids[i] = nulls >= 0 ? nulls : nulls = count++;
                continue;
            }

            ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(values, bits, out bool exists);
            if (!exists)
            {
                id = count++;
            }

            ids[i] = id;
        }
    }

    // A value as 64 bits that are equal exactly when the keys are; false for NaN (a missing key).
    private static bool TryBits(IArrowArray array, int i, bool asFloat, out long bits)
    {
        if (asFloat)
        {
            double v = array switch
            {
                DoubleArray d => d.Values[i],
                FloatArray f => f.Values[i],
                Int64Array l => l.Values[i],
                Int32Array n => n.Values[i],
                _ => throw Unsupported(array),
            };
            bits = v == 0 ? 0 : BitConverter.DoubleToInt64Bits(v); // -0.0 is 0.0
            return !double.IsNaN(v);
        }

        bits = array switch
        {
            Int64Array l => l.Values[i],
            Int32Array n => n.Values[i],
            TimestampArray t => t.Values[i],
            BooleanArray b => b.GetValue(i) == true ? 1 : 0,
            _ => throw Unsupported(array),
        };
        return true;
    }

    private static NotSupportedException Unsupported(IArrowArray a) => new($"Joining on a {Dtype.Name(a.Data.DataType)} column is not supported.");
}
