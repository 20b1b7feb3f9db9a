using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// What one resample task computes (Dask's <c>_resample_series</c>): the bins of a fixed rule
/// (<see cref="Freq"/> nanoseconds, closed and labelled left) from a start to an end, and per bin
/// <see cref="Aggregations"/> of the rows in it. It travels to workers as its rule and aggregations.
/// </summary>
public sealed class ResampleSpec
{
    /// <summary>The aggregations a resample takes (pandas' names).</summary>
    public static readonly IReadOnlyList<string> Known = ["sum", "mean", "min", "max", "count", "first", "last"];

    /// <summary>Resampling to <paramref name="rule"/> (a fixed frequency of <paramref name="freq"/> ns), computing <paramref name="aggregations"/>.</summary>
    public ResampleSpec(string rule, long freq, IReadOnlyList<Aggregation> aggregations)
    {
        Rule = rule ?? throw new ArgumentNullException(nameof(rule));
        ArgumentOutOfRangeException.ThrowIfLessThan(freq, 1);
        Freq = freq;
        Aggregations = aggregations ?? throw new ArgumentNullException(nameof(aggregations));
        if (aggregations.Count == 0)
        {
            throw new ArgumentException("A resample needs at least one aggregation.", nameof(aggregations));
        }

        foreach (Aggregation a in aggregations)
        {
            if (a.Column is null || !Known.Contains(a.How))
            {
                throw new ArgumentException($"Unknown resample aggregation '{a.How}'{(a.Column is null ? string.Empty : $" of '{a.Column}'")}; the known ones are {string.Join(", ", Known)}.", nameof(aggregations));
            }
        }
    }

    /// <summary>The rule as written.</summary>
    public string Rule { get; }

    /// <summary>The bin width in nanoseconds.</summary>
    public long Freq { get; }

    /// <summary>What is computed per bin.</summary>
    public IReadOnlyList<Aggregation> Aggregations { get; }

    /// <summary>The result's schema on frames of <paramref name="input"/>: the bin labels as the index (the input's index name and unit), a column per aggregation.</summary>
    public FrameSchema OutputSchema(FrameSchema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string index = input.Index ?? throw new ArgumentException("Resample needs a datetime index; this frame has a default range index (no index column).");
        IArrowType indexType = input.TypeOf(index);
        if (indexType is not TimestampType)
        {
            throw new ArgumentException($"Resample needs a datetime index; the index '{index}' is {Dtype.Name(indexType)}.");
        }

        var fields = new List<Field> { new(index, indexType, false) };
        foreach (Aggregation a in Aggregations)
        {
            if (a.How == "mean" && input.TypeOf(a.Column!) is TimestampType)
            {
                throw new ArgumentException($"Resample cannot take the mean of the datetime column '{a.Column}'.");
            }

            fields.Add(new Field(a.Output, a.OutputType(input), true));
        }

        if (fields.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != fields.Count)
        {
            throw new ArgumentException($"Resample outputs must have distinct names (and differ from the index '{index}'): {string.Join(", ", Aggregations.Select(a => a.Output))}.");
        }

        return new FrameSchema(new Schema(fields, null), index);
    }

    /// <summary>The bins of <paramref name="partition"/> from <paramref name="start"/> (ns) to <paramref name="end"/>, the end bin too when <paramref name="endIncluded"/>.</summary>
    public Partition Apply(Partition partition, long start, long end, bool endIncluded) => ResampleKernels.Bins(partition, this, start, end, endIncluded);

    /// <inheritdoc/>
    public override string ToString() => $"resample('{Rule}') [{string.Join(", ", Aggregations)}]";
}
