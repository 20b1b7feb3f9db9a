using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.Arrays;

/// <summary>
/// Chunked matrix products (Dask's <c>matmul</c>/<c>tensordot</c>): block (i, j) of x·y is the sum
/// over l of x(i, l)·y(l, j). The products are a blockwise layer over an (i, j, l) grid; the sums
/// over l are a tree of <c>splitEvery</c>-way additions, so memory stays bounded for long
/// contractions.
/// </summary>
internal static class MatMul<T>
    where T : unmanaged
{
    private static readonly TaskFunction Product = TaskFunction.From((NDArray<T> a, NDArray<T> b) => Gemm.Multiply(a, b)).AsKernel();

    private static readonly TaskFunction Sum = TaskFunction.From((NDArray<T>[] parts) =>
    {
        NDArray<T> acc = parts[0];
        for (int p = 1; p < parts.Length; p++)
        {
            acc = Elementwise.Binary(acc, parts[p], BinaryOp.Add);
        }

        return acc;
    }).AsKernel();

    public static DaskArray<T> Multiply(DaskArray<T> x, DaskArray<T> y, int splitEvery = TreeReduction.DefaultSplitEvery)
    {
        Chunks.RequireKnown(x.Chunks, "multiply");
        Chunks.RequireKnown(y.Chunks, "multiply");
        if (x.Rank != 2 || y.Rank != 2)
        {
            throw new ArgumentException($"MatMul takes 2-d arrays here, not {x.Rank}-d and {y.Rank}-d; use TensorDot or Reshape.");
        }

        if (x.Shape[1] != y.Shape[0])
        {
            throw new ArgumentException($"matmul: Input operand 1 has a mismatch in its core dimension 0 (size {y.Shape[0]} is different from {x.Shape[1]}); shapes {x.Chunks.ShapeText()} and {y.Chunks.ShapeText()}.");
        }

        // The contracted axis must be cut the same way on both sides.
        long[] inner = Rechunking.CommonRefinement(x.Chunks.Sizes(1), y.Chunks.Sizes(0));
        DaskArray<T> a = Rechunking.Rechunk(x, new Chunks(x.Chunks.Sizes(0), inner));
        DaskArray<T> b = Rechunking.Rechunk(y, new Chunks(inner, y.Chunks.Sizes(1)));
        int ni = a.NumBlocks[0];
        int nj = b.NumBlocks[1];
        int nl = inner.Length;

        string productName = $"matmul-products-{Tokenizer.Tokenize(a.Name, b.Name)}";
        var products = new BlockwiseLayer(
            productName, [ni, nj, nl], Product,
            BlockwiseArg.Blocks(a.Name, a.NumBlocks, 0, 2),
            BlockwiseArg.Blocks(b.Name, b.NumBlocks, 2, 1));
        HighLevelGraph graph = HighLevelGraph.FromLayer(products, a.Graph, b.Graph);

        // Sum over l in a tree.
        string level = productName;
        int count = nl;
        int depth = 0;
        string name = $"matmul-{Tokenizer.Tokenize(a.Name, b.Name, splitEvery)}";
        do
        {
            int next = (count + splitEvery - 1) / splitEvery;
            string levelName = next == 1 ? name : $"{name}-partial-{depth}";
            var tasks = new TaskGraph();
            for (int i = 0; i < ni; i++)
            {
                for (int j = 0; j < nj; j++)
                {
                    for (int g = 0; g < next; g++)
                    {
                        TaskArg[] parts = [.. Enumerable.Range(g * splitEvery, Math.Min(splitEvery, count - (g * splitEvery))).Select(l => TaskArg.Ref(new Key(level, i, j, l)))];
                        Key key = next == 1 ? new Key(levelName, i, j) : new Key(levelName, i, j, g);
                        tasks.Add(key, new TaskSpec(Sum, TaskArg.List(typeof(NDArray<T>), parts)));
                    }
                }
            }

            graph = HighLevelGraph.FromLayer(new MaterializedLayer(levelName, tasks), graph);
            level = levelName;
            count = next;
            depth++;
        }
        while (count > 1);

        return new DaskArray<T>(graph, name, new Chunks(a.Chunks.Sizes(0), b.Chunks.Sizes(1)));
    }
}
