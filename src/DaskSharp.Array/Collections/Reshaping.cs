using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.Arrays;

/// <summary>
/// Reshape, squeeze, expand_dims, concatenate and stack. Reshape follows Dask's plan: axes are
/// matched in groups whose sizes multiply to the same number; inside a group every input axis but
/// the first is rechunked whole, so each block reshapes on its own.
/// </summary>
internal static class Reshaping
{
    private static class Functions<T>
        where T : unmanaged
    {
        public static readonly TaskFunction Reshape = TaskFunction.From((NDArray<T> block, int[] index, Chunks chunks) => block.Reshape(chunks.BlockShape(index))).AsKernel();

        public static readonly TaskFunction Identity = TaskFunction.From((NDArray<T> block) => block).AsKernel();

        public static readonly TaskFunction ToScalar = TaskFunction.From((NDArray<T> block) => block.Reshape()).AsKernel();
    }

    public static TaskFunction IdentityFunction<T>()
        where T : unmanaged => Functions<T>.Identity;

    public static DaskArray<T> Reshape<T>(DaskArray<T> x, long[] shape)
        where T : unmanaged
    {
        Chunks.RequireKnown(x.Chunks, "reshape");
        long[] target = ResolveShape(shape, x.Size, x.Chunks.ShapeText());
        if (target.AsSpan().SequenceEqual(x.Shape))
        {
            return x;
        }

        if (target.Length == 0)
        {
            // One element to a 0-d array: there is no output axis to map the input's onto.
            DaskArray<T> whole = Rechunking.Rechunk(x, new Chunks([.. x.Shape.Select(s => new[] { s })]));
            string scalar = $"reshape-{Tokenizer.Tokenize(whole.Name, "0-d")}";
            var single = new TaskGraph();
            single.Add(new Key(scalar, []), new TaskSpec(Functions<T>.ToScalar, TaskArg.Ref(whole.BlockKey(new int[whole.Rank]))));
            return ArrayBuilder.FromTasks<T>(scalar, single, new Chunks([]), whole.Graph);
        }

        // Match axes in groups (ignoring length-1 axes, which move freely).
        var inChunks = new List<long[]>();
        var outChunks = new long[target.Length][];
        var outputAxes = new int[x.Rank];
        int i = 0;
        int o = 0;
        while (i < x.Rank || o < target.Length)
        {
            if (o < target.Length && target[o] == 1 && (i >= x.Rank || x.Shape[i] != 1))
            {
                outChunks[o++] = [1];
                continue;
            }

            if (i < x.Rank && x.Shape[i] == 1 && (o >= target.Length || target[o] != 1))
            {
                inChunks.Add([1]);
                outputAxes[i++] = Math.Max(0, Math.Min(o, target.Length - 1));
                continue;
            }

            // Grow the group until both sides have the same number of elements.
            int i1 = i + 1;
            int o1 = o + 1;
            long inSize = x.Shape[i];
            long outSize = target[o];
            while (inSize != outSize)
            {
                if (inSize < outSize)
                {
                    inSize *= x.Shape[i1++];
                }
                else
                {
                    outSize *= target[o1++];
                }
            }

            long innerIn = Product(x.Shape, i + 1, i1);
            long innerOut = Product(target, o + 1, o1);
            long[] first = x.Chunks.Sizes(i);
            bool divisible = first.All(c => c * innerIn % innerOut == 0);
            long[] firstIn = divisible ? first : [x.Shape[i]];
            inChunks.Add(firstIn);
            outputAxes[i] = o;
            for (int k = i + 1; k < i1; k++)
            {
                inChunks.Add([x.Shape[k]]);
                outputAxes[k] = o;
            }

            outChunks[o] = [.. firstIn.Select(c => c * innerIn / innerOut)];
            for (int k = o + 1; k < o1; k++)
            {
                outChunks[k] = [target[k]];
            }

            i = i1;
            o = o1;
        }

        DaskArray<T> aligned = Rechunking.Rechunk(x, new Chunks([.. inChunks]));
        var chunks = new Chunks(outChunks);
        return ArrayBuilder.Blockwise<T>(
            "reshape", Functions<T>.Reshape, chunks,
            [BlockInput.Mapped(aligned, outputAxes), BlockInput.Index(), BlockInput.Constant(chunks)]);
    }

    public static DaskArray<T> Concatenate<T>(IReadOnlyList<DaskArray<T>> arrays, int axis)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(arrays);
        if (arrays.Count == 0)
        {
            throw new ArgumentException("need at least one array to concatenate", nameof(arrays));
        }

        int rank = arrays[0].Rank;
        axis = Axes.Normalize(axis, rank);
        for (int a = 1; a < arrays.Count; a++)
        {
            Chunks.RequireKnown(arrays[a].Chunks, "concatenate");
            bool same = arrays[a].Rank == rank && Enumerable.Range(0, rank).All(d => d == axis || arrays[a].Shape[d] == arrays[0].Shape[d]);
            if (!same)
            {
                throw new ArgumentException(
                    $"all the input array dimensions except for the concatenation axis must match exactly, but array 0 has shape {arrays[0].Chunks.ShapeText()} and array {a} has shape {arrays[a].Chunks.ShapeText()}", nameof(arrays));
            }
        }

        // Other axes take the first array's chunks.
        DaskArray<T>[] aligned = [.. arrays.Select(a => Rechunking.Rechunk(a, new Chunks([.. Enumerable.Range(0, rank).Select(d => d == axis ? a.Chunks.Sizes(d) : arrays[0].Chunks.Sizes(d))])))];
        string name = $"concatenate-{Tokenizer.Tokenize(aligned.Select(a => a.Name).ToArray(), axis)}";
        var tasks = new TaskGraph();
        int offset = 0;
        foreach (DaskArray<T> a in aligned)
        {
            foreach (int[] index in BlockGrid.Indices(a.NumBlocks))
            {
                int[] outIndex = (int[])index.Clone();
                outIndex[axis] += offset;
                tasks.Add(new Key(name, outIndex), new TaskSpec(Functions<T>.Identity, TaskArg.Ref(a.BlockKey(index))));
            }

            offset += a.NumBlocks[axis];
        }

        long[][] sizes = [.. Enumerable.Range(0, rank).Select(d => d == axis ? aligned.SelectMany(a => a.Chunks.Sizes(d)).ToArray() : aligned[0].Chunks.Sizes(d))];
        return ArrayBuilder.FromTasks<T>(name, tasks, new Chunks(sizes), [.. aligned.Select(a => a.Graph)]);
    }

    public static long[] ResolveShape(long[] shape, long size, string from)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int unknown = Array.IndexOf(shape, -1L);
        if (shape.Count(s => s == -1) > 1)
        {
            throw new ArgumentException("can only specify one unknown dimension", nameof(shape));
        }

        long known = shape.Where(s => s != -1).Aggregate(1L, (n, s) => n * s);
        var result = (long[])shape.Clone();
        if (unknown >= 0 && known != 0 && size % known == 0)
        {
            result[unknown] = size / known;
        }

        if (result.Any(s => s < 0) || result.Aggregate(1L, (n, s) => n * s) != size)
        {
            throw new ArgumentException($"cannot reshape array of size {size} (shape {from}) into shape ({string.Join(", ", shape)})", nameof(shape));
        }

        return result;
    }

    private static long Product(long[] values, int from, int to)
    {
        long p = 1;
        for (int k = from; k < to; k++)
        {
            p *= values[k];
        }

        return p;
    }
}
