using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.Arrays;

/// <summary>Boolean-mask and integer-list indexing.</summary>
internal static class Masking
{
    private static class Functions<T>
        where T : unmanaged
    {
        public static readonly TaskFunction Select = TaskFunction.From((NDArray<T> block, NDArray<bool> mask) =>
        {
            T[] values = block.AsContiguous().ToArray();
            bool[] keep = mask.AsContiguous().ToArray();
            var selected = new List<T>();
            for (int i = 0; i < values.Length; i++)
            {
                if (keep[i])
                {
                    selected.Add(values[i]);
                }
            }

            return NDArray<T>.FromArray([.. selected], selected.Count);
        }).AsKernel();

        public static readonly TaskFunction Pick = TaskFunction.From((NDArray<T> block, int axis, long[] positions) =>
        {
            // Gather along one axis: each position becomes one slab of the output.
            int[] shape = block.ShapeArray.ToArray();
            shape[axis] = positions.Length;
            var result = new NDArray<T>(shape);
            for (int p = 0; p < positions.Length; p++)
            {
                int[] starts = new int[block.Rank];
                int[] lengths = block.ShapeArray.ToArray();
                starts[axis] = (int)positions[p];
                lengths[axis] = 1;
                int[] to = new int[block.Rank];
                to[axis] = p;
                StridedCopy.Copy(block.Block(starts, lengths), result.Block(to, lengths));
            }

            return result;
        }).AsKernel();
    }

    public static DaskArray<T> Select<T>(DaskArray<T> x, DaskArray<bool> mask)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (!x.Shape.AsSpan().SequenceEqual(mask.Shape))
        {
            throw new ArgumentException($"The boolean mask has shape {mask.Chunks.ShapeText()} but the array has shape {x.Chunks.ShapeText()}.", nameof(mask));
        }

        // NumPy selects in row-major order: make blocks span whole trailing axes (as Dask's ravel
        // does), so block order is row-major order; align the mask's blocks with the array's.
        if (x.Rank > 1)
        {
            x = Rechunking.Rechunk(x, new Chunks([x.Chunks.Sizes(0), .. Enumerable.Range(1, x.Rank - 1).Select(d => new[] { x.Shape[d] })]));
        }

        DaskArray<bool> aligned = Rechunking.Rechunk(mask, x.Chunks);
        string name = $"getitem-mask-{Tokenizer.Tokenize(x.Name, aligned.Name)}";
        var tasks = new TaskGraph();
        int b = 0;
        foreach (int[] index in BlockGrid.Indices(x.NumBlocks))
        {
            tasks.Add(new Key(name, b++), new TaskSpec(Functions<T>.Select, TaskArg.Ref(x.BlockKey(index)), TaskArg.Ref(aligned.BlockKey(index))));
        }

        return ArrayBuilder.FromTasks<T>(name, tasks, Chunks.Unknown(b), x.Graph, aligned.Graph);
    }

    public static DaskArray<T> Take<T>(DaskArray<T> x, long[] indices, int axis)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(indices);
        Chunks.RequireKnown(x.Chunks, "index");
        axis = Axes.Normalize(axis, x.Rank);
        long length = x.Shape[axis];
        long[] normalized = [.. indices.Select(i => i < 0 ? i + length : i)];
        foreach ((long original, long i) in indices.Zip(normalized))
        {
            if (i < 0 || i >= length)
            {
                throw new IndexOutOfRangeException($"Index {original} is out of bounds for axis {axis} with size {length}.");
            }
        }

        // Consecutive indices that fall in the same input block make one output block (as Dask's take).
        var groups = new List<(int Block, List<long> Positions)>();
        foreach (long i in normalized)
        {
            int block = BlockOf(x.Chunks, axis, i);
            long local = i - x.Chunks.Start(axis, block);
            if (groups.Count > 0 && groups[^1].Block == block)
            {
                groups[^1].Positions.Add(local);
            }
            else
            {
                groups.Add((block, [local]));
            }
        }

        string name = $"take-{Tokenizer.Tokenize(x.Name, normalized, axis)}";
        int[] grid = x.NumBlocks;
        grid[axis] = Math.Max(groups.Count, 1);
        var tasks = new TaskGraph();
        foreach (int[] outIndex in BlockGrid.Indices(grid))
        {
            int[] inIndex = (int[])outIndex.Clone();
            long[] positions = [];
            if (groups.Count > 0)
            {
                inIndex[axis] = groups[outIndex[axis]].Block;
                positions = [.. groups[outIndex[axis]].Positions];
            }

            tasks.Add(new Key(name, outIndex), new TaskSpec(Functions<T>.Pick, TaskArg.Ref(x.BlockKey(inIndex)), TaskArg.Literal(axis), TaskArg.Literal(positions)));
        }

        long[][] sizes = [.. Enumerable.Range(0, x.Rank).Select(d => d == axis
            ? (groups.Count == 0 ? [0L] : groups.Select(g => (long)g.Positions.Count).ToArray())
            : x.Chunks.Sizes(d))];
        return ArrayBuilder.FromTasks<T>(name, tasks, new Chunks(sizes), x.Graph);
    }

    private static int BlockOf(Chunks chunks, int axis, long i)
    {
        int b = 0;
        while (chunks.Start(axis, b + 1) <= i)
        {
            b++;
        }

        return b;
    }
}
