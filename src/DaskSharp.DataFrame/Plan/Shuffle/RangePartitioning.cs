using System.Globalization;
using System.Text;
using Apache.Arrow;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// Rows by ranges of one column (Dask's <c>set_partitions_pre</c>): with ascending cuts
/// c1 &lt; … &lt; c(m−1), a value v goes to the number of cuts ≤ v, so partition k holds
/// [c(k), c(k+1)); descending, to m − 1 minus that, so the partitions run from the largest values
/// down. Missing values (null, NaN) go to the last partition (pandas' <c>na_position="last"</c>).
/// Cuts are the column's raw values: longs for integers, bools (0/1) and timestamps (in the
/// column's unit), doubles for floats, strings (compared as UTF-8 bytes, Python's order).
/// </summary>
public sealed class RangePartitioning : ShufflePartitioning
{
    /// <summary>Rows of <paramref name="column"/> by <paramref name="cuts"/>, ascending or not.</summary>
    public RangePartitioning(string column, IReadOnlyList<object> cuts, bool ascending)
    {
        Column = column ?? throw new ArgumentNullException(nameof(column));
        Cuts = cuts ?? throw new ArgumentNullException(nameof(cuts));
        if (cuts.Any(c => c is not (long or double or string)))
        {
            throw new ArgumentException("Range cuts are longs, doubles or strings.", nameof(cuts));
        }

        Ascending = ascending;
    }

    /// <summary>The column ranged over.</summary>
    public string Column { get; }

    /// <summary>The inner boundaries, ascending (one fewer than the pieces).</summary>
    public IReadOnlyList<object> Cuts { get; }

    /// <summary>Whether partition 0 holds the smallest values.</summary>
    public bool Ascending { get; }

    /// <inheritdoc/>
    public override int Pieces => Cuts.Count + 1;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Columns => [Column];

    /// <inheritdoc/>
    public override int[] Assign(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        IArrowArray column = partition.Column(Column);
        var piece = new int[column.Length];
        switch (column)
        {
            case DoubleArray or FloatArray:
                double[] dcuts = [.. Cuts.Select(c => Convert.ToDouble(c, CultureInfo.InvariantCulture))];
                ReadOnlySpan<double> doubles = Numeric.Doubles(column);
                for (int i = 0; i < piece.Length; i++)
                {
                    piece[i] = ArrayBuild.IsValid(column, i) && !double.IsNaN(doubles[i]) ? Place(UpperBound(dcuts, doubles[i])) : Pieces - 1;
                }

                break;
            case StringArray s:
                byte[][] scuts = [.. Cuts.Select(c => Encoding.UTF8.GetBytes((string)c))];
                for (int i = 0; i < piece.Length; i++)
                {
                    piece[i] = ArrayBuild.IsValid(s, i) ? Place(UpperBound(scuts, s.GetBytes(i))) : Pieces - 1;
                }

                break;
            case DictionaryArray { Dictionary: StringArray words } d:
                // Each word placed once, its rows through their codes.
                byte[][] wcuts = [.. Cuts.Select(c => Encoding.UTF8.GetBytes((string)c))];
                var ofWord = new int[words.Length];
                for (int w = 0; w < ofWord.Length; w++)
                {
                    ofWord[w] = Place(UpperBound(wcuts, words.GetBytes(w)));
                }

                ReadOnlySpan<int> codes = ((Int32Array)d.Indices).Values;
                for (int i = 0; i < piece.Length; i++)
                {
                    piece[i] = ArrayBuild.IsValid(d, i) ? ofWord[codes[i]] : Pieces - 1;
                }

                break;
            case BooleanArray b:
                long[] bcuts = [.. Cuts.Select(c => (long)c)];
                for (int i = 0; i < piece.Length; i++)
                {
                    piece[i] = b.GetValue(i) is { } v ? Place(UpperBound(bcuts, v ? 1L : 0L)) : Pieces - 1;
                }

                break;
            default:
                long[] lcuts = [.. Cuts.Select(c => (long)c)];
                ReadOnlySpan<long> longs = Numeric.Longs(column);
                for (int i = 0; i < piece.Length; i++)
                {
                    piece[i] = ArrayBuild.IsValid(column, i) ? Place(UpperBound(lcuts, longs[i])) : Pieces - 1;
                }

                break;
        }

        return piece;
    }

    private int Place(int below) => Ascending ? below : Pieces - 1 - below;

    // How many cuts are <= value (numpy's searchsorted(side="right")).
    private static int UpperBound<T>(T[] cuts, T value)
        where T : IComparable<T>
    {
        int lo = 0, hi = cuts.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cuts[mid].CompareTo(value) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int UpperBound(byte[][] cuts, ReadOnlySpan<byte> value)
    {
        int lo = 0, hi = cuts.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cuts[mid].AsSpan().SequenceCompareTo(value) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"ranges of {Column}{(Ascending ? string.Empty : " descending")} at [{string.Join(", ", Cuts.Select(c => c is string s ? $"'{s}'" : Convert.ToString(c, CultureInfo.InvariantCulture)))}] into {Pieces}";
}
