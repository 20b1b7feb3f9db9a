using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// Dask's <c>map_overlap</c> for shift, diff and rolling: each partition is computed with the rows
/// it needs from its neighbours (the last <see cref="OverlapSpec.BeforeRows"/> rows of the previous
/// partition, the first <see cref="OverlapSpec.AfterRows"/> of the next, or for a time window the rows
/// of the previous partitions within the window of its first row), and then only its own rows are kept.
/// </summary>
public sealed class Overlap : FrameExpr
{
    private readonly long[]? _divisions;

    /// <summary><paramref name="spec"/> over <paramref name="input"/>'s partitions with their neighbours' rows.</summary>
    /// <exception cref="ArgumentException">when a time window meets an index that is not a datetime, or unknown divisions.</exception>
    public Overlap(FrameExpr input, OverlapSpec spec)
    {
        Input = input ?? throw new ArgumentNullException(nameof(input));
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        _divisions = TimeDivisions(input, spec);
        Schema = spec.OutputSchema(input.Schema);
    }

    /// <summary>For a time window, the input's divisions in ns (checking the index is a datetime and the divisions are known); null otherwise.</summary>
    /// <exception cref="ArgumentException">when a time window meets an index that is not a datetime, or unknown divisions.</exception>
    internal static long[]? TimeDivisions(FrameExpr input, OverlapSpec spec)
    {
        if (spec.BeforeNanos == 0)
        {
            return null;
        }

        string index = input.Schema.Index ?? throw new ArgumentException($"{spec}: a time window needs a datetime index (Dask: Must have a `DatetimeIndex` when using string offset); this frame has a default range index.", nameof(input));
        IArrowType type = input.Schema.TypeOf(index);
        if (type is not TimestampType)
        {
            throw new ArgumentException($"{spec}: a time window needs a datetime index (Dask: Must have a `DatetimeIndex` when using string offset); the index '{index}' is {Dtype.Name(type)}.", nameof(input));
        }

        IReadOnlyList<object> divisions = input.Divisions ?? throw new ArgumentException($"{spec}: a time window takes rows from as many previous partitions as the window spans, which needs known divisions; this frame's are unknown.", nameof(input));
        return [.. divisions.Select(d => (long)IndexLabels.Native(d, type, index))];
    }

    /// <summary>The input.</summary>
    public FrameExpr Input { get; }

    /// <summary>What runs on each partition with its neighbours' rows.</summary>
    public OverlapSpec Spec { get; }

    /// <summary>
    /// For a time window, the first of the partitions before partition <paramref name="i"/> that may
    /// hold rows within the window of its first row (Dask's walk back over the divisions from
    /// <c>divisions[i] − before</c>); the partitions from it to i − 1 are read.
    /// </summary>
    public int FirstBefore(int i)
    {
        long[] divisions = _divisions ?? throw new InvalidOperationException("Only a time window reads several previous partitions.");
        long lower = Math.Max(divisions[i] - Spec.BeforeNanos, divisions[0]);
        int j = i - 1;
        while (j > 0 && divisions[j] > lower)
        {
            j--;
        }

        return j;
    }

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<object>? Divisions => Input.Divisions;

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => Input.NPartitions;

    /// <inheritdoc/>
    public override string Describe() => $"Overlap: {Spec}";

    /// <inheritdoc/>
    protected override string Prefix => "overlap";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new Overlap(children[0], Spec);
}
