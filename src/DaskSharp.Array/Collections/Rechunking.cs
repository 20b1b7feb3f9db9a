using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.Arrays;

/// <summary>How to build one output block of a rechunk from pieces of input blocks.</summary>
internal sealed class RechunkPlan : ITokenizable
{
    public RechunkPlan(int[] shape, (int[] SourceStart, int[] Length, int[] DestinationStart)[] pieces)
    {
        Shape = shape;
        Pieces = pieces;
    }

    public int[] Shape { get; }

    public (int[] SourceStart, int[] Length, int[] DestinationStart)[] Pieces { get; }

    public NDArray<T> Assemble<T>(NDArray<T>[] parts)
        where T : unmanaged
    {
        if (parts.Length == 1 && parts[0].Shape.SequenceEqual(Shape))
        {
            return parts[0];
        }

        var result = new NDArray<T>(Shape);
        for (int i = 0; i < parts.Length; i++)
        {
            var (source, length, destination) = Pieces[i];
            StridedCopy.Copy(parts[i].Block(source, length), result.Block(destination, length));
        }

        return result;
    }

    public void WriteToken(TokenWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteValue(Shape);
        foreach (var (s, l, d) in Pieces)
        {
            writer.WriteValue(s);
            writer.WriteValue(l);
            writer.WriteValue(d);
        }
    }
}

/// <summary>Changing an array's chunks (Dask's <c>rechunk</c>), and aligning the chunks of operands.</summary>
internal static class Rechunking
{
    /// <summary>
    /// The same data in <paramref name="target"/> chunks. When cutting every output block straight
    /// from the input blocks would make a dense web of dependencies (rows to columns: every output
    /// block reads every input block), the rechunk goes through an intermediate chunking whose
    /// blocks are the geometric mean of the two along each axis that changes a lot, as Dask's
    /// <c>plan_rechunk</c> does, so the graph grows like n·√n instead of n².
    /// </summary>
    public static DaskArray<T> Rechunk<T>(DaskArray<T> x, Chunks target)
        where T : unmanaged
    {
        Chunks.RequireKnown(x.Chunks, "rechunk");
        if (x.Chunks.Equals(target) || !x.Shape.AsSpan().SequenceEqual(target.Shape))
        {
            return Direct(x, target);
        }

        Chunks? middle = Intermediate(x.Chunks, target);
        if (middle is not null && Edges(x.Chunks, middle) + Edges(middle, target) < Edges(x.Chunks, target) / 2)
        {
            return Direct(Direct(x, middle), target);
        }

        return Direct(x, target);
    }

    /// <summary>Dependencies a direct rechunk creates: the product over axes of the per-axis overlaps.</summary>
    internal static long Edges(Chunks from, Chunks to)
    {
        long total = 1;
        for (int d = 0; d < from.Rank; d++)
        {
            total *= Overlaps(from.Sizes(d), to.Sizes(d)).Sum(o => (long)o.Count);
        }

        return total;
    }

    private static Chunks? Intermediate(Chunks from, Chunks to)
    {
        bool changed = false;
        var sizes = new long[from.Rank][];
        for (int d = 0; d < from.Rank; d++)
        {
            double a = from.Sizes(d).Average();
            double b = to.Sizes(d).Average();
            long length = to.Sizes(d).Sum();
            if (Math.Max(a, b) >= 4 * Math.Min(a, b) && length > 0)
            {
                long c = Math.Max(1, (long)Math.Round(Math.Sqrt(a * b)));
                sizes[d] = Chunks.Normalize(c, [length], 1).Sizes(0);
                changed = true;
            }
            else
            {
                sizes[d] = to.Sizes(d);
            }
        }

        return changed ? new Chunks(sizes) : null;
    }

    /// <summary>Each output block is cut from the input blocks it overlaps.</summary>
    private static DaskArray<T> Direct<T>(DaskArray<T> x, Chunks target)
        where T : unmanaged
    {
        if (!x.Shape.AsSpan().SequenceEqual(target.Shape))
        {
            throw new ArgumentException($"Cannot rechunk an array of shape {Axes.Text(x.Shape)} to chunks {target} (shape {Axes.Text(target.Shape)}).", nameof(target));
        }

        if (x.Chunks.Equals(target))
        {
            return x;
        }

        string name = $"rechunk-merge-{Tokenizer.Tokenize(x.Name, target)}";
        int rank = x.Rank;
        var perAxis = new List<(int Block, int Start, int Length, int Destination)>[rank][];
        for (int d = 0; d < rank; d++)
        {
            perAxis[d] = Overlaps(x.Chunks.Sizes(d), target.Sizes(d));
        }

        var tasks = new TaskGraph();
        foreach (int[] outIndex in BlockGrid.Indices(target.NumBlocks))
        {
            var lists = new List<(int Block, int Start, int Length, int Destination)>[rank];
            for (int d = 0; d < rank; d++)
            {
                lists[d] = perAxis[d][outIndex[d]];
            }

            var refs = new List<TaskArg>();
            var pieces = new List<(int[], int[], int[])>();
            foreach (int[] combo in BlockGrid.Indices([.. lists.Select(l => l.Count)]))
            {
                var block = new int[rank];
                var start = new int[rank];
                var length = new int[rank];
                var destination = new int[rank];
                for (int d = 0; d < rank; d++)
                {
                    (block[d], start[d], length[d], destination[d]) = lists[d][combo[d]];
                }

                refs.Add(TaskArg.Ref(x.BlockKey(block)));
                pieces.Add((start, length, destination));
            }

            var plan = new RechunkPlan(target.BlockShape(outIndex), [.. pieces]);
            tasks.Add(new Key(name, outIndex), new TaskSpec(ChunkFunctions<T>.Rechunk, TaskArg.List(typeof(NDArray<T>), [.. refs]), TaskArg.Literal(plan)));
        }

        return ArrayBuilder.FromTasks<T>(name, tasks, target, x.Graph);
    }

    /// <summary>For each output block along one axis: the input blocks it overlaps and where.</summary>
    private static List<(int Block, int Start, int Length, int Destination)>[] Overlaps(long[] from, long[] to)
    {
        var result = new List<(int, int, int, int)>[to.Length];
        int inBlock = 0;
        long inStart = 0;
        long outStart = 0;
        for (int o = 0; o < to.Length; o++)
        {
            result[o] = [];
            long outEnd = outStart + to[o];
            long position = outStart;
            while (position < outEnd || (to[o] == 0 && result[o].Count == 0))
            {
                while (inBlock < from.Length - 1 && inStart + from[inBlock] <= position)
                {
                    inStart += from[inBlock];
                    inBlock++;
                }

                long end = Math.Min(outEnd, inStart + from[inBlock]);
                result[o].Add((inBlock, (int)(position - inStart), (int)(end - position), (int)(position - outStart)));
                if (end == position)
                {
                    break; // empty block
                }

                position = end;
            }

            outStart = outEnd;
        }

        return result;
    }

    /// <summary>The union of two chunkings' boundaries (Dask's common refinement for broadcasting).</summary>
    public static long[] CommonRefinement(long[] a, long[] b)
    {
        var cuts = new SortedSet<long>();
        long s = 0;
        foreach (long c in a)
        {
            s += c;
            cuts.Add(s);
        }

        s = 0;
        foreach (long c in b)
        {
            s += c;
            cuts.Add(s);
        }

        var result = new List<long>();
        long previous = 0;
        foreach (long cut in cuts)
        {
            if (cut > previous)
            {
                result.Add(cut - previous);
                previous = cut;
            }
        }

        return result.Count == 0 ? [0] : [.. result];
    }
}
