using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// A partition's key columns at up to <see cref="Samples"/> evenly spaced rows, each weighed by
/// the rows it stands for (a last column <see cref="WeightColumn"/>; the weights add up to the
/// partition's length): what a hash-shuffle merge reads, when it is written, to find the keys that
/// hold more rows than a partition's budget (<see cref="SkewedKeys"/>).
/// </summary>
public sealed class KeySampleStep : PartitionStep
{
    /// <summary>The column of each sampled row's weight.</summary>
    public const string WeightColumn = "|weight";

    /// <summary>Samples <paramref name="keys"/> at up to <paramref name="samples"/> rows.</summary>
    public KeySampleStep(IReadOnlyList<string> keys, int samples)
    {
        Keys = keys ?? throw new ArgumentNullException(nameof(keys));
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        Samples = samples;
    }

    /// <summary>The key columns.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The most rows sampled from one partition.</summary>
    public int Samples { get; }

    /// <inheritdoc/>
    public override Partition Apply(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        int n = partition.Length, m = Math.Min(n, Samples);
        var rows = new int[m];
        for (int i = 0; i < m; i++)
        {
            rows[i] = (int)((long)n * i / m);
        }

        var weights = new double[m];
        System.Array.Fill(weights, m == 0 ? 0 : (double)n / m);
        var fields = new List<Field>();
        var arrays = new List<IArrowArray>();
        foreach (string key in Keys)
        {
            IArrowArray column = Take.Column(partition.Column(key), rows);
            fields.Add(new Field(key, column.Data.DataType, true));
            arrays.Add(column);
        }

        fields.Add(new Field(WeightColumn, DoubleType.Default, false));
        arrays.Add(ArrayBuild.Primitive(DoubleType.Default, weights, m, null, 0));
        return new Partition(new RecordBatch(new Schema(fields, null), arrays, m));
    }

    /// <inheritdoc/>
    public override string ToString() => $"KeySample: [{string.Join(", ", Keys)}] at {Samples} rows";
}
