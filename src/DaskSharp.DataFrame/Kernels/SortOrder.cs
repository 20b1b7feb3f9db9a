using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// The stable order of a partition's rows by several key columns, each ascending or descending,
/// missing values (null, and NaN in a float column) last whatever the direction: pandas'
/// <c>sort_values(by, ascending, na_position="last", kind="stable")</c>. The first key is sorted
/// over a flat array of its values (longs or doubles, or a comparison of UTF-8 bytes); only rows
/// tied on it compare the other keys, and ties on every key keep their row order.
/// </summary>
internal static class SortOrder
{
    /// <summary>True when a column of <paramref name="type"/> can be a sort key.</summary>
    public static bool CanSort(IArrowType type) =>
        type is Int64Type or Int32Type or DoubleType or FloatType or TimestampType or BooleanType or StringType or DictionaryType { ValueType: StringType };

    /// <summary>The rows of <paramref name="partition"/> in sorted order.</summary>
    public static Partition Sort(Partition partition, IReadOnlyList<string> keys, IReadOnlyList<bool> ascending) =>
        Take.Rows(partition, Of([.. keys.Select(partition.Column)], ascending));

    /// <summary>Row numbers in sorted order.</summary>
    public static int[] Of(IReadOnlyList<IArrowArray> keys, IReadOnlyList<bool> ascending)
    {
        if (keys.Count == 0 || keys.Count != ascending.Count)
        {
            throw new ArgumentException($"A sort needs at least one key and a direction a key ({keys.Count} keys, {ascending.Count} directions).");
        }

        if (keys.Count == 1 && ascending[0] && Counting(keys[0]) is { } counted)
        {
            return counted;
        }

        var columns = new KeyColumn[keys.Count];
        for (int k = 0; k < columns.Length; k++)
        {
            columns[k] = new KeyColumn(keys[k], ascending[k]);
        }

        int rows = keys[0].Length;
        Comparison<int> rest = RestComparison(columns);
        KeyColumn first = columns[0];
        var order = new int[rows];
        int valid = 0;
        for (int i = 0; i < rows; i++)
        {
            if (!first.IsMissing(i))
            {
                order[valid++] = i;
            }
        }

        for (int i = 0, at = valid; i < rows; i++)
        {
            if (first.IsMissing(i))
            {
                order[at++] = i;
            }
        }

        if (first.Longs is { } longs)
        {
            RadixOrder.Sort(order, valid, longs, first.Ascending);
            SortTies(order, valid, longs, columns.Length, rest);
        }
        else if (first.Doubles is { } doubles)
        {
            RadixOrder.Sort(order, valid, doubles, first.Ascending);
            SortTies(order, valid, doubles, columns.Length, rest);
        }
        else
        {
            Comparison<int> all = (a, b) => first.CompareValid(a, b) is var r && r != 0 ? r : rest(a, b);
            System.Array.Sort(order, 0, valid, Comparer<int>.Create(all));
        }

        // The rows missing the first key, in row order unless a later key orders them.
        System.Array.Sort(order, valid, rows - valid, Comparer<int>.Create(rest));
        return order;
    }

    // One ascending key of integers within a narrow span (NarrowSpan, e.g. a group-by's million
    // integer keys): a stable counting sort in linear time, missing rows last in row order; null
    // for any other key.
    private static int[]? Counting(IArrowArray key) => key switch
    {
        Int64Array l => Counting(key, l.Values),
        Int32Array i => Counting(key, i.Values),
        TimestampArray t => Counting(key, t.Values),
        _ => null,
    };

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

    // After a stable sort by the first key, each run of rows tied on it is already in row order;
    // with more keys, the run is ordered by them (and the row).
    private static void SortTies<T>(int[] order, int valid, T[] all, int keys, Comparison<int> rest)
        where T : IEquatable<T>
    {
        if (keys == 1)
        {
            return;
        }

        IComparer<int> tie = Comparer<int>.Create(rest);
        for (int start = 0; start < valid;)
        {
            T value = all[order[start]];
            int end = start + 1;
            while (end < valid && all[order[end]].Equals(value))
            {
                end++;
            }

            if (end - start > 1)
            {
                System.Array.Sort(order, start, end - start, tie);
            }

            start = end;
        }
    }

    // Keys after the first, then the row number.
    private static Comparison<int> RestComparison(KeyColumn[] columns) => (a, b) =>
    {
        for (int k = 1; k < columns.Length; k++)
        {
            int r = columns[k].Compare(a, b);
            if (r != 0)
            {
                return r;
            }
        }

        return a.CompareTo(b);
    };

    /// <summary>One key column read once into a comparable form.</summary>
    private sealed class KeyColumn
    {
        private readonly IArrowArray _array;
        private readonly StringArray? _strings;

        public KeyColumn(IArrowArray array, bool ascending)
        {
            _array = array;
            Ascending = ascending;
            switch (array)
            {
                case Int64Array or Int32Array or TimestampArray:
                    Longs = Numeric.Longs(array).ToArray();
                    break;
                case BooleanArray b:
                    Longs = new long[b.Length];
                    for (int i = 0; i < Longs.Length; i++)
                    {
                        Longs[i] = b.GetValue(i) == true ? 1 : 0;
                    }

                    break;
                case DoubleArray or FloatArray:
                    Doubles = Numeric.Doubles(array).ToArray();
                    break;
                case StringArray s:
                    _strings = s;
                    break;
                case DictionaryArray { Dictionary: StringArray words } d:
                    // The words ranked once; rows then sort by their word's rank.
                    int[] byWord = [.. Enumerable.Range(0, words.Length)];
                    System.Array.Sort(byWord, (x, y) => words.GetBytes(x).SequenceCompareTo(words.GetBytes(y)));
                    var rank = new long[words.Length];
                    for (int r = 0; r < byWord.Length; r++)
                    {
                        rank[byWord[r]] = r;
                    }

                    ReadOnlySpan<int> codes = ((Int32Array)d.Indices).Values;
                    Longs = new long[d.Length];
                    for (int i = 0; i < Longs.Length; i++)
                    {
                        Longs[i] = ArrayBuild.IsValid(d, i) ? rank[codes[i]] : 0;
                    }

                    break;
                default:
                    throw new NotSupportedException($"Sorting by a {Dtype.Name(array.Data.DataType)} column is not supported.");
            }
        }

        public bool Ascending { get; }

        public long[]? Longs { get; }

        public double[]? Doubles { get; }

        public bool IsMissing(int i) => !ArrayBuild.IsValid(_array, i) || (Doubles is { } d && double.IsNaN(d[i]));

        /// <summary>Missing values last in either direction.</summary>
        public int Compare(int a, int b)
        {
            bool ma = IsMissing(a), mb = IsMissing(b);
            return ma || mb ? ma.CompareTo(mb) : CompareValid(a, b);
        }

        public int CompareValid(int a, int b)
        {
            int r = Longs is { } l ? l[a].CompareTo(l[b])
                : Doubles is { } d ? d[a].CompareTo(d[b])
                : _strings!.GetBytes(a).SequenceCompareTo(_strings.GetBytes(b));
            return Ascending ? r : -r;
        }
    }
}
