using Apache.Arrow;
using DaskSharp.DataFrames.Kernels;
using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.Graphs;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// The keys of a hash-shuffle merge that hold more rows of a side than a partition's budget (that
/// side's rows / the merge's partitions, and at least <see cref="MinimumRows"/>): shuffled, each would land whole in one join task
/// (dask/dask#8769). Found when <c>Merge</c> is written from a sample of both sides' keys
/// (<see cref="KeySampleStep"/>: up to <see cref="SamplesPerPartition"/> evenly spaced rows a
/// partition, one pass reading only the keys, as SetIndex samples its divisions). Each skewed key
/// is spread on the side where it has the more rows (its rows stay in the partitions they are
/// in, a join task each) and the other side's rows of it are broadcast to those tasks. Every key
/// here was seen in the spread side's sample, so it has rows there: a broadcast row always finds a
/// match, and no join kind loses or repeats one.
/// </summary>
public sealed class SkewedKeys
{
    /// <summary>Rows sampled from each partition.</summary>
    public const int SamplesPerPartition = 1024;

    /// <summary>The least rows a key must hold to be split: a few thousand rows in one task cost nothing, whatever the budget of a small side.</summary>
    public const int MinimumRows = 1000;

    private SkewedKeys(Partition spreadLeft, Partition spreadRight, string description)
    {
        SpreadLeft = spreadLeft;
        SpreadRight = spreadRight;
        Description = description;
    }

    /// <summary>The keys spread on the left (a column per left key, the left's types).</summary>
    public Partition SpreadLeft { get; }

    /// <summary>The keys spread on the right (a column per right key, the right's types).</summary>
    public Partition SpreadRight { get; }

    /// <summary>The keys with their estimated rows and the budget, as Explain prints them.</summary>
    public string Description { get; }

    /// <summary>The skewed keys of merging <paramref name="left"/> and <paramref name="right"/> by <paramref name="spec"/> into <paramref name="partitions"/>, sampled on <paramref name="scheduler"/>; null when there are none.</summary>
    public static SkewedKeys? Detect(FrameExpr left, FrameExpr right, JoinSpec spec, int partitions, string? scheduler)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(spec);
        if (partitions < 2)
        {
            return null;
        }

        Partition l = Sample(left, spec.LeftKeys, scheduler), r = Sample(right, spec.RightKeys, scheduler);
        int keys = spec.LeftKeys.Count;
        (int[] ids, int count) = HashJoin.Ids([.. l.Batch.Arrays.Take(keys)], [.. r.Batch.Arrays.Take(keys)]);
        var (leftRows, leftFirst) = Weigh(l, ids.AsSpan(0, l.Length), count);
        var (rightRows, rightFirst) = Weigh(r, ids.AsSpan(l.Length), count);
        double leftBudget = Total(l) / partitions, rightBudget = Total(r) / partitions;
        var spreadLeft = new List<int>();
        var spreadRight = new List<int>();
        var told = new List<string>();
        for (int id = 0; id < count; id++)
        {
            bool heavyLeft = leftRows[id] > Math.Max(leftBudget, MinimumRows), heavyRight = rightRows[id] > Math.Max(rightBudget, MinimumRows);
            if (heavyLeft && (!heavyRight || leftRows[id] >= rightRows[id]))
            {
                spreadLeft.Add(leftFirst[id]);
                told.Add($"{Key(l, leftFirst[id], keys)} on the left (about {leftRows[id]:0} rows, budget {leftBudget:0})");
            }
            else if (heavyRight)
            {
                spreadRight.Add(rightFirst[id]);
                told.Add($"{Key(r, rightFirst[id], keys)} on the right (about {rightRows[id]:0} rows, budget {rightBudget:0})");
            }
        }

        if (told.Count == 0)
        {
            return null;
        }

        return new SkewedKeys(KeyTable(l, spreadLeft, keys), KeyTable(r, spreadRight, keys), string.Join("; ", told));
    }

    /// <inheritdoc/>
    public override string ToString() => Description;

    // Each partition's sample, in one pass reading only the keys.
    private static Partition Sample(FrameExpr side, IReadOnlyList<string> keys, string? scheduler)
    {
        FrameExpr plan = Optimizer.Optimize(new Projection(side, keys));
        (TaskGraph tasks, Key[] keys_) = Lowering.WithStep(plan, new KeySampleStep(keys, SamplesPerPartition), "key-sample");
        object?[] samples = Dask.Get(tasks, keys_, scheduler);
        return Take.Concat([.. samples.Select(s => (Partition)s!)]);
    }

    private static double Total(Partition sample)
    {
        ReadOnlySpan<double> w = ((DoubleArray)sample.Column(KeySampleStep.WeightColumn)).Values;
        double total = 0;
        foreach (double x in w)
        {
            total += x;
        }

        return total;
    }

    // The rows each key stands for, and its first sampled row.
    private static (double[] Rows, int[] First) Weigh(Partition sample, ReadOnlySpan<int> ids, int count)
    {
        ReadOnlySpan<double> w = ((DoubleArray)sample.Column(KeySampleStep.WeightColumn)).Values;
        var rows = new double[count];
        var first = new int[count];
        System.Array.Fill(first, -1);
        for (int i = 0; i < ids.Length; i++)
        {
            rows[ids[i]] += w[i];
            if (first[ids[i]] < 0)
            {
                first[ids[i]] = i;
            }
        }

        return (rows, first);
    }

    private static Partition KeyTable(Partition sample, List<int> rows, int keys)
    {
        Partition taken = Take.Rows(sample, [.. rows]);
        Schema schema = new([.. taken.Batch.Schema.FieldsList.Take(keys)], null);
        return new Partition(new RecordBatch(schema, [.. taken.Batch.Arrays.Take(keys)], taken.Length));
    }

    private static string Key(Partition sample, int row, int keys)
    {
        Partition one = Take.Rows(sample, [row]);
        string values = KeySetStep.Show(new Partition(new RecordBatch(new Schema([.. one.Batch.Schema.FieldsList.Take(keys)], null), [.. one.Batch.Arrays.Take(keys)], 1)));
        return values[1..^1];
    }
}
