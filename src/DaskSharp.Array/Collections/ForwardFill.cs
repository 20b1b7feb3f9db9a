using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.Arrays;

/// <summary>
/// Dask's <c>push</c> (forward fill) as a chain along the axis, like the cumulative reductions: each
/// block fills itself, then fills its leading NaN from the previous block's filled last slab; the
/// run length since the last value travels with it, so a limit holds across blocks.
/// </summary>
internal static class ForwardFill<T>
    where T : unmanaged
{
    private static readonly TaskFunction s_first = TaskFunction.From((NDArray<T> block, int axis, int limit) => Fill(block, axis, limit, null, null).Filled).AsKernel();

    private static readonly TaskFunction s_next = TaskFunction.From((NDArray<T> block, NDArray<T> previous, NDArray<long> run, int axis, int limit) => Fill(block, axis, limit, previous, run).Filled).AsKernel();

    private static readonly TaskFunction s_lastFirst = TaskFunction.From((NDArray<T> block, int axis, int limit) => Fill(block, axis, limit, null, null).Last).AsKernel();

    private static readonly TaskFunction s_lastNext = TaskFunction.From((NDArray<T> block, NDArray<T> previous, NDArray<long> run, int axis, int limit) => Fill(block, axis, limit, previous, run).Last).AsKernel();

    private static readonly TaskFunction s_runsFirst = TaskFunction.From((NDArray<T> block, int axis, int limit) => Fill(block, axis, limit, null, null).Runs).AsKernel();

    private static readonly TaskFunction s_runsNext = TaskFunction.From((NDArray<T> block, NDArray<T> previous, NDArray<long> run, int axis, int limit) => Fill(block, axis, limit, previous, run).Runs).AsKernel();

    public static DaskArray<T> Push(DaskArray<T> x, int axis, int limit)
    {
        Chunks.RequireKnown(x.Chunks, "push");
        string token = Tokenizer.Tokenize(x.Name, axis, limit);
        string name = $"push-{token}";
        string lastName = $"push-last-{token}";
        string runsName = $"push-runs-{token}";
        var tasks = new TaskGraph();
        foreach (int[] index in BlockGrid.Indices(x.NumBlocks))
        {
            // Each block's carry (last values, NaN runs) is what the next block along the axis starts from.
            TaskArg block = TaskArg.Ref(x.BlockKey(index));
            TaskArg ax = TaskArg.Literal(axis);
            TaskArg lim = TaskArg.Literal(limit);
            if (index[axis] == 0)
            {
                tasks.Add(new Key(name, index), new TaskSpec(s_first, block, ax, lim));
                tasks.Add(new Key(lastName, index), new TaskSpec(s_lastFirst, block, ax, lim));
                tasks.Add(new Key(runsName, index), new TaskSpec(s_runsFirst, block, ax, lim));
            }
            else
            {
                int[] previous = (int[])index.Clone();
                previous[axis]--;
                TaskArg last = TaskArg.Ref(new Key(lastName, previous));
                TaskArg runs = TaskArg.Ref(new Key(runsName, previous));
                tasks.Add(new Key(name, index), new TaskSpec(s_next, block, last, runs, ax, lim));
                tasks.Add(new Key(lastName, index), new TaskSpec(s_lastNext, block, last, runs, ax, lim));
                tasks.Add(new Key(runsName, index), new TaskSpec(s_runsNext, block, last, runs, ax, lim));
            }
        }

        return ArrayBuilder.FromTasks<T>(name, tasks, x.Chunks, x.Graph);
    }

    /// <summary>The block filled along the axis, its last slab and, per position, the NaN run length at its end.</summary>
    private static (NDArray<T> Filled, NDArray<T> Last, NDArray<long> Runs) Fill(NDArray<T> block, int axis, int limit, NDArray<T>? previous, NDArray<long>? previousRuns)
    {
        ArrayKernels<T> k = ArrayKernels<T>.Instance;
        int[] perm = [.. Enumerable.Range(0, block.Rank).Where(d => d != axis), axis];
        NDArray<T> moved = block.Transpose(perm).Copy();
        int n = block.Shape[axis];
        Span<T> data = moved.AsSpan();
        int outer = n == 0 ? 0 : data.Length / n;
        int[] slabShape = [.. block.ShapeArray.Select((s, d) => d == axis ? 1 : s)];
        var last = NDArray<T>.Full(k.FromDouble(double.NaN), slabShape);
        var runs = new NDArray<long>(slabShape);
        ReadOnlySpan<T> prev = previous is null ? default : previous.AsContiguous().AsSpan();
        ReadOnlySpan<long> prevRuns = previousRuns is null ? default : previousRuns.AsContiguous().AsSpan();
        for (int o = 0; o < outer; o++)
        {
            T carried = previous is null ? k.FromDouble(double.NaN) : prev[o];
            long run = previous is null ? 0 : prevRuns[o];
            for (int i = 0; i < n; i++)
            {
                ref T v = ref data[(o * n) + i];
                if (k.IsNaN(v))
                {
                    run++;
                    if (!k.IsNaN(carried) && run <= limit)
                    {
                        v = carried;
                    }
                }
                else
                {
                    carried = v;
                    run = 0;
                }
            }

            last.AsSpan()[o] = run <= limit ? carried : k.FromDouble(double.NaN);
            runs.AsSpan()[o] = run;
        }

        int[] back = new int[perm.Length];
        for (int d = 0; d < perm.Length; d++)
        {
            back[perm[d]] = d;
        }

        return (moved.Transpose(back).AsContiguous(), last, runs);
    }
}
