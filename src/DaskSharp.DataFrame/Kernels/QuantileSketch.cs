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
/// group, and an approximation with rank error below 1/<see cref="Capacity"/> otherwise, in the
/// spirit of Dask's merged per-partition percentiles.
/// </summary>
internal static class QuantileSketch
{
    /// <summary>The most points a sketch keeps before it is compressed.</summary>
    public const int Capacity = 1024;

    /// <summary>One sketch a group of the non-null, non-NaN values of <paramref name="column"/>.</summary>
    public static ListArray Of(IArrowArray column, ReadOnlySpan<int> ids, int groups)
    {
        ReadOnlySpan<double> x = Numeric.Doubles(column);
        var points = new List<(double Value, double Weight)>[groups];
        for (int g = 0; g < groups; g++)
        {
            points[g] = [];
        }

        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] >= 0 && ArrayBuild.IsValid(column, i) && !double.IsNaN(x[i]))
            {
                points[ids[i]].Add((x[i], 1));
            }
        }

        return Build(points);
    }

    /// <summary>The sketches of rows in the same group merged.</summary>
    public static ListArray Merge(ListArray sketches, ReadOnlySpan<int> ids, int groups)
    {
        ReadOnlySpan<double> flat = ((DoubleArray)sketches.Values).Values;
        ReadOnlySpan<int> offsets = sketches.ValueOffsets;
        var points = new List<(double Value, double Weight)>[groups];
        for (int g = 0; g < groups; g++)
        {
            points[g] = [];
        }

        for (int r = 0; r < sketches.Length; r++)
        {
            if (ids[r] < 0)
            {
                continue;
            }

            for (int e = offsets[r]; e < offsets[r + 1]; e += 2)
            {
                points[ids[r]].Add((flat[e], flat[e + 1]));
            }
        }

        return Build(points);
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

    private static ListArray Build(List<(double Value, double Weight)>[] points)
    {
        var offsets = new int[points.Length + 1];
        var flat = new List<double>();
        for (int g = 0; g < points.Length; g++)
        {
            List<(double Value, double Weight)> p = points[g];
            p.Sort((a, b) => a.Value.CompareTo(b.Value));
            foreach ((double value, double weight) in p.Count > Capacity ? Compress(p) : p)
            {
                flat.Add(value);
                flat.Add(weight);
            }

            offsets[g + 1] = flat.Count;
        }

        IArrowArray values = ArrayBuild.Primitive(DoubleType.Default, flat.ToArray(), flat.Count, null, 0);
        return ArrayBuild.List(values, offsets, null, 0);
    }

    // Capacity points of equal weight; each takes the value at the middle rank of its share.
    private static List<(double Value, double Weight)> Compress(List<(double Value, double Weight)> sorted)
    {
        double total = 0;
        foreach ((_, double w) in sorted)
        {
            total += w;
        }

        double share = total / Capacity;
        var result = new List<(double, double)>(Capacity);
        double before = 0;
        int at = 0;
        for (int k = 0; k < Capacity; k++)
        {
            double middle = (k + 0.5) * share;
            while (at < sorted.Count - 1 && before + sorted[at].Weight <= middle)
            {
                before += sorted[at].Weight;
                at++;
            }

            result.Add((sorted[at].Value, share));
        }

        return result;
    }
}
