using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// Keeps the rows whose index lies between <see cref="Lower"/> (inclusive) and <see cref="Upper"/>
/// (inclusive when <see cref="UpperInclusive"/>), either open when null: <c>df.Loc[a, b]</c> on one
/// partition, and how a repartition (by npartitions or to given divisions) cuts a partition at new
/// divisions. Bounds are native index values (<see cref="IndexLabels"/>): nanoseconds for a
/// timestamp index of any unit, long for an int64 or int32 one, double for a float one, or string.
/// </summary>
public sealed class IndexRangeStep : PartitionStep
{
    /// <summary>Keeps the rows of index column <paramref name="index"/> in the range.</summary>
    public IndexRangeStep(string index, bool timestamp, object? lower, object? upper, bool upperInclusive = true)
    {
        Index = index ?? throw new ArgumentNullException(nameof(index));
        Timestamp = timestamp;
        Lower = lower is null or long or double or string ? lower : throw new ArgumentException($"An index bound is a long, double or string, not {lower.GetType().Name}.", nameof(lower));
        Upper = upper is null or long or double or string ? upper : throw new ArgumentException($"An index bound is a long, double or string, not {upper.GetType().Name}.", nameof(upper));
        UpperInclusive = upperInclusive;
    }

    /// <summary>The index column.</summary>
    public string Index { get; }

    /// <summary>True when the index is a timestamp (bounds in nanoseconds since the epoch).</summary>
    public bool Timestamp { get; }

    /// <summary>The lowest index kept, or null for no lower bound.</summary>
    public object? Lower { get; }

    /// <summary>The upper bound, or null for none.</summary>
    public object? Upper { get; }

    /// <summary>Whether a row at <see cref="Upper"/> is kept.</summary>
    public bool UpperInclusive { get; }

    /// <inheritdoc/>
    public override Partition Apply(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        IArrowArray index = partition.Column(Index);
        var keep = new bool[index.Length];
        switch (index)
        {
            case TimestampArray t: Mark(Timestamps.Nanos(t), index, keep); break;
            case Int64Array or Int32Array: Mark(Numeric.Longs(index), index, keep); break;
            case DoubleArray or FloatArray: Mark(Numeric.Doubles(index), index, keep); break;
            default:
                for (int i = 0; i < keep.Length; i++)
                {
                    keep[i] = Text.Get(index, i) is { } s && Inside(s);
                }

                break;
        }

        return Take.Filter(partition, ArrayBuild.Boolean(keep, null, 0));
    }

    private void Mark<T>(ReadOnlySpan<T> values, IArrowArray array, bool[] keep)
        where T : IComparable<T>
    {
        bool hasLower = Lower is T, hasUpper = Upper is T;
        T lower = hasLower ? (T)Lower! : default!, upper = hasUpper ? (T)Upper! : default!;
        if ((Lower is not null && !hasLower) || (Upper is not null && !hasUpper))
        {
            throw new ArgumentException($"The bounds of {this} do not fit the index '{Index}' ({Dtype.Name(array.Data.DataType)}).");
        }

        for (int i = 0; i < keep.Length; i++)
        {
            T v = values[i];
            keep[i] = ArrayBuild.IsValid(array, i)
                && (!hasLower || v.CompareTo(lower) >= 0)
                && (!hasUpper || (UpperInclusive ? v.CompareTo(upper) <= 0 : v.CompareTo(upper) < 0));
        }
    }

    private bool Inside(string s) =>
        (Lower is not string lo || string.CompareOrdinal(s, lo) >= 0)
        && (Upper is not string hi || (UpperInclusive ? string.CompareOrdinal(s, hi) <= 0 : string.CompareOrdinal(s, hi) < 0));

    /// <inheritdoc/>
    public override string ToString() =>
        $"IndexRange: {Index} in [{(Lower is null ? string.Empty : IndexLabels.Show(Lower, Timestamp))}, {(Upper is null ? string.Empty : IndexLabels.Show(Upper, Timestamp))}{(UpperInclusive ? "]" : ")")}";
}
