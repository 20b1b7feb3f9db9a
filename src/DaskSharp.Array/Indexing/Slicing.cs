using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.Arrays;

/// <summary>
/// NumPy basic indexing of chunked arrays (Dask's <c>slice_array</c>): every output block is a
/// strided view of exactly one input block, so slicing copies nothing and reads only the blocks
/// it keeps. Steps may be negative; integers drop their axis.
/// </summary>
internal static class Slicing
{
    /// <summary>One output block along one axis: which input block, and the start, step and count inside it.</summary>
    private readonly record struct Piece(int Block, long Start, long Step, long Count);

    public static DaskArray<T> Slice<T>(DaskArray<T> x, SliceIndex[] index)
        where T : unmanaged
    {
        Chunks.RequireKnown(x.Chunks, "slice");
        SliceIndex[] full = Expand(index, x.Rank);
        var pieces = new Piece[x.Rank][];
        var drop = new bool[x.Rank];
        for (int d = 0; d < x.Rank; d++)
        {
            var (start, step, count) = full[d].Resolve(x.Shape[d], d);
            drop[d] = full[d].IndexKind == SliceIndex.Kind.Integer;
            pieces[d] = Pieces(x.Chunks.Sizes(d), start, step, count);
        }

        string name = $"getitem-{Tokenizer.Tokenize(x.Name, index.Select(i => i.ToString()).ToArray())}";
        var tasks = new TaskGraph();
        int[] grid = [.. pieces.Select(p => p.Length)];
        foreach (int[] outIndex in BlockGrid.Indices(grid))
        {
            var block = new int[x.Rank];
            var plan = new long[x.Rank * 4];
            for (int d = 0; d < x.Rank; d++)
            {
                Piece p = pieces[d][outIndex[d]];
                block[d] = p.Block;
                plan[(4 * d) + 0] = p.Start;
                plan[(4 * d) + 1] = p.Step;
                plan[(4 * d) + 2] = p.Count;
                plan[(4 * d) + 3] = drop[d] ? 1 : 0;
            }

            int[] key = [.. outIndex.Where((_, d) => !drop[d])];
            tasks.Add(new Key(name, key), new TaskSpec(ChunkFunctions<T>.GetItem, TaskArg.Ref(x.BlockKey(block)), TaskArg.Literal(plan)));
        }

        long[][] sizes = [.. Enumerable.Range(0, x.Rank).Where(d => !drop[d]).Select(d => pieces[d].Select(p => p.Count).ToArray())];
        return ArrayBuilder.FromTasks<T>(name, tasks, new Chunks(sizes), x.Graph);
    }

    /// <summary>The strided view one output block takes of its input block.</summary>
    public static NDArray<T> View<T>(NDArray<T> block, long[] plan)
        where T : unmanaged
    {
        int rank = block.Rank;
        int offset = block.Offset;
        var shape = new List<int>();
        var strides = new List<int>();
        for (int d = 0; d < rank; d++)
        {
            int start = (int)plan[4 * d];
            int step = (int)plan[(4 * d) + 1];
            int count = (int)plan[(4 * d) + 2];
            offset += count == 0 ? 0 : start * block.Strides[d];
            if (plan[(4 * d) + 3] == 0)
            {
                shape.Add(count);
                strides.Add(block.Strides[d] * step);
            }
        }

        return block.View(offset, [.. shape], [.. strides]);
    }

    /// <summary>Ellipsis expanded and missing trailing axes filled with <c>:</c>.</summary>
    private static SliceIndex[] Expand(SliceIndex[] index, int rank)
    {
        int ellipses = index.Count(i => i.IndexKind == SliceIndex.Kind.Ellipsis);
        if (ellipses > 1)
        {
            throw new IndexOutOfRangeException("an index can only have a single ellipsis ('...')");
        }

        int explicitAxes = index.Length - ellipses;
        if (explicitAxes > rank)
        {
            throw new IndexOutOfRangeException($"too many indices for array: array is {rank}-dimensional, but {explicitAxes} were indexed");
        }

        var result = new List<SliceIndex>();
        foreach (SliceIndex i in index)
        {
            if (i.IndexKind == SliceIndex.Kind.Ellipsis)
            {
                result.AddRange(Enumerable.Repeat(SliceIndex.All, rank - explicitAxes));
            }
            else
            {
                result.Add(i);
            }
        }

        while (result.Count < rank)
        {
            result.Add(SliceIndex.All);
        }

        return [.. result];
    }

    private static Piece[] Pieces(long[] sizes, long start, long step, long count)
    {
        if (count == 0)
        {
            return [new Piece(0, 0, 1, 0)];
        }

        var starts = new long[sizes.Length + 1];
        for (int b = 0; b < sizes.Length; b++)
        {
            starts[b + 1] = starts[b] + sizes[b];
        }

        var result = new List<Piece>();
        IEnumerable<int> order = step > 0 ? Enumerable.Range(0, sizes.Length) : Enumerable.Range(0, sizes.Length).Reverse();
        foreach (int b in order)
        {
            long lo = starts[b];
            long hi = starts[b + 1];
            long kMin;
            long kMax;
            if (step > 0)
            {
                kMin = lo <= start ? 0 : CeilDiv(lo - start, step);
                kMax = hi <= start ? -1 : CeilDiv(hi - start, step) - 1;
            }
            else
            {
                long s = -step;
                kMin = start < hi ? 0 : ((start - hi) / s) + 1;
                kMax = start < lo ? -1 : (start - lo) / s;
            }

            kMin = Math.Max(kMin, 0);
            kMax = Math.Min(kMax, count - 1);
            if (kMin <= kMax)
            {
                result.Add(new Piece(b, start + (kMin * step) - lo, step, kMax - kMin + 1));
            }
        }

        return [.. result];
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
