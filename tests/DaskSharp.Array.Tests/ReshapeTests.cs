namespace DaskSharp.Array.Tests;

public class ReshapeTests
{
    private static readonly NDArray<double> s_a = Reference.Sample(4, 6, 8);

    [Fact]
    public void Reshape_MergeAndSplitAxes_KeepRowMajorOrder()
    {
        DaskArray<double> x = Da.FromArray(s_a, chunks: (2, 3));
        Assert.Equal(s_a.ToArray(), x.Reshape(48).Compute().ToArray());
        Assert.Equal(s_a.ToArray(), x.Reshape(3, 2, 8).Compute().ToArray());
        Assert.Equal(s_a.ToArray(), x.Reshape(-1, 4).Compute().ToArray());
        Assert.Equal(s_a.ToArray(), x.Ravel().Compute().ToArray());
        Assert.Equal([12L, 4], x.Reshape(-1, 4).Shape);
        Assert.Equal("((16, 16, 16),)", x.Reshape(48).Chunks.ToString());
    }

    [Fact]
    public void Reshape_Impossible_NamesBothShapes()
    {
        DaskArray<double> x = Da.FromArray(s_a, chunks: 3);
        var e = Assert.Throws<ArgumentException>(() => x.Reshape(5, 10));
        Assert.StartsWith("cannot reshape array of size 48 (shape (6, 8)) into shape (5, 10)", e.Message);
    }

    [Fact]
    public void SqueezeAndExpandDims()
    {
        DaskArray<double> x = Da.FromArray(s_a, chunks: 3);
        DaskArray<double> e = x.ExpandDims(1);
        Assert.Equal([6L, 1, 8], e.Shape);
        Assert.Equal(s_a.ToArray(), e.Compute().ToArray());
        Assert.Equal([6L, 8], e.Squeeze().Shape);
        Assert.Equal([6L, 8], e.Squeeze(axis: 1).Shape);
        Assert.Throws<ArgumentException>(() => e.Squeeze(axis: 0));
    }

    [Fact]
    public void ConcatenateAndStack()
    {
        NDArray<double> b = Reference.Sample(5, 3, 8);
        DaskArray<double> x = Da.FromArray(s_a, chunks: (4, 3));
        DaskArray<double> y = Da.FromArray(b, chunks: (2, 5));
        DaskArray<double> c = Da.Concatenate([x, y], axis: 0);
        Assert.Equal([9L, 8], c.Shape);
        Assert.Equal(s_a.ToArray().Concat(b.ToArray()), c.Compute().ToArray());
        Assert.Equal("((4, 2, 2, 1), (3, 3, 2))", c.Chunks.ToString());

        DaskArray<double> s = Da.Stack([x, x * 2.0], axis: 0);
        Assert.Equal([2L, 6, 8], s.Shape);
        Assert.Equal(s_a.ToArray().Concat(s_a.ToArray().Select(v => v * 2)), s.Compute().ToArray());
        var e = Assert.Throws<ArgumentException>(() => Da.Concatenate([x, y], axis: 1));
        Assert.StartsWith("all the input array dimensions except for the concatenation axis must match exactly", e.Message);
    }
}

public class DelayedAndBlocksTests
{
    [Fact]
    public void FromDelayed_WrapsADelayedBlock()
    {
        var make = Dask.Delayed((int n) => NDArray<double>.FromArray([.. Enumerable.Range(0, n * 2).Select(i => (double)i)], n, 2));
        DaskArray<double> x = Da.FromDelayed(make(3), (3, 2));
        Assert.Equal(15.0, x.Sum().Compute());
        Assert.Equal("((3,), (2,))", x.Chunks.ToString());
        DaskArray<double> wrong = Da.FromDelayed(make(2), (3, 2));
        var e = Assert.Throws<TaskFailedException>(() => wrong.Compute());
        Assert.Equal("The delayed value has shape (2, 2), not the declared (3, 2).", e.InnerException!.Message);
    }

    [Fact]
    public void Block_SelectsOneBlock()
    {
        NDArray<double> a = Reference.Sample(1, 7, 5);
        DaskArray<double> x = Da.FromArray(a, chunks: (3, 2));
        DaskArray<double> b = x.Block(2, 1);
        Assert.Equal([1L, 2], b.Shape);
        Assert.Equal([a[6, 2], a[6, 3]], b.Compute().ToArray());
        Assert.Throws<IndexOutOfRangeException>(() => x.Block(3, 0));
    }
}

public class RechunkPlanTests
{
    [Fact]
    public void RowsToColumns_GoesThroughAnIntermediateChunking()
    {
        NDArray<double> a = Reference.Sample(8, 400, 400);
        DaskArray<double> rows = Da.FromArray(a, chunks: (4, 400));
        DaskArray<double> columns = rows.Rechunk((400, 4));

        // Direct: 100 output blocks each reading all 100 input blocks.
        var from = rows.Chunks;
        var to = columns.Chunks;
        Assert.Equal(10_000, Arrays.Rechunking.Edges(from, to));
        Graphs.TaskGraph graph = Optimization.GraphOptimizer.Optimize(columns.Graph, columns.OutputKeys);
        long dependencies = graph.Sum(kv => kv.Value.Dependencies.Count);
        // Through 40 × 40 blocks: 100 intermediate blocks each reading 10 row blocks, 100 output blocks each reading 10 of them.
        Assert.Equal(2_000, dependencies);
        Assert.Equal(300, graph.Count);
        Reference.Equal(a, columns.Compute());
    }
}

public class StoreTests
{
    [Fact]
    public void Store_WritesEveryBlockIntoTheTarget()
    {
        NDArray<double> a = Reference.Sample(9, 7, 6);
        var target = new NDArray<double>(7, 6);
        (Da.FromArray(a, chunks: (3, 4)) * 2.0).Store(target);
        Assert.Equal(a.ToArray().Select(v => v * 2), target.ToArray());
        Assert.Throws<ArgumentException>(() => Da.FromArray(a).Store(new NDArray<double>(6, 7)));
    }
}
