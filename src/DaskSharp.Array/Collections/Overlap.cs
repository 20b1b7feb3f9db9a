using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.Arrays;

/// <summary>
/// Dask's <c>map_overlap</c>: every block is extended by <c>depth</c> elements of its neighbours
/// along each axis (or by boundary values at the array's edges), the function runs on the
/// extended block, and the margins are trimmed from its result.
/// </summary>
internal static class Overlap<T>
    where T : unmanaged
{
    private static readonly TaskFunction Trim = TaskFunction.From((NDArray<T> block, int[] before, int[] after) =>
    {
        int[] lengths = [.. block.ShapeArray.Select((s, d) => s - before[d] - after[d])];
        return block.Block(before, lengths);
    }).AsKernel();

    public static DaskArray<TOut> Map<TOut>(DaskArray<T> x, Func<NDArray<T>, NDArray<TOut>> function, int[] depth, Boundary boundary, T constant)
        where TOut : unmanaged
    {
        Chunks.RequireKnown(x.Chunks, "overlap");
        if (depth.Length != x.Rank || depth.Any(d => d < 0))
        {
            throw new ArgumentException($"depth needs {x.Rank} non-negative values, one per axis.", nameof(depth));
        }

        for (int d = 0; d < x.Rank; d++)
        {
            if (depth[d] > 0 && x.Chunks.Sizes(d).Min() < depth[d])
            {
                throw new ArgumentException($"The overlap depth {depth[d]} along axis {d} is larger than the smallest chunk ({x.Chunks.Sizes(d).Min()}); rechunk first.", nameof(depth));
            }
        }

        string name = $"overlap-{Tokenizer.Tokenize(x.Name, depth, boundary, constant)}";
        var padded = new TaskGraph();
        var trims = new Dictionary<Key, (int[] Before, int[] After)>();
        foreach (int[] index in BlockGrid.Indices(x.NumBlocks))
        {
            var refs = new List<TaskArg>();
            var neighbours = new List<int[]>();
            foreach (int[] offset in BlockGrid.Indices([.. Enumerable.Repeat(3, x.Rank)]))
            {
                int[] n = [.. index.Select((b, d) => Wrap(b + offset[d] - 1, x.NumBlocks[d], boundary))];
                neighbours.Add(n);
                refs.Add(TaskArg.Ref(x.BlockKey(n.Select((b, d) => Math.Clamp(b, 0, x.NumBlocks[d] - 1)).ToArray())));
            }

            int[] before = [.. index.Select((b, d) => boundary == Boundary.None && b == 0 ? 0 : depth[d])];
            int[] after = [.. index.Select((b, d) => boundary == Boundary.None && b == x.NumBlocks[d] - 1 ? 0 : depth[d])];
            var plan = new OverlapPlan(index, x.Chunks, depth, before, after, boundary, constant);
            var key = new Key(name, index);
            padded.Add(key, new TaskSpec(Assemble, TaskArg.List(typeof(NDArray<T>), [.. refs]), TaskArg.Literal(plan)));
            trims[key] = (before, after);
        }

        var extended = ArrayBuilder.FromTasks<T>(name, padded, x.Chunks, x.Graph);
        DaskArray<TOut> mapped = extended.MapBlocks(function);
        string trimmed = $"trim-{Tokenizer.Tokenize(mapped.Name)}";
        var tasks = new TaskGraph();
        foreach (int[] index in BlockGrid.Indices(x.NumBlocks))
        {
            var (before, after) = trims[new Key(name, index)];
            tasks.Add(new Key(trimmed, index), new TaskSpec(Overlap<TOut>.Trim, TaskArg.Ref(mapped.BlockKey(index)), TaskArg.Literal(before), TaskArg.Literal(after)));
        }

        return ArrayBuilder.FromTasks<TOut>(trimmed, tasks, x.Chunks, mapped.Graph);
    }

    private static readonly TaskFunction Assemble = TaskFunction.From((NDArray<T>[] neighbours, OverlapPlan plan) => plan.Assemble(neighbours)).AsKernel();

    private static int Wrap(int block, int count, Boundary boundary) =>
        boundary == Boundary.Periodic ? ((block % count) + count) % count : block;

    /// <summary>Which element of which neighbour (or which boundary value) each element of the extended block is.</summary>
    internal sealed class OverlapPlan(int[] index, Chunks chunks, int[] depth, int[] before, int[] after, Boundary boundary, T constant) : ITokenizable, IOverlapPlan
    {
        // Exposed for the plan's codec: a plan travels to worker processes with its task.
        public int[] Index { get; } = index;

        public Chunks Chunks { get; } = chunks;

        public int[] Depth { get; } = depth;

        public int[] Before { get; } = before;

        public int[] After { get; } = after;

        public Boundary Boundary { get; } = boundary;

        public T Constant { get; } = constant;

        object IOverlapPlan.ConstantChunk => NDArray<T>.FromArray([Constant], 1);

        public NDArray<T> Assemble(NDArray<T>[] neighbours)
        {
            int rank = Index.Length;
            int[] own = Chunks.BlockShape(Index);
            int[] shape = [.. own.Select((s, d) => s + Before[d] + After[d])];
            var result = new NDArray<T>(shape);
            var source = new int[rank];
            var which = new int[rank];
            foreach (int[] at in BlockGrid.Indices(shape))
            {
                bool constantValue = false;
                for (int d = 0; d < rank; d++)
                {
                    // Position relative to the block's own start, then to the neighbour it falls in.
                    int p = at[d] - Before[d];
                    int size = own[d];
                    if (p >= 0 && p < size)
                    {
                        which[d] = 1;
                        source[d] = p;
                        continue;
                    }

                    bool edge = p < 0 ? Index[d] == 0 : Index[d] == Chunks.NumBlocks[d] - 1;
                    if (!edge || Boundary == Boundary.Periodic)
                    {
                        which[d] = p < 0 ? 0 : 2;
                        int neighbourBlock = ((Index[d] + which[d] - 1) % Chunks.NumBlocks[d] + Chunks.NumBlocks[d]) % Chunks.NumBlocks[d];
                        int neighbourSize = (int)Chunks[d][neighbourBlock];
                        source[d] = p < 0 ? neighbourSize + p : p - size;
                        continue;
                    }

                    // At the array's edge: reflect, repeat the edge, or a constant.
                    which[d] = 1;
                    switch (Boundary)
                    {
                        case Boundary.Reflect:
                            source[d] = p < 0 ? -p - 1 : size - 1 - (p - size);
                            break;
                        case Boundary.Nearest:
                            source[d] = p < 0 ? 0 : size - 1;
                            break;
                        default:
                            constantValue = true;
                            break;
                    }
                }

                if (constantValue)
                {
                    result[at] = Constant;
                    continue;
                }

                int n = 0;
                for (int d = 0; d < rank; d++)
                {
                    n = (n * 3) + which[d];
                }

                result[at] = neighbours[n][source];
            }

            return result;
        }

        public void WriteToken(TokenWriter writer)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteValue(Index);
            writer.WriteValue(Depth);
            writer.WriteValue(Before);
            writer.WriteValue(After);
            writer.WriteValue(Boundary);
            writer.WriteValue(Constant);
        }
    }
}

/// <summary>An overlap plan of any element type, for its codec.</summary>
internal interface IOverlapPlan
{
    int[] Index { get; }

    Chunks Chunks { get; }

    int[] Depth { get; }

    int[] Before { get; }

    int[] After { get; }

    Boundary Boundary { get; }

    /// <summary>The boundary constant as a one-element chunk of the plan's element type.</summary>
    object ConstantChunk { get; }
}
