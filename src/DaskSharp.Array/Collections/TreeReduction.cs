using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.Arrays;

/// <summary>
/// Dask's tree reduction: every block is reduced to a partial result (keeping the reduced axes as
/// length 1), partials are combined in groups of <c>splitEvery</c> along each reduced axis, level
/// after level, until one remains per output block; that one is turned into the result. Memory and
/// parallelism both stay bounded: no task ever reads more than <c>splitEvery</c>^k partials.
/// </summary>
internal static class TreeReduction
{
    public const int DefaultSplitEvery = 4;

    public static DaskArray<TOut> Build<TIn, TPartial, TOut>(
        DaskArray<TIn> x,
        string prefix,
        int[] axes,
        bool keepDims,
        int? splitEvery,
        TaskFunction chunk,
        TaskFunction combine,
        TaskFunction aggregate,
        object? token = null,
        BlockInput[]? chunkExtras = null)
        where TIn : unmanaged
        where TOut : unmanaged
    {
        int split = splitEvery ?? DefaultSplitEvery;
        if (split < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(splitEvery), $"splitEvery must be at least 2, not {split}.");
        }

        // Level 0: one partial per block, reduced axes kept with length 1.
        var partialSizes = new long[x.Rank][];
        for (int d = 0; d < x.Rank; d++)
        {
            partialSizes[d] = axes.Contains(d) ? [.. Enumerable.Repeat(1L, x.NumBlocks[d])] : x.Chunks.Sizes(d);
        }

        DaskArray<TIn> level = ArrayBuilder.Blockwise<TIn>(
            prefix, chunk, new Chunks(partialSizes),
            [BlockInput.Aligned(x, x.Rank), BlockInput.Constant(axes), .. chunkExtras ?? []], token: token);

        // Combine while any reduced axis still has several blocks; the last level aggregates.
        while (true)
        {
            int[] numBlocks = level.NumBlocks;
            bool last = axes.All(a => (numBlocks[a] + split - 1) / split == 1);
            var outSizes = new long[x.Rank][];
            for (int d = 0; d < x.Rank; d++)
            {
                outSizes[d] = axes.Contains(d) ? [.. Enumerable.Repeat(1L, (numBlocks[d] + split - 1) / split)] : level.Chunks.Sizes(d);
            }

            if (last)
            {
                return Aggregate<TIn, TPartial, TOut>(level, prefix, axes, keepDims, split, aggregate, token, x);
            }

            string name = $"{prefix}-partial-{Tokenizer.Tokenize(level.Name, split, token)}";
            var tasks = new TaskGraph();
            foreach (int[] outIndex in BlockGrid.Indices([.. outSizes.Select(s => s.Length)]))
            {
                tasks.Add(new Key(name, outIndex), new TaskSpec(combine, TaskArg.List(typeof(TPartial), [.. Group(level, outIndex, axes, split)])));
            }

            level = ArrayBuilder.FromTasks<TIn>(name, tasks, new Chunks(outSizes), level.Graph);
        }
    }

    private static DaskArray<TOut> Aggregate<TIn, TPartial, TOut>(DaskArray<TIn> level, string prefix, int[] axes, bool keepDims, int split, TaskFunction aggregate, object? token, DaskArray<TIn> source)
        where TIn : unmanaged
        where TOut : unmanaged
    {
        string name = $"{prefix}-aggregate-{Tokenizer.Tokenize(level.Name, split, keepDims, token)}";
        int[] numBlocks = level.NumBlocks;
        var outSizes = new List<long[]>();
        for (int d = 0; d < source.Rank; d++)
        {
            if (!axes.Contains(d))
            {
                outSizes.Add(level.Chunks.Sizes(d));
            }
            else if (keepDims)
            {
                outSizes.Add([1]);
            }
        }

        var tasks = new TaskGraph();
        int[] outGrid = [.. Enumerable.Range(0, source.Rank).Select(d => axes.Contains(d) ? 1 : numBlocks[d])];
        foreach (int[] index in BlockGrid.Indices(outGrid))
        {
            int[] keyIndex = keepDims ? index : [.. index.Where((_, d) => !axes.Contains(d))];
            tasks.Add(
                new Key(name, keyIndex),
                new TaskSpec(aggregate, TaskArg.List(typeof(TPartial), [.. Group(level, index, axes, split)]), TaskArg.Literal(axes), TaskArg.Literal(keepDims)));
        }

        return ArrayBuilder.FromTasks<TOut>(name, tasks, new Chunks([.. outSizes]), level.Graph);
    }

    /// <summary>The partials output block <paramref name="outIndex"/> combines: up to <paramref name="split"/> per reduced axis.</summary>
    private static IEnumerable<TaskArg> Group<T>(DaskArray<T> level, int[] outIndex, int[] axes, int split)
        where T : unmanaged
    {
        int[] numBlocks = level.NumBlocks;
        int[] counts = [.. Enumerable.Range(0, numBlocks.Length).Select(d => axes.Contains(d) ? Math.Min(split, numBlocks[d] - (outIndex[d] * split)) : 1)];
        foreach (int[] offset in BlockGrid.Indices(counts))
        {
            int[] index = [.. Enumerable.Range(0, numBlocks.Length).Select(d => axes.Contains(d) ? (outIndex[d] * split) + offset[d] : outIndex[d])];
            yield return TaskArg.Ref(level.BlockKey(index));
        }
    }
}
