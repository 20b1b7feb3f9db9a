using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// The index values one partition of a repartitioned frame holds, as Dask's divisions bound them:
/// from <see cref="Lo"/> up to but not including <see cref="Hi"/>, or including it for the last
/// partition. Bounds are division values: <see cref="DateTime"/> for a timestamp index, long or
/// double for a numeric one.
/// </summary>
public sealed record IndexRange(object Lo, object Hi, bool Last)
{
    /// <summary>The rows of <paramref name="parts"/> whose index lies in the range, concatenated in order.</summary>
    public Partition Slice(FrameSchema schema, Partition[] parts)
    {
        var kept = new List<Partition>();
        foreach (Partition p in parts)
        {
            IArrowArray index = p.Column(p.Index ?? throw new InvalidOperationException("Repartitioning by divisions needs an index column."));
            var mask = new bool[p.Length];
            for (int i = 0; i < mask.Length; i++)
            {
                mask[i] = ArrayBuild.IsValid(index, i) && Holds(index, i);
            }

            kept.Add(Take.Filter(p, ArrayBuild.Boolean(mask, null, 0)));
        }

        return kept.Count == 0 ? Partition.Empty(schema) : Take.Concat(kept);
    }

    private bool Holds(IArrowArray index, int i)
    {
        int lo, hi;
        switch (index)
        {
            case TimestampArray t:
                long v = t.Values[i], l = Nanos((DateTime)Lo, t), h = Nanos((DateTime)Hi, t);
                (lo, hi) = (v.CompareTo(l), v.CompareTo(h));
                break;
            case Int64Array n:
                (lo, hi) = (n.Values[i].CompareTo(Convert.ToInt64(Lo, System.Globalization.CultureInfo.InvariantCulture)), n.Values[i].CompareTo(Convert.ToInt64(Hi, System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case Int32Array n:
                (lo, hi) = (((long)n.Values[i]).CompareTo(Convert.ToInt64(Lo, System.Globalization.CultureInfo.InvariantCulture)), ((long)n.Values[i]).CompareTo(Convert.ToInt64(Hi, System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case DoubleArray d:
                (lo, hi) = (d.Values[i].CompareTo(Convert.ToDouble(Lo, System.Globalization.CultureInfo.InvariantCulture)), d.Values[i].CompareTo(Convert.ToDouble(Hi, System.Globalization.CultureInfo.InvariantCulture)));
                break;
            default:
                throw new NotSupportedException($"Repartitioning a {Dtype.Name(index.Data.DataType)} index by divisions is not supported.");
        }

        return lo >= 0 && (hi < 0 || Last && hi == 0);
    }

    private static long Nanos(DateTime d, TimestampArray t)
    {
        long ticks = d.Ticks - DateTime.UnixEpoch.Ticks; // 100 ns
        return ((TimestampType)t.Data.DataType).Unit switch
        {
            TimeUnit.Second => ticks / TimeSpan.TicksPerSecond,
            TimeUnit.Millisecond => ticks / TimeSpan.TicksPerMillisecond,
            TimeUnit.Microsecond => ticks / 10,
            _ => ticks * 100,
        };
    }
}
