using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// One partition's summary for choosing a sort's divisions in one pass (the spirit of Dask's
/// <c>percentiles_summary</c>, without its random percentiles): its non-missing values of
/// <see cref="Column"/> at up to <see cref="Samples"/> evenly spaced ranks, the smallest and the
/// largest among them, each standing for an equal share of the rows (column "weight"); then, when
/// the partition has missing values, one null row whose weight counts them.
/// </summary>
public sealed class DivisionSampleStep : PartitionStep
{
    /// <summary>The sampled values' column.</summary>
    public const string ValueColumn = "value";

    /// <summary>How many rows each sampled value stands for.</summary>
    public const string WeightColumn = "weight";

    /// <summary>Samples <paramref name="column"/> at up to <paramref name="samples"/> (at least 2) ranks.</summary>
    public DivisionSampleStep(string column, int samples)
    {
        Column = column ?? throw new ArgumentNullException(nameof(column));
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        Samples = samples;
    }

    /// <summary>The column sampled.</summary>
    public string Column { get; }

    /// <summary>The most values kept.</summary>
    public int Samples { get; }

    /// <inheritdoc/>
    public override Partition Apply(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        IArrowArray column = partition.Column(Column);
        if (column.NullCount == 0 && column switch
        {
            DoubleArray d => AtRanks(d.Values, d.Data.DataType, RadixOrder.SortValues),
            Int64Array l => AtRanks(l.Values, l.Data.DataType, RadixOrder.SortValues),
            TimestampArray t => AtRanks(t.Values, t.Data.DataType, RadixOrder.SortValues),
            _ => null,
        } is { } numeric)
        {
            return numeric;
        }

        int[] order = SortOrder.Of([column], [true]);
        int missing = 0;
        for (int i = order.Length - 1; i >= 0 && IsMissing(column, order[i]); i--)
        {
            missing++;
        }

        int valid = order.Length - missing, kept = Math.Min(valid, Samples);
        var rows = new List<int>(kept + 1);
        var weights = new List<double>(kept + 1);
        for (int s = 0; s < kept; s++)
        {
            rows.Add(order[kept == 1 ? 0 : (int)((long)s * (valid - 1) / (kept - 1))]);
            weights.Add(valid / (double)kept);
        }

        if (missing > 0)
        {
            rows.Add(-1); // Take gives a null for a negative row
            weights.Add(missing);
        }

        return Summary(Take.Column(column, [.. rows]), [.. weights]);
    }

    /// <summary>
    /// Past this many rows a sample, a partition's ranks are read from <see cref="Oversampling"/>
    /// rows a sample drawn at random (seeded by the partition's length, so every executor draws
    /// the same) instead of from all of them: Dask's divisions are approximate quantiles too, and
    /// sorting every row only to read a few hundred ranks was a fifth of a SetIndex.
    /// </summary>
    internal const int Oversampling = 32;

    // A numeric column without nulls: its values sorted alone (no row numbers to carry, NaN
    // counted apart), the same ranks picked as the general path picks from the sorted rows.
    private Partition AtRanks<T>(ReadOnlySpan<T> column, IArrowType type, Action<T[], int> sort)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        int total = 0;
        foreach (T v in column)
        {
            if (!T.IsNaN(v))
            {
                total++;
            }
        }

        int missing = column.Length - total, draws = Oversampling * Samples;
        T[] sorted = [];
        int valid = 0;
        if (column.Length > draws)
        {
            sorted = new T[draws];
            var random = new Random(column.Length);
            for (int d = 0; d < draws; d++)
            {
                T v = column[random.Next(column.Length)];
                if (!T.IsNaN(v))
                {
                    sorted[valid++] = v;
                }
            }
        }

        if (valid == 0 && total > 0)
        {
            // Small, or the draws met only NaN: every value.
            sorted = new T[total];
            foreach (T v in column)
            {
                if (!T.IsNaN(v))
                {
                    sorted[valid++] = v;
                }
            }
        }

        int kept = Math.Min(valid, Samples);
        sort(sorted, valid);
        var values = new List<T>(kept);
        var weights = new List<double>(kept + 1);
        for (int s = 0; s < kept; s++)
        {
            values.Add(sorted[kept == 1 ? 0 : (int)((long)s * (valid - 1) / (kept - 1))]);
            weights.Add(total / (double)kept);
        }

        IArrowArray picked;
        if (missing > 0)
        {
            // The general path's null row standing for the NaNs.
            values.Add(T.Zero);
            weights.Add(missing);
            var validity = new byte[(values.Count + 7) / 8];
            for (int i = 0; i < kept; i++)
            {
                validity[i >> 3] |= (byte)(1 << (i & 7));
            }

            picked = ArrayBuild.Primitive(type, values.ToArray(), values.Count, validity, 1);
        }
        else
        {
            picked = ArrayBuild.Primitive(type, values.ToArray(), values.Count, null, 0);
        }

        return Summary(picked, [.. weights]);
    }

    private static Partition Summary(IArrowArray values, double[] w)
    {
        var schema = new Schema([new Field(ValueColumn, values.Data.DataType, true), new Field(WeightColumn, DoubleType.Default, false)], null);
        return new Partition(new RecordBatch(schema, [values, ArrayBuild.Primitive(DoubleType.Default, w, w.Length, null, 0)], w.Length));
    }

    /// <summary>True when row <paramref name="i"/> is null, or NaN in a float column.</summary>
    internal static bool IsMissing(IArrowArray column, int i) =>
        !ArrayBuild.IsValid(column, i) || column switch
        {
            DoubleArray d => double.IsNaN(d.Values[i]),
            FloatArray f => float.IsNaN(f.Values[i]),
            _ => false,
        };

    /// <inheritdoc/>
    public override string ToString() => $"DivisionSample: {Column} at {Samples} ranks";
}
