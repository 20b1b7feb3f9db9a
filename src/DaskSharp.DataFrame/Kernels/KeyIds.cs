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

    /// <summary>True for the integer key columns joins compare as int64.</summary>
    internal static bool IsInteger(IArrowArray a) => a is Int64Array or Int32Array or TimestampArray;

    /// <summary>Integer keys on both sides, the common join: numbered without hashing when they span few values (<see cref="IntegerKeyNumbering"/>).</summary>
    private static int Integers(ReadOnlySpan<long> left, IArrowArray leftArray, ReadOnlySpan<long> right, IArrowArray rightArray, int[] ids)
    {
        (long min, long max) = IntegerKeyNumbering.Range(right, rightArray, IntegerKeyNumbering.Range(left, leftArray, IntegerKeyNumbering.NoRange));
        var numbering = new IntegerKeyNumbering(min, max, ids.Length);
        numbering.Number(left, leftArray, ids.AsSpan(0, left.Length));
        numbering.Number(right, rightArray, ids.AsSpan(left.Length));
        return numbering.Count;
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
