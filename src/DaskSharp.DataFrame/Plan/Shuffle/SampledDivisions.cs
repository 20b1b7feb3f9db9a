using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// A sort's divisions from every partition's <see cref="DivisionSampleStep"/> summary (Dask's
/// <c>_calculate_divisions</c>): the weighted samples merged, cut at equal shares of the rows, the
/// smallest and largest values at the ends, repeated divisions dropped (so few distinct values give
/// fewer partitions, as in Dask); and whether the partitions are already in order, each one's values
/// all below the next one's (then no shuffle is needed, as Dask's <c>set_sorted_index</c>).
/// Values are raw: longs for integers, bools and timestamps (the column's unit), doubles, strings.
/// </summary>
internal sealed class SampledDivisions
{
    private SampledDivisions(IReadOnlyList<object> divisions, IReadOnlyList<object>? presorted)
    {
        Divisions = divisions;
        Presorted = presorted;
    }

    /// <summary>The divisions (at least two), or none when the column has no value at all.</summary>
    public IReadOnlyList<object> Divisions { get; }

    /// <summary>The inner cuts of <see cref="Divisions"/>.</summary>
    public IReadOnlyList<object> Cuts => Divisions.Count <= 2 ? [] : [.. Divisions.Skip(1).Take(Divisions.Count - 2)];

    /// <summary>When the partitions are already in order (ascending): each one's minimum, then the last maximum; else null.</summary>
    public IReadOnlyList<object>? Presorted { get; }

    /// <summary>The divisions for <paramref name="npartitions"/> outputs from <paramref name="samples"/>, one a partition in order.</summary>
    public static SampledDivisions From(IReadOnlyList<Partition> samples, int npartitions, bool ascending)
    {
        Partition all = Take.Concat(samples);
        IArrowArray values = all.Column(DivisionSampleStep.ValueColumn);
        ReadOnlySpan<double> weights = ((DoubleArray)all.Column(DivisionSampleStep.WeightColumn)).Values;
        int[] order = SortOrder.Of([values], [true]);
        int valid = 0;
        double total = 0;
        while (valid < order.Length && !DivisionSampleStep.IsMissing(values, order[valid]))
        {
            total += weights[order[valid++]];
        }

        if (valid == 0)
        {
            return new SampledDivisions([], null);
        }

        var divisions = new List<object> { Raw(values, order[0]) };
        double before = 0;
        int at = 0;
        for (int k = 1; k < npartitions; k++)
        {
            // The first sample past k/n of the rows starts partition k.
            double target = total * k / npartitions;
            while (at < valid - 1 && before + weights[order[at]] <= target)
            {
                before += weights[order[at++]];
            }

            Add(divisions, Raw(values, order[at]));
        }

        object max = Raw(values, order[valid - 1]);
        divisions.Add(max);
        return new SampledDivisions(divisions, samples.Count == npartitions ? InOrder(samples, ascending) : null);
    }

    private static void Add(List<object> divisions, object value)
    {
        if (Compare(divisions[^1], value) != 0)
        {
            divisions.Add(value);
        }
    }

    // Every partition has values and no missing one, and its largest is below the next one's smallest
    // (descending: its smallest above the next one's largest).
    private static IReadOnlyList<object>? InOrder(IReadOnlyList<Partition> samples, bool ascending)
    {
        var mins = new List<object>();
        object? previousMax = null, previousMin = null;
        foreach (Partition s in samples)
        {
            IArrowArray v = s.Column(DivisionSampleStep.ValueColumn);
            if (v.Length == 0 || DivisionSampleStep.IsMissing(v, v.Length - 1))
            {
                return null;
            }

            object min = Raw(v, 0), max = Raw(v, v.Length - 1);
            if ((ascending && previousMax is not null && Compare(previousMax, min) >= 0) || (!ascending && previousMin is not null && Compare(previousMin, max) <= 0))
            {
                return null;
            }

            mins.Add(min);
            (previousMin, previousMax) = (min, max);
        }

        mins.Add(previousMax!);
        return mins;
    }

    /// <summary>Row <paramref name="i"/>'s raw value.</summary>
    internal static object Raw(IArrowArray a, int i) => a switch
    {
        Int64Array or Int32Array or TimestampArray => Numeric.Longs(a)[i],
        BooleanArray b => b.GetValue(i) == true ? 1L : 0L,
        DoubleArray d => d.Values[i],
        FloatArray f => (double)f.Values[i],
        StringArray or DictionaryArray => Text.Get(a, i)!,
        _ => throw new NotSupportedException($"Dividing by a {Dtype.Name(a.Data.DataType)} column is not supported."),
    };

    /// <summary>Orders raw values of one column (strings as UTF-8 bytes, Python's order).</summary>
    internal static int Compare(object a, object b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (double x, double y) => x.CompareTo(y),
        (string x, string y) => Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y)),
        _ => throw new ArgumentException($"Raw values {a} and {b} are of different types."),
    };

    /// <summary>A raw value of a column of <paramref name="type"/> as a division (a DateTime for a timestamp).</summary>
    internal static object Division(object raw, IArrowType type) => type is TimestampType t
        ? IndexLabels.Division(Timestamps.ToNanos((long)raw, t.Unit), type)
        : raw;
}
