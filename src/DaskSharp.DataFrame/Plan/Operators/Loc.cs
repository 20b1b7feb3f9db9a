using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// <c>df.Loc[from, to]</c>: the rows whose index lies in a closed range (pandas' label slicing).
/// With known divisions only the partitions the range overlaps are read and the divisions are
/// clipped to the bounds; with unknown ones every partition is filtered, as Dask does.
/// </summary>
public sealed class Loc : FrameExpr
{
    /// <summary>The rows of <paramref name="input"/> with index in [<paramref name="lower"/>, <paramref name="upper"/>] (native values; null for open).</summary>
    /// <exception cref="ArgumentException">when the frame has no index.</exception>
    public Loc(FrameExpr input, object? lower, object? upper)
    {
        Input = input ?? throw new ArgumentNullException(nameof(input));
        string index = input.Schema.Index ?? throw new ArgumentException("Loc selects by index label; this frame has a default range index (no index column).", nameof(input));
        IArrowType type = input.Schema.TypeOf(index);
        Lower = lower;
        Upper = upper;
        Step = new IndexRangeStep(index, type is TimestampType, lower, upper);
        (First, Count, Divisions) = Select(input.NPartitions, input.Divisions, type, lower, upper);
    }

    /// <summary>The input.</summary>
    public FrameExpr Input { get; }

    /// <summary>The lowest index kept (native), or null.</summary>
    public object? Lower { get; }

    /// <summary>The highest index kept (native), or null.</summary>
    public object? Upper { get; }

    /// <summary>What runs on each partition read.</summary>
    public IndexRangeStep Step { get; }

    /// <summary>The first input partition read.</summary>
    public int First { get; }

    /// <summary>How many consecutive input partitions are read.</summary>
    public int Count { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<object>? Divisions { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema => Input.Schema;

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => Count;

    /// <inheritdoc/>
    public override string Describe() => $"Loc: {Step} partitions {First}-{First + Count - 1} of {Input.NPartitions}";

    /// <inheritdoc/>
    protected override string Prefix => "loc";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new Loc(children[0], Lower, Upper);

    /// <summary>
    /// The partitions a range overlaps (partition i holds [d(i), d(i+1)), the last also d(n)), and
    /// their divisions clipped to the bounds. A range no partition holds reads one partition, which
    /// the filter empties, with unknown divisions.
    /// </summary>
    private static (int First, int Count, IReadOnlyList<object>? Divisions) Select(int partitions, IReadOnlyList<object>? divisions, IArrowType type, object? lower, object? upper)
    {
        if (divisions is null)
        {
            return (0, partitions, null);
        }

        object[] native = [.. divisions.Select(d => IndexLabels.Native(d, type, "divisions"))];
        int n = native.Length - 1;
        int first = lower is null ? 0 : PartitionOf(native, lower);
        int last = upper is null ? n - 1 : PartitionOf(native, upper);
        bool empty = (lower is not null && IndexLabels.Compare(lower, native[n]) > 0)
            || (upper is not null && IndexLabels.Compare(upper, native[0]) < 0)
            || (lower is not null && upper is not null && IndexLabels.Compare(lower, upper) > 0);
        if (empty)
        {
            return (Math.Min(first, last), 1, null);
        }

        var clipped = new List<object>(last - first + 2)
        {
            IndexLabels.Division(lower is not null && IndexLabels.Compare(lower, native[first]) > 0 ? lower : native[first], type),
        };
        for (int i = first + 1; i <= last; i++)
        {
            clipped.Add(divisions[i]);
        }

        clipped.Add(IndexLabels.Division(upper is not null && IndexLabels.Compare(upper, native[last + 1]) < 0 ? upper : native[last + 1], type));
        return (first, last - first + 1, clipped);
    }

    /// <summary>The partition that holds <paramref name="value"/> (bisect right, clipped to the partitions).</summary>
    private static int PartitionOf(object[] divisions, object value)
    {
        int lo = 0, hi = divisions.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (IndexLabels.Compare(value, divisions[mid]) < 0)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return Math.Clamp(lo - 1, 0, divisions.Length - 2);
    }
}
