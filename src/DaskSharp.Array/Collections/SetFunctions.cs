using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.Arrays;

/// <summary>unique (a tree of two levels: per block, then across blocks) and bincount's per-block counts.</summary>
internal static class SetFunctions<T>
    where T : unmanaged
{
    public static readonly TaskFunction BinCount = TaskFunction.From((NDArray<T> block, int length) =>
    {
        var counts = new NDArray<long>(1, length);
        Span<long> c = counts.AsSpan();
        foreach (T value in block.AsContiguous().AsSpan())
        {
            long v = (long)ArrayKernels<T>.Instance.ToDouble(value);
            if (v < 0 || v >= length)
            {
                throw new ArgumentException($"bincount: value {v} is outside [0, {length}); give a minLength above the largest value.");
            }

            c[(int)v]++;
        }

        return counts;
    }).AsKernel();

    /// <summary>Flat indices (a 1-d block) as rows of multi-indices into <c>shape</c>.</summary>
    public static readonly TaskFunction Unravel = TaskFunction.From((NDArray<long> flat, long[] shape) =>
    {
        ReadOnlySpan<long> f = flat.AsContiguous().AsSpan();
        var rows = new NDArray<long>(f.Length, shape.Length);
        Span<long> r = rows.AsSpan();
        for (int i = 0; i < f.Length; i++)
        {
            long rest = f[i];
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                r[(i * shape.Length) + d] = rest % shape[d];
                rest /= shape[d];
            }
        }

        return rows;
    }).AsKernel();

    private static readonly TaskFunction s_distinct = TaskFunction.From((NDArray<T> block) => Distinct([block])).AsKernel();

    private static readonly TaskFunction s_merge = TaskFunction.From((NDArray<T>[] parts) => Distinct(parts)).AsKernel();

    public static DaskArray<T> Unique(DaskArray<T> x)
    {
        DaskArray<T> flat = x.Ravel();
        DaskArray<T> perBlock = ArrayBuilder.Blockwise<T>("unique-block", s_distinct, Chunks.Unknown(flat.NumBlocks[0]), [BlockInput.Mapped(flat, [0])]);
        string name = $"unique-{Tokenizer.Tokenize(perBlock.Name)}";
        var tasks = new TaskGraph();
        tasks.Add(new Key(name, [0]), new TaskSpec(s_merge, TaskArg.List(typeof(NDArray<T>), [.. perBlock.OutputKeys.Select(TaskArg.Ref)])));
        return ArrayBuilder.FromTasks<T>(name, tasks, Chunks.Unknown(1), perBlock.Graph);
    }

    /// <summary>The sorted distinct values of the parts (NaN once, last, as NumPy 1.24's unique).</summary>
    private static NDArray<T> Distinct(NDArray<T>[] parts)
    {
        var set = new HashSet<T>();
        foreach (NDArray<T> p in parts)
        {
            foreach (T v in p.AsContiguous().AsSpan())
            {
                set.Add(v);
            }
        }

        ArrayKernels<T> k = ArrayKernels<T>.Instance;
        T[] values = [.. set.OrderBy(v => k.IsNaN(v) ? 1 : 0).ThenBy(v => v, Comparer<T>.Default)];
        return NDArray<T>.FromArray(values, values.Length);
    }
}
