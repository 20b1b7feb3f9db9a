using Apache.Arrow;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>A stable sort of a partition's rows by key columns, ascending, nulls last (pandas' defaults).</summary>
internal static class Sorting
{
    public static Partition ByColumns(Partition partition, IReadOnlyList<string> keys)
    {
        IArrowArray[] columns = [.. keys.Select(partition.Column)];
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
