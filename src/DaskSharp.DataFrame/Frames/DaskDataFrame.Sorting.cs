using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.Graphs;

namespace DaskSharp.DataFrames;

// Moving rows between partitions: Shuffle, SetIndex, SortValues; and ResetIndex.
public sealed partial class DaskDataFrame
{
    /// <summary>
    /// The rows hash-partitioned by <paramref name="on"/> (Dask's <c>shuffle(on, npartitions)</c>):
    /// equal keys end up in one partition; each output partition holds its rows in input order.
    /// The index is kept; the divisions become unknown.
    /// </summary>
    /// <param name="on">Key columns (the index may be one).</param>
    /// <param name="npartitions">Output partitions; the frame's count when null.</param>
    /// <param name="method">"tasks" or "p2p" (peer to peer through the workers); when null, <c>dataframe.shuffle.method</c> from the configuration, else p2p on a distributed client and tasks on the local schedulers (<see cref="ShuffleMethods.Resolve"/>).</param>
    /// <example><c>df.Shuffle(["name"], npartitions: 8, method: "p2p")</c></example>
    /// <exception cref="KeyNotFoundException">for a column the frame lacks.</exception>
    /// <exception cref="ArgumentException">for a key that cannot be hashed, naming it, an unknown method, or npartitions &lt; 1.</exception>
    public DaskDataFrame Shuffle(IReadOnlyList<string> on, int? npartitions = null, string? method = null)
    {
        ArgumentNullException.ThrowIfNull(on);
        if (on.Count == 0)
        {
            throw new ArgumentException("Shuffle needs at least one column to partition on.", nameof(on));
        }

        foreach (string column in on)
        {
            IArrowType type = Plan.Schema.TypeOf(column);
            if (type is not (Int64Type or Int32Type or DoubleType or TimestampType or BooleanType or StringType or DictionaryType { ValueType: StringType }))
            {
                throw new ArgumentException($"Shuffle cannot hash column '{column}' ({Dtype.Name(type)}); keys are int32, int64, float64, bool, string or datetime columns.", nameof(on));
            }
        }

        return new DaskDataFrame(new Plan.Operators.Shuffle(Plan, new HashPartitioning(on, Target(npartitions, "Shuffle")), ShuffleMethods.Resolve(method)));
    }

    /// <summary>The rows hash-partitioned by one column (see <see cref="Shuffle(IReadOnlyList{string}, int?, string?)"/>).</summary>
    public DaskDataFrame Shuffle(string on, int? npartitions = null, string? method = null) => Shuffle([on], npartitions, method);

    /// <summary>
    /// Column <paramref name="column"/> as the sorted index, with known divisions (Dask's
    /// <c>set_index</c>): the divisions are approximate quantiles of the column, computed now in one
    /// pass over the frame (on <paramref name="scheduler"/>); the rows are then shuffled to the
    /// partitions those bound and each partition is sorted by the index (stable, nulls last, in the
    /// last partition). When the partitions are already in order, nothing is shuffled. The old index is
    /// dropped, as pandas does; repeated divisions are dropped, so a column of few values gives fewer
    /// partitions. <c>Loc</c> then reads only the partitions a range overlaps.
    /// </summary>
    /// <param name="column">A data column (int, float, string or datetime).</param>
    /// <param name="npartitions">Output partitions (at most); the frame's count when null.</param>
    /// <param name="scheduler">Where the divisions are computed.</param>
    /// <param name="shuffleMethod">"tasks" or "p2p"; chosen as <see cref="ShuffleMethods.Resolve"/> does when null (p2p when <paramref name="scheduler"/> or the default scheduler is a distributed client).</param>
    /// <example><c>df.SetIndex("id").Loc[1000, 1010].Compute()</c></example>
    /// <exception cref="KeyNotFoundException">for a column the frame lacks.</exception>
    /// <exception cref="ArgumentException">for a column that cannot be an index, naming it, an unknown method, or npartitions &lt; 1.</exception>
    public DaskDataFrame SetIndex(string column, int? npartitions = null, string? scheduler = null, string? shuffleMethod = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (!Plan.Schema.Columns.Contains(column))
        {
            throw Plan.Schema.Index == column
                ? new ArgumentException($"SetIndex: '{column}' is already the index; SetIndex takes a data column ({string.Join(", ", Columns.Select(c => $"'{c}'"))}).", nameof(column))
                : FrameSchema.MissingColumn(column, Columns);
        }

        IArrowType type = Plan.Schema.TypeOf(column);
        if (!SortOrder.CanSort(type) || type is BooleanType)
        {
            throw new ArgumentException($"SetIndex: column '{column}' is {Dtype.Name(type)}, which cannot be a sorted index (int, float, string or datetime columns can).", nameof(column));
        }

        int n = Target(npartitions, "SetIndex");
        ShuffleMethod method = ShuffleMethods.Resolve(shuffleMethod, scheduler);
        var step = new SetIndexStep(column);
        SampledDivisions sampled = Sample(column, n, ascending: true, scheduler);
        if (sampled.Divisions.Count == 0)
        {
            // No value at all: every row in one partition, whose bounds are unknown.
            return new DaskDataFrame(new SortPartitions(new Plan.Operators.Shuffle(Plan, new RangePartitioning(column, [], true), method), step, null));
        }

        if (sampled.Presorted is { } bounds && n == NPartitions)
        {
            return new DaskDataFrame(new SortPartitions(Plan, step, [.. bounds.Select(b => SampledDivisions.Division(b, type))]));
        }

        var shuffle = new Plan.Operators.Shuffle(Plan, new RangePartitioning(column, sampled.Cuts, true), method);
        return new DaskDataFrame(new SortPartitions(shuffle, step, [.. sampled.Divisions.Select(d => SampledDivisions.Division(d, type))]));
    }

    /// <summary>
    /// The rows sorted by <paramref name="by"/> (pandas' <c>sort_values(kind="stable")</c>, nulls last
    /// in either direction; Dask's <c>sort_values</c>): rows are range-partitioned by the first column
    /// at approximate quantiles computed now (on <paramref name="scheduler"/>; not for one partition),
    /// then each partition is sorted by every column, so the partitions in order are the sorted frame.
    /// Rows equal in every column keep their order. The divisions become unknown (the index is kept).
    /// </summary>
    /// <param name="by">Sort columns, first first (the index may be one).</param>
    /// <param name="ascending">The direction of each column; all ascending when null.</param>
    /// <param name="npartitions">Output partitions (at most); the frame's count when null.</param>
    /// <param name="scheduler">Where the divisions are computed.</param>
    /// <param name="shuffleMethod">"tasks" or "p2p"; chosen as <see cref="ShuffleMethods.Resolve"/> does when null.</param>
    /// <example><c>df.SortValues(["name", "x"], ascending: [true, false])</c></example>
    /// <exception cref="KeyNotFoundException">for a column the frame lacks.</exception>
    /// <exception cref="ArgumentException">for a column that cannot be sorted, naming it; directions that do not match the columns; an unknown method; npartitions &lt; 1.</exception>
    public DaskDataFrame SortValues(IReadOnlyList<string> by, IReadOnlyList<bool>? ascending = null, int? npartitions = null, string? scheduler = null, string? shuffleMethod = null)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (by.Count == 0)
        {
            throw new ArgumentException("SortValues needs at least one column to sort by.", nameof(by));
        }

        IReadOnlyList<bool> directions = ascending ?? [.. by.Select(_ => true)];
        if (directions.Count != by.Count)
        {
            throw new ArgumentException($"SortValues: {directions.Count} directions for {by.Count} columns ({string.Join(", ", by)}); give one a column.", nameof(ascending));
        }

        foreach (string column in by)
        {
            IArrowType type = Plan.Schema.TypeOf(column);
            if (!SortOrder.CanSort(type))
            {
                throw new ArgumentException($"SortValues: column '{column}' is {Dtype.Name(type)}, which cannot be sorted (int, float, bool, string or datetime columns can).", nameof(by));
            }
        }

        int n = Target(npartitions, "SortValues");
        ShuffleMethod method = ShuffleMethods.Resolve(shuffleMethod, scheduler);
        var step = new SortStep(by, directions);
        if (NPartitions == 1 && n == 1)
        {
            return new DaskDataFrame(new SortPartitions(Plan, step, null));
        }

        SampledDivisions sampled = Sample(by[0], n, directions[0], scheduler);
        if (sampled.Presorted is not null && n == NPartitions)
        {
            return new DaskDataFrame(new SortPartitions(Plan, step, null));
        }

        return new DaskDataFrame(new SortPartitions(new Plan.Operators.Shuffle(Plan, new RangePartitioning(by[0], sampled.Cuts, directions[0]), method), step, null));
    }

    /// <summary>The rows sorted by one column (see <see cref="SortValues(IReadOnlyList{string}, IReadOnlyList{bool}?, int?, string?, string?)"/>).</summary>
    public DaskDataFrame SortValues(string by, bool ascending = true, int? npartitions = null, string? scheduler = null, string? shuffleMethod = null) => SortValues([by], [ascending], npartitions, scheduler, shuffleMethod);

    /// <summary>
    /// The index as the first column (dropped with <paramref name="drop"/>) and a default range
    /// index (pandas' and Dask's <c>reset_index</c>); the divisions become unknown. A frame with a
    /// range index gets a column "index" of row positions, which restart at 0 in each partition,
    /// as in Dask.
    /// </summary>
    public DaskDataFrame ResetIndex(bool drop = false) => new(new Plan.Operators.ResetIndex(Plan, drop));

    private int Target(int? npartitions, string operation) => npartitions switch
    {
        null => NPartitions,
        < 1 => throw new ArgumentOutOfRangeException(nameof(npartitions), npartitions, $"{operation} needs npartitions >= 1."),
        { } n => n,
    };

    // One pass over the column: each partition's sample (fused into reading only that column), merged here.
    private SampledDivisions Sample(string column, int npartitions, bool ascending, string? scheduler)
    {
        FrameExpr plan = Optimizer.Optimize(new Projection(Plan, [column]));
        var step = new DivisionSampleStep(column, Math.Max(64, 16 * npartitions));
        (TaskGraph tasks, Key[] keys) = Lowering.WithStep(plan, step, "division-sample");
        object?[] samples = Dask.Get(tasks, keys, scheduler);
        return SampledDivisions.From([.. samples.Select(s => (Partition)s!)], npartitions, ascending);
    }
}
