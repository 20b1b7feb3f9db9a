using Apache.Arrow;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>A stable sort of a partition's rows by key columns, ascending, nulls last (pandas' defaults).</summary>
internal static class Sorting
{
    public static Partition ByColumns(Partition partition, IReadOnlyList<string> keys)
    {
        IArrowArray[] columns = [.. keys.Select(partition.Column)];
        if (columns.Length == 1 && SingleKeyOrder(columns[0]) is { } fast)
        {
            return Take.Rows(partition, fast);
        }

        int[] order = [.. Enumerable.Range(0, partition.Length)];
        Comparison<int> compare = (a, b) =>
        {
            foreach (IArrowArray c in columns)
            {
                int r = CompareRows(c, a, b);
                if (r != 0)
                {
                    return r;
                }
            }

            return a.CompareTo(b); // stable
        };
        System.Array.Sort(order, compare);
        return Take.Rows(partition, order);
    }

    // One key (a group-by's usual result): the values sorted as primitives (or strings once
    // materialised), with the row numbers carried along, instead of a comparison delegate per pair.
    private static int[]? SingleKeyOrder(IArrowArray c) => c switch
    {
        Int64Array l => Counting(c, l.Values) ?? Order(c, l.Values.ToArray(), Comparer<long>.Default),
        Int32Array i => Counting(c, i.Values) ?? Order(c, i.Values.ToArray(), Comparer<int>.Default),
        TimestampArray t => Counting(c, t.Values) ?? Order(c, t.Values.ToArray(), Comparer<long>.Default),
        DoubleArray d => Order(c, d.Values.ToArray(), Comparer<double>.Default),
        StringArray s => Order(c, Strings(s), StringComparer.Ordinal),
        _ => null,
    };

    private static string[] Strings(StringArray s)
    {
        var values = new string[s.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = ArrayBuild.IsValid(s, i) ? s.GetString(i) : string.Empty;
        }

        return values;
    }

    // Integers within a narrow span (NarrowSpan): a stable counting sort, in
    // linear time (a group-by's million integer keys), nulls last in their order; null otherwise.
    private static int[]? Counting<T>(IArrowArray c, ReadOnlySpan<T> values)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        if (NarrowSpan.Of(c, values) is not (long min, int width))
        {
            return null;
        }

        bool nulls = c.NullCount > 0;
        var starts = new int[width + 1];
        for (int i = 0; i < values.Length; i++)
        {
            if (!nulls || c.IsValid(i))
            {
                starts[(int)(long.CreateTruncating(values[i]) - min) + 1]++;
            }
        }

        for (int b = 1; b < starts.Length; b++)
        {
            starts[b] += starts[b - 1];
        }

        var order = new int[values.Length];
        int nullAt = starts[^1];
        for (int i = 0; i < values.Length; i++)
        {
            order[!nulls || c.IsValid(i) ? starts[(int)(long.CreateTruncating(values[i]) - min)]++ : nullAt++] = i;
        }

        return order;
    }

    // Valid rows sorted by value (ties by row number: stable), then the null rows in their order.
    private static int[] Order<T>(IArrowArray c, T[] values, IComparer<T> comparer)
    {
        int valid = 0;
        var order = new int[values.Length];
        var nulls = new List<int>();
        for (int i = 0; i < values.Length; i++)
        {
            if (ArrayBuild.IsValid(c, i))
            {
                values[valid] = values[i];
                order[valid++] = i;
            }
            else
            {
                nulls.Add(i);
            }
        }

        System.Array.Sort(values, order, 0, valid, comparer);
        for (int start = 0; start < valid;)
        {
            int end = start + 1;
            while (end < valid && comparer.Compare(values[start], values[end]) == 0)
            {
                end++;
            }

            if (end - start > 1)
            {
                System.Array.Sort(order, start, end - start); // the introsort is not stable: equal values by row
            }

            start = end;
        }

        nulls.CopyTo(order, valid);
        return order;
    }

    /// <summary>A stable sort by one column, largest first (nulls last).</summary>
    public static Partition ByColumnDescending(Partition partition, string column)
    {
        IArrowArray c = partition.Column(column);
        int[] order = [.. Enumerable.Range(0, partition.Length)];
        System.Array.Sort(order, (a, b) =>
        {
            bool va = ArrayBuild.IsValid(c, a), vb = ArrayBuild.IsValid(c, b);
            int r = va && vb ? CompareRows(c, b, a) : va == vb ? 0 : va ? -1 : 1;
            return r != 0 ? r : a.CompareTo(b);
        });
        return Take.Rows(partition, order);
    }

    private static int CompareRows(IArrowArray c, int a, int b)
    {
        bool va = ArrayBuild.IsValid(c, a), vb = ArrayBuild.IsValid(c, b);
        if (!va || !vb)
        {
            return va == vb ? 0 : va ? -1 : 1;
        }

        return c switch
        {
            StringArray or DictionaryArray => string.CompareOrdinal(Text.Get(c, a), Text.Get(c, b)),
            DoubleArray d => d.Values[a].CompareTo(d.Values[b]),
            Int64Array l => l.Values[a].CompareTo(l.Values[b]),
            Int32Array i => i.Values[a].CompareTo(i.Values[b]),
            TimestampArray t => t.Values[a].CompareTo(t.Values[b]),
            BooleanArray x => (x.GetValue(a) == true).CompareTo(x.GetValue(b) == true),
            FloatArray f => f.Values[a].CompareTo(f.Values[b]),
            _ => throw new NotSupportedException($"Sorting by a {Dtype.Name(c.Data.DataType)} column is not supported."),
        };
    }
}
