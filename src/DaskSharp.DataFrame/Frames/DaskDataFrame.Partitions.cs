using Apache.Arrow;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.Graphs;

namespace DaskSharp.DataFrames;

// Whole-frame structural operations: Loc, Tail, MapPartitions, Repartition, Persist.
public sealed partial class DaskDataFrame
{
    private static readonly Func<Partition, long[]> s_measure = FrameOperationTasks.Measure;

    /// <summary>
    /// Rows by index label (pandas' <c>.loc</c>): <c>df.Loc["2000-01-02"]</c>, <c>df.Loc[from, to]</c>
    /// (both ends included, null for open). With known divisions only the overlapping partitions are
    /// read, and the result's divisions are clipped to the bounds.
    /// </summary>
    public LocIndexer Loc => new(Plan);

    /// <summary>
    /// The last <paramref name="n"/> rows, computed from the last <paramref name="npartitions"/>
    /// partitions only (Dask's <c>tail</c> reads the last one; fewer rows come back when it holds fewer).
    /// </summary>
    public LocalFrame Tail(int n = 5, int npartitions = 1, string? scheduler = null) =>
        new DaskDataFrame(new Tail(Plan, n, npartitions == -1 ? NPartitions : npartitions)).Compute(scheduler);

    /// <summary>
    /// Runs <paramref name="func"/> on every partition (Dask's <c>map_partitions</c>), on whichever
    /// worker holds it: the delegate and what it captured travel to worker processes.
    /// </summary>
    /// <param name="func">One partition in, one out; build the result with <c>new LocalFrame(new Partition(batch, index))</c>.</param>
    /// <param name="meta">The result's schema (Dask's <c>meta</c>); when null it is inferred by running <paramref name="func"/> on an empty partition.</param>
    /// <param name="preservesIndex">True when each row keeps its index (so the divisions stay known); otherwise they become unknown.</param>
    /// <example><c>df.MapPartitions(p => new LocalFrame(new Partition(Twice(p.ToArrow()), p.Index)), preservesIndex: true)</c></example>
    /// <exception cref="InvalidOperationException">when inferring the schema fails: pass <paramref name="meta"/>.</exception>
    public DaskDataFrame MapPartitions(Func<LocalFrame, LocalFrame> func, FrameSchema? meta = null, bool preservesIndex = false)
    {
        ArgumentNullException.ThrowIfNull(func);
        return Mapped(OnFrames(func), func, meta, preservesIndex);
    }

    /// <summary>
    /// As <see cref="MapPartitions(Func{LocalFrame, LocalFrame}, FrameSchema?, bool)"/> over the
    /// partitions' record batches; the result's index is the input's index column if it still has it.
    /// </summary>
    public DaskDataFrame MapPartitions(Func<RecordBatch, RecordBatch> func, FrameSchema? meta = null, bool preservesIndex = false)
    {
        ArgumentNullException.ThrowIfNull(func);
        return Mapped(OnBatches(func), func, meta, preservesIndex);
    }

    /// <summary>
    /// The same rows in other partitions (Dask's <c>repartition</c>): <paramref name="npartitions"/>
    /// fewer concatenates neighbours, more splits partitions (by rows, or at interpolated divisions
    /// when they are known for a timestamp or numeric index); <paramref name="partitionSize"/>
    /// ("100MB") first measures every partition's memory (its Arrow buffers; this computes the frame
    /// once, on <paramref name="scheduler"/>), splits those above the size and concatenates
    /// neighbours up to it. Give one of the two.
    /// </summary>
    public DaskDataFrame Repartition(int? npartitions = null, string? partitionSize = null, string? scheduler = null)
    {
        if ((npartitions is null) == (partitionSize is null))
        {
            throw new ArgumentException("Repartition takes one of npartitions or partitionSize.");
        }

        if (npartitions is { } n)
        {
            return new DaskDataFrame(RepartitionLayout.ToCount(Plan, n));
        }

        long bytes = ByteSize.Parse(partitionSize!);
        FrameExpr measured = _graph.Optimised;
        TaskGraph tasks = Lowering.Lower(measured);
        Key[] keys = [.. Enumerable.Range(0, measured.NPartitions).Select(i => new Key("measure-" + measured.Name, i))];
        for (int i = 0; i < keys.Length; i++)
        {
            tasks.Add(keys[i], TaskSpec.Call(s_measure, TaskArg.Ref(new Key(measured.Name, i))));
        }

        object?[] sizes = Dask.Get(tasks, keys, scheduler);
        long[][] measures = [.. sizes.Select(s => (long[])s!)];
        return new DaskDataFrame(RepartitionLayout.ToSize(measured, bytes, [.. measures.Select(m => m[0])], [.. measures.Select(m => m[1])], $"partition_size={partitionSize}"));
    }

    /// <summary>
    /// Computes every partition now and returns a frame of them (Dask's <c>persist</c>), with the same
    /// divisions and schema, so later operations start from the results instead of recomputing.
    /// </summary>
    public DaskDataFrame Persist(string? scheduler = null, CancellationToken cancellationToken = default)
    {
        var parts = (object?[])Dask.ComputeCollections([new PartitionsOnly(this)], scheduler, true, cancellationToken)[0]!;
        return new DaskDataFrame(new FromPartitions([.. parts.Select(p => (Partition)p!)], _graph.Optimised.Divisions));
    }

    private DaskDataFrame Mapped(Func<Partition, Partition> run, Delegate user, FrameSchema? meta, bool preservesIndex)
    {
        string name = TaskFunction.From(user).Name;
        if (meta is null)
        {
            try
            {
                meta = run(Partition.Empty(Plan.Schema)).Schema;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InvalidOperationException($"MapPartitions ran {name} on an empty partition ({Plan.Schema}) to learn its result's schema, and it threw {e.GetType().Name}: {e.Message} Pass meta: the schema of its result.", e);
            }
        }

        return new DaskDataFrame(new MapPartitions(Plan, run, name, user, meta, preservesIndex));
    }

    // Static, so the closures hold the user's delegate (and, for batches, nothing else) when they travel.
    private static Func<Partition, Partition> OnFrames(Func<LocalFrame, LocalFrame> func) =>
        p => (func(new LocalFrame(p)) ?? throw new InvalidOperationException("A MapPartitions function returned null.")).Data;

    private static Func<Partition, Partition> OnBatches(Func<RecordBatch, RecordBatch> func) =>
        p =>
        {
            RecordBatch batch = func(p.Batch) ?? throw new InvalidOperationException("A MapPartitions function returned null.");
            return new Partition(batch, p.Index is { } index && batch.Schema.GetFieldIndex(index) >= 0 ? index : null);
        };

    /// <summary>The frame's partitions as a collection whose result is the list of them (for Persist).</summary>
    private sealed class PartitionsOnly(DaskDataFrame frame) : IDaskCollection
    {
        public IReadOnlyList<Key> OutputKeys => frame._graph.OutputKeys;

        public void AddGraph(GraphBuilder builder) => frame._graph.AddTo(builder);

        public object? Finalize(ReadOnlySpan<object?> values) => values.ToArray();
    }
}
