using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.Arrays;

/// <summary>
/// Dask's <c>blockwise</c> with index strings. Without contracted letters it is one blockwise layer
/// (inputs read through axis mappings, fusable); with them, each output block's task receives, per
/// input, the blocks along the contracted letters, concatenated into one array.
/// </summary>
internal static class IndexedBlockwise
{
    public static DaskArray<TOut> One<T1, TOut>(Func<NDArray<T1>, NDArray<TOut>> function, string outIndex, DaskArray<T1> x, string xIndex)
        where T1 : unmanaged
        where TOut : unmanaged
    {
        ArgumentNullException.ThrowIfNull(function);
        Dictionary<char, long[]> letters = LetterChunks(outIndex, [(xIndex, x.Chunks)]);
        DaskArray<T1> xa = Align(x, xIndex, letters);
        Chunks chunks = OutputChunks(outIndex, letters);
        TaskFunction f = TaskFunction.From(function);
        if (xIndex.All(outIndex.Contains))
        {
            return ArrayBuilder.Blockwise<TOut>(f.Name, f, chunks, [BlockInput.Mapped(xa, Axes(xIndex, outIndex))], token: function);
        }

        TaskFunction wrapped = TaskFunction.From((NDArray<T1>[] xs, int[] xGrid) => function(Concat(xs, xGrid)));
        return Contracted<TOut>(f.Name, wrapped, function, outIndex, chunks, letters, [(xa.Name, xIndex, xa.NumBlocks, xa.Graph, typeof(NDArray<T1>))]);
    }

    public static DaskArray<TOut> Two<T1, T2, TOut>(Func<NDArray<T1>, NDArray<T2>, NDArray<TOut>> function, string outIndex, DaskArray<T1> x, string xIndex, DaskArray<T2> y, string yIndex)
        where T1 : unmanaged
        where T2 : unmanaged
        where TOut : unmanaged
    {
        ArgumentNullException.ThrowIfNull(function);
        Dictionary<char, long[]> letters = LetterChunks(outIndex, [(xIndex, x.Chunks), (yIndex, y.Chunks)]);
        DaskArray<T1> xa = Align(x, xIndex, letters);
        DaskArray<T2> ya = Align(y, yIndex, letters);
        Chunks chunks = OutputChunks(outIndex, letters);
        TaskFunction f = TaskFunction.From(function);
        if (xIndex.All(outIndex.Contains) && yIndex.All(outIndex.Contains))
        {
            return ArrayBuilder.Blockwise<TOut>(
                f.Name, f, chunks, [BlockInput.Mapped(xa, Axes(xIndex, outIndex)), BlockInput.Mapped(ya, Axes(yIndex, outIndex))], token: function);
        }

        TaskFunction wrapped = TaskFunction.From((NDArray<T1>[] xs, int[] xGrid, NDArray<T2>[] ys, int[] yGrid) => function(Concat(xs, xGrid), Concat(ys, yGrid)));
        return Contracted<TOut>(
            f.Name, wrapped, function, outIndex, chunks, letters,
            [(xa.Name, xIndex, xa.NumBlocks, xa.Graph, typeof(NDArray<T1>)), (ya.Name, yIndex, ya.NumBlocks, ya.Graph, typeof(NDArray<T2>))]);
    }

    private static DaskArray<TOut> Contracted<TOut>(
        string prefix,
        TaskFunction wrapped,
        Delegate user,
        string outIndex,
        Chunks chunks,
        Dictionary<char, long[]> letters,
        (string Name, string Index, int[] NumBlocks, HighLevelGraph Graph, Type BlockType)[] inputs)
        where TOut : unmanaged
    {
        string name = $"{prefix}-{Tokenizer.Tokenize(prefix, user, inputs.Select(i => (i.Name, i.Index)).ToArray(), outIndex)}";
        var tasks = new TaskGraph();
        foreach (int[] outBlock in BlockGrid.Indices(chunks.NumBlocks))
        {
            var args = new List<TaskArg>();
            foreach (var input in inputs)
            {
                // The grid of this input's blocks for this output block: one along kept letters, all along contracted ones.
                int[] grid = [.. input.Index.Select((c, d) => outIndex.Contains(c) ? 1 : input.NumBlocks[d])];
                var refs = new List<TaskArg>();
                foreach (int[] offset in BlockGrid.Indices(grid))
                {
                    int[] block = [.. input.Index.Select((c, d) => outIndex.Contains(c) ? outBlock[outIndex.IndexOf(c)] : offset[d])];
                    refs.Add(TaskArg.Ref(new Key(input.Name, block)));
                }

                args.Add(TaskArg.List(input.BlockType, [.. refs]));
                args.Add(TaskArg.Literal(grid));
            }

            tasks.Add(new Key(name, outBlock), new TaskSpec(wrapped, [.. args]));
        }

        return ArrayBuilder.FromTasks<TOut>(name, tasks, chunks, [.. inputs.Select(i => i.Graph)]);
    }

    /// <summary>Blocks laid out on a grid, concatenated into one array.</summary>
    internal static NDArray<T> Concat<T>(NDArray<T>[] parts, int[] grid)
        where T : unmanaged
    {
        if (parts.Length == 1)
        {
            return parts[0];
        }

        int rank = grid.Length;
        var sizes = new long[rank][];
        for (int d = 0; d < rank; d++)
        {
            // Sizes along axis d: the parts at index 0 on every other axis.
            sizes[d] = new long[grid[d]];
            for (int b = 0; b < grid[d]; b++)
            {
                int[] at = new int[rank];
                at[d] = b;
                sizes[d][b] = parts[Linear(at, grid)].Shape[d];
            }
        }

        return BlockAssembly.Assemble<T>(new Chunks(sizes), parts.Cast<object?>().ToArray());
    }

    private static int Linear(int[] index, int[] grid)
    {
        int n = 0;
        for (int d = 0; d < grid.Length; d++)
        {
            n = (n * grid[d]) + index[d];
        }

        return n;
    }

    /// <summary>Chunks of every letter: the common refinement over the inputs that have it.</summary>
    private static Dictionary<char, long[]> LetterChunks(string outIndex, (string Index, Chunks Chunks)[] inputs)
    {
        var letters = new Dictionary<char, long[]>();
        foreach (var (index, chunks) in inputs)
        {
            Chunks.RequireKnown(chunks, "blockwise");
            if (index.Length != chunks.Rank)
            {
                throw new ArgumentException($"Index '{index}' has {index.Length} letters but the array has {chunks.Rank} dimensions.", nameof(inputs));
            }

            for (int d = 0; d < index.Length; d++)
            {
                long[] own = chunks.Sizes(d);
                if (letters.TryGetValue(index[d], out long[]? existing))
                {
                    if (existing.Sum() != own.Sum())
                    {
                        throw new ArgumentException($"Index letter '{index[d]}' has length {existing.Sum()} in one input and {own.Sum()} in another.", nameof(inputs));
                    }

                    letters[index[d]] = existing.AsSpan().SequenceEqual(own) ? existing : Rechunking.CommonRefinement(existing, own);
                }
                else
                {
                    letters[index[d]] = own;
                }
            }
        }

        foreach (char c in outIndex)
        {
            if (!letters.ContainsKey(c))
            {
                throw new NotSupportedException($"Output letter '{c}' appears in no input; new axes are not supported by Blockwise yet.");
            }
        }

        return letters;
    }

    private static DaskArray<T> Align<T>(DaskArray<T> x, string index, Dictionary<char, long[]> letters)
        where T : unmanaged => Rechunking.Rechunk(x, new Chunks([.. index.Select(c => letters[c])]));

    private static Chunks OutputChunks(string outIndex, Dictionary<char, long[]> letters) => new([.. outIndex.Select(c => letters[c])]);

    private static int[] Axes(string index, string outIndex) => [.. index.Select(c => outIndex.IndexOf(c, StringComparison.Ordinal))];
}
