using DaskSharp.Graphs;

namespace DaskSharp.Core.Tests;

public class HighLevelGraphTests
{
    private static BlockwiseLayer Source(string name, int blocks) =>
        new(name, [blocks], TaskFunction.From((int v) => v), BlockwiseArg.Constant(1));

    private static BlockwiseLayer Map(string name, string input, int blocks) =>
        new(name, [blocks], TaskFunction.From((int v) => v + 1), BlockwiseArg.Blocks(input, [blocks], 0));

    [Fact]
    public void FromLayer_RecordsLayerDependencies()
    {
        HighLevelGraph x = HighLevelGraph.FromLayer(Source("x", 3));
        HighLevelGraph y = HighLevelGraph.FromLayer(Map("y", "x", 3), x);

        Assert.Equal(["x", "y"], y.Layers.Keys.Order());
        Assert.Equal(["x"], y.Dependencies["y"]);
        Assert.Empty(y.Dependencies["x"]);
        Assert.Equal(["y"], y.OutputLayers());
        Assert.Equal(["x", "y"], y.TopologicalLayers());
        Assert.Equal(6, y.TaskCount);
        Assert.Equal("HighLevelGraph with 2 layers and 6 tasks: x, y", y.ToString());
    }

    [Fact]
    public void Cull_EveryBlockNeeded_KeepsLayersWhole()
    {
        HighLevelGraph y = HighLevelGraph.FromLayer(Map("y", "x", 4), HighLevelGraph.FromLayer(Source("x", 4)));
        HighLevelGraph culled = y.Cull([.. y.Layers["y"].Keys]);

        Assert.Same(y.Layers["x"], culled.Layers["x"]);
        Assert.Same(y.Layers["y"], culled.Layers["y"]);
    }

    [Fact]
    public void Cull_DropsLayersNobodyNeeds()
    {
        HighLevelGraph x = HighLevelGraph.FromLayer(Source("x", 2));
        HighLevelGraph both = HighLevelGraph.Merge(
            HighLevelGraph.FromLayer(Map("y", "x", 2), x),
            HighLevelGraph.FromLayer(Map("z", "x", 2), x));

        HighLevelGraph culled = both.Cull([new Key("z", 1)]);

        Assert.Equal(["x", "z"], culled.Layers.Keys.Order());
        Assert.Equal(2, culled.TaskCount);
    }

    [Fact]
    public void Cull_UnknownKey_NamesIt()
    {
        HighLevelGraph x = HighLevelGraph.FromLayer(Source("x", 2));
        var e = Assert.Throws<InvalidGraphException>(() => x.Cull([new Key("x", 5)]));
        Assert.Equal("The computation needs key ('x', 5), which no layer of the graph holds.", e.Message);
    }

    [Fact]
    public void GraphBuilder_DelayedOverCollectionKeys_ComputesThroughBothLayers()
    {
        // A delayed task reading blocks of a blockwise layer: the builder puts single tasks in a
        // layer that depends on every collection layer, and culling follows keys across them.
        HighLevelGraph y = HighLevelGraph.FromLayer(Map("y", "x", 3), HighLevelGraph.FromLayer(Source("x", 3)));
        var builder = new GraphBuilder();
        builder.AddGraph(y);
        builder.TryAddTask(new Key("sum"), TaskSpec.Call((int[] xs) => xs.Sum(), TaskArg.List(typeof(int), TaskArg.Ref(new Key("y", 0)), TaskArg.Ref(new Key("y", 2)))));
        HighLevelGraph graph = builder.Build();

        TaskGraph optimized = Optimization.GraphOptimizer.Optimize(graph, [new Key("sum")]);

        Assert.Equal(["('y', 0)", "('y', 2)", "sum"], optimized.Keys.Select(k => k.ToString()).Order());
        Assert.Equal([4], Execution.LocalScheduler.Sync.Get(optimized, [new Key("sum")]));
    }

    [Fact]
    public void BlockwiseLayer_BadAxisMapping_IsRejectedWhenBuilt()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new BlockwiseLayer("y", [2], TaskFunction.From((int v) => v), BlockwiseArg.Blocks("x", [2], 1)));
        Assert.StartsWith("Blockwise layer y: input x maps to output axis 1, but the output has 1 axes.", e.Message);
        Assert.Throws<ArgumentException>(() => BlockwiseArg.Blocks("x", [2, 2], 0));
    }

    [Fact]
    public void BlockwiseLayer_Keys_AreRowMajorAndLazy()
    {
        var layer = new BlockwiseLayer("x", [2, 3], TaskFunction.From((int v) => v), BlockwiseArg.Constant(1));
        Assert.Equal(["('x', 0, 0)", "('x', 0, 1)", "('x', 0, 2)", "('x', 1, 0)", "('x', 1, 1)", "('x', 1, 2)"], layer.Keys.Select(k => k.ToString()));
        Assert.True(layer.Contains(new Key("x", 1, 2)));
        Assert.False(layer.Contains(new Key("x", 2, 0)));
        Assert.False(layer.Contains(new Key("y", 0, 0)));

        var huge = new BlockwiseLayer("h", [1_000_000, 1_000_000], TaskFunction.From((int v) => v), BlockwiseArg.Constant(1));
        Assert.Equal(1_000_000_000_000L, huge.Count);
        Assert.Equal(new Key("h", 0, 2), huge.Keys.Skip(2).First());
    }
}
