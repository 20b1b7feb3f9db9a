using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// Quantiles through a tree (describe's 25%, 50%, 75%; groupby median and quantile): a group's
/// partial is a sketch, a list of (value, weight) pairs sorted by value, stored interleaved in one
/// float64 list. A sketch keeps every value (weight 1) until it holds more than
/// <see cref="Capacity"/> points; then it is compressed to <see cref="Capacity"/> points of equal
/// weight, each the value at the middle of its share of the ranks. So the result is exact (pandas'
/// linear interpolation) whenever no sketch ever held more than <see cref="Capacity"/> values in a
/// group, and otherwise an approximation whose rank error is of the order of 1/<see cref="Capacity"/>
/// of the group's rows per compression on its way up the tree, in the spirit of Dask's merged
/// per-partition percentiles. Values are sorted a group's run at a time over flat arrays.
/// </summary>
internal static class QuantileSketch
{
    /// <summary>The most points a sketch keeps before it is compressed.</summary>
    public const int Capacity = 1024;

    /// <summary>One sketch a group of the non-null, non-NaN values of <paramref name="column"/>.</summary>
    public static ListArray Of(IArrowArray column, ReadOnlySpan<int> ids, int groups)
    {
        ReadOnlySpan<double> x = Numeric.Doubles(column);
        var offsets = new int[groups + 1];
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] >= 0 && ArrayBuild.IsValid(column, i) && !double.IsNaN(x[i]))
            {
                offsets[ids[i] + 1]++;
            }
        }

        Accumulate(offsets);
        var values = new double[offsets[groups]];
        var weights = new double[values.Length];
        int[] at = offsets[..groups];
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] >= 0 && ArrayBuild.IsValid(column, i) && !double.IsNaN(x[i]))
            {
                int slot = at[ids[i]]++;
                values[slot] = x[i];
                weights[slot] = 1;
            }
        }

        return Build(values, weights, offsets);
    }

    /// <summary>The sketches of rows in the same group merged.</summary>
    public static ListArray Merge(ListArray sketches, ReadOnlySpan<int> ids, int groups)
    {
        ReadOnlySpan<double> flat = ((DoubleArray)sketches.Values).Values;
        ReadOnlySpan<int> rows = sketches.ValueOffsets;
        var offsets = new int[groups + 1];
        for (int r = 0; r < sketches.Length; r++)
        {
            if (ids[r] >= 0)
            {
                offsets[ids[r] + 1] += (rows[r + 1] - rows[r]) / 2;
            }
        }

        Accumulate(offsets);
        var values = new double[offsets[groups]];
        var weights = new double[values.Length];
        int[] at = offsets[..groups];
        for (int r = 0; r < sketches.Length; r++)
        {
            if (ids[r] < 0)
            {
                continue;
            }

            for (int e = rows[r]; e < rows[r + 1]; e += 2)
            {
                int slot = at[ids[r]]++;
                values[slot] = flat[e];
                weights[slot] = flat[e + 1];
            }
        }

        return Build(values, weights, offsets);
    }

    private static void Accumulate(int[] offsets)
    {
        for (int g = 1; g < offsets.Length; g++)
        {
            offsets[g] += offsets[g - 1];
        }
    }

    /// <summary>The <paramref name="q"/> quantile of each sketch (null for an empty one).</summary>
    public static IArrowArray Quantile(ListArray sketches, double q)
    {
        ReadOnlySpan<double> flat = ((DoubleArray)sketches.Values).Values;
        ReadOnlySpan<int> offsets = sketches.ValueOffsets;
        var result = new double[sketches.Length];
        var valid = new bool[sketches.Length];
        for (int r = 0; r < result.Length; r++)
        {
            ReadOnlySpan<double> s = flat[offsets[r]..offsets[r + 1]];
            valid[r] = s.Length > 0;
            result[r] = s.Length > 0 ? Quantile(s, q) : 0;
        }

        (byte[]? bitmap, int nulls) = ArrayBuild.Validity(valid);
        return ArrayBuild.Primitive(DoubleType.Default, result, result.Length, bitmap, nulls);
    }

    // pandas' linear interpolation between the values at ranks floor(h) and ceil(h), h = (n - 1) q,
    // where point i stands for the ranks [before_i, before_i + weight_i).
    private static double Quantile(ReadOnlySpan<double> pairs, double q)
    {
        double total = 0;
        for (int e = 1; e < pairs.Length; e += 2)
        {
            total += pairs[e];
        }

        double h = (total - 1) * q;
        double lo = Math.Floor(h);
        double below = At(pairs, lo), above = At(pairs, Math.Min(lo + 1, total - 1));
        return h == lo ? below : below + ((h - lo) * (above - below));
    }

    private static double At(ReadOnlySpan<double> pairs, double rank)
    {
        double before = 0;
        for (int e = 0; e < pairs.Length; e += 2)
        {
            before += pairs[e + 1];
            if (rank < before)
            {
                return pairs[e];
            }
        }

        return pairs[^2];
    }

    // Group g's points are [offsets[g], offsets[g + 1]): each run sorted by value, compressed when
    // over capacity, and written interleaved as (value, weight).
    private static ListArray Build(double[] values, double[] weights, int[] offsets)
    {
        int groups = offsets.Length - 1;
        var listOffsets = new int[groups + 1];
        for (int g = 0; g < groups; g++)
        {
            listOffsets[g + 1] = listOffsets[g] + (2 * Math.Min(Capacity, offsets[g + 1] - offsets[g]));
        }

        var flat = new double[listOffsets[groups]];
        for (int g = 0; g < groups; g++)
        {
            Span<double> v = values.AsSpan(offsets[g]..offsets[g + 1]), w = weights.AsSpan(offsets[g]..offsets[g + 1]);
            v.Sort(w);
            Span<double> into = flat.AsSpan(listOffsets[g]..listOffsets[g + 1]);
            if (v.Length <= Capacity)
            {
                for (int i = 0; i < v.Length; i++)
                {
                    into[2 * i] = v[i];
                    into[(2 * i) + 1] = w[i];
                }
            }
            else
            {
                Compress(v, w, into);
            }
        }

        IArrowArray items = ArrayBuild.Primitive(DoubleType.Default, flat, flat.Length, null, 0);
        return ArrayBuild.List(items, listOffsets, null, 0);
    }

    // Capacity points of equal weight; each takes the value at the middle rank of its share.
    private static void Compress(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, Span<double> into)
    {
        double total = 0;
        foreach (double w in weights)
        {
            total += w;
        }

        double share = total / Capacity, before = 0;
        int at = 0;
        for (int k = 0; k < Capacity; k++)
        {
            double middle = (k + 0.5) * share;
            while (at < values.Length - 1 && before + weights[at] <= middle)
            {
                before += weights[at];
                at++;
            }

            into[2 * k] = values[at];
            into[(2 * k) + 1] = share;
        }
    }
}
