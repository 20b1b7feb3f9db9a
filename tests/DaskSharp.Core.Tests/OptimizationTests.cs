using DaskSharp.Execution;
using DaskSharp.Graphs;
using DaskSharp.Optimization;

namespace DaskSharp.Core.Tests;

public class OptimizationTests
{
    private static int Inc(int x) => x + 1;

    private static int Add(int x, int y) => x + y;

    [Fact]
    public void Optimize_LinearChain_BecomesOneTaskUnderTheLastKey()
    {
        var graph = new TaskGraph
        {
            ["a"] = new DataNode(1),
            ["b"] = TaskSpec.Call(Inc, TaskArg.Ref("a")),
            ["c"] = TaskSpec.Call(Inc, TaskArg.Ref("b")),
            ["d"] = TaskSpec.Call(Inc, TaskArg.Ref("c")),
        };

        TaskGraph optimized = GraphOptimizer.Optimize(graph, [new Key("d")]);

        Assert.Equal(["a", "d"], optimized.Keys.Select(k => k.ToString()).Order());
        var fused = Assert.IsType<FusedTask>(optimized[new Key("d")]);
        Assert.Equal(["b", "c", "d"], fused.StepKeys.Select(k => k.ToString()));
        Assert.Equal([new Key("a")], fused.Dependencies);
        Assert.Equal([4], LocalScheduler.Sync.Get(optimized, [new Key("d")]));
    }

    [Fact]
    public void Optimize_RequestedIntermediate_IsNotFusedAway()
    {
        var graph = new TaskGraph
        {
            ["b"] = TaskSpec.Call(() => 1),
            ["c"] = TaskSpec.Call(Inc, TaskArg.Ref("b")),
            ["d"] = TaskSpec.Call(Inc, TaskArg.Ref("c")),
        };

        TaskGraph optimized = GraphOptimizer.Optimize(graph, [new Key("c"), new Key("d")]);

        Assert.Equal(["c", "d"], optimized.Keys.Select(k => k.ToString()).Order());
        Assert.Equal([2, 3], Dask.Get(graph, [new Key("c"), new Key("d")]));
    }

    [Fact]
    public void Optimize_SharedDependency_IsNotFused()
    {
        var graph = new TaskGraph
        {
            ["x"] = TaskSpec.Call(() => 1),
            ["y"] = TaskSpec.Call(Inc, TaskArg.Ref("x")),
            ["z"] = TaskSpec.Call(Inc, TaskArg.Ref("x")),
            ["w"] = TaskSpec.Call(Add, TaskArg.Ref("y"), TaskArg.Ref("z")),
        };

        TaskGraph optimized = GraphOptimizer.Optimize(graph, [new Key("w")]);

        Assert.Equal(["w", "x", "y", "z"], optimized.Keys.Select(k => k.ToString()).Order());
        Assert.Equal([4], Dask.Get(graph, [new Key("w")]));
    }

    [Fact]
    public void Optimize_Culls_UnneededTasks()
    {
        int calls = 0;
        var graph = new TaskGraph
        {
            ["x"] = TaskSpec.Call(() => 1),
            ["unused"] = TaskSpec.Call(() => { calls++; return 2; }),
            ["y"] = TaskSpec.Call(Inc, TaskArg.Ref("x")),
        };

        Assert.Equal([2], Dask.Get(graph, [new Key("y")]));
        Assert.Equal(0, calls);
    }

    [Fact]
    public void BlockwiseLayer_MillionBlocks_CulledToOneKey_MaterialisesOnlyThatBlock()
    {
        var source = new BlockwiseLayer("x", [1000, 1000], TaskFunction.From((int i) => i), BlockwiseArg.Constant(5));
        var doubled = new BlockwiseLayer("y", [1000, 1000], TaskFunction.From((int v) => v * 2), BlockwiseArg.Blocks("x", [1000, 1000], 0, 1));
        HighLevelGraph graph = HighLevelGraph.FromLayer(doubled, HighLevelGraph.FromLayer(source));

        Assert.Equal(2_000_000, graph.TaskCount);
        HighLevelGraph culled = graph.Cull([new Key("y", 999, 3)]);

        Assert.Equal(2, culled.TaskCount);
        TaskGraph tasks = culled.Materialize();
        Assert.Equal(["('x', 999, 3)", "('y', 999, 3)"], tasks.Keys.Select(k => k.ToString()).Order());
        Assert.Equal([10], LocalScheduler.Sync.Get(tasks, [new Key("y", 999, 3)]));
    }

    [Fact]
    public void BlockwiseLayer_TransposeAndBroadcast_PickTheRightInputBlocks()
    {
        var x = new BlockwiseLayer("x", [2, 3], TaskFunction.From((int v) => v), BlockwiseArg.Constant(1));
        var row = new BlockwiseLayer("row", [1, 3], TaskFunction.From((int v) => v), BlockwiseArg.Constant(1));
        var z = new BlockwiseLayer(
            "z",
            [3, 2],
            TaskFunction.From((int a, int b) => a + b),
            BlockwiseArg.Blocks("x", [2, 3], 1, 0),      // "ji": x transposed
            BlockwiseArg.Blocks("row", [1, 3], 1, 0));   // broadcast along the first axis of row

        TaskSpec task = z.TaskFor([2, 1]);
        Assert.Equal(["('x', 1, 2)", "('row', 0, 2)"], task.Dependencies.Select(k => k.ToString()));
    }

    [Fact]
    public void Optimize_StackedBlockwiseLayers_FuseIntoOneTaskPerBlock()
    {
        int[] grid = [4, 3];
        var x = new BlockwiseLayer("x", grid, TaskFunction.From((int v) => v), BlockwiseArg.Constant(3));
        var y = new BlockwiseLayer("y", grid, TaskFunction.From((int v, int c) => v + c), BlockwiseArg.Blocks("x", grid, 0, 1), BlockwiseArg.Constant(1));
        var z = new BlockwiseLayer("z", grid, TaskFunction.From((int a, int b) => a * b), BlockwiseArg.Blocks("y", grid, 0, 1), BlockwiseArg.Blocks("y", grid, 0, 1));
        HighLevelGraph graph = HighLevelGraph.FromLayer(z, HighLevelGraph.FromLayer(y, HighLevelGraph.FromLayer(x)));
        Key[] outputs = [.. z.Keys];

        TaskGraph optimized = GraphOptimizer.Optimize(graph, outputs);

        Assert.Equal(12, optimized.Count);
        Assert.All(optimized.Keys, k => Assert.Equal("z", k.Name));
        object?[] values = LocalScheduler.Threads.Get(optimized, outputs);
        Assert.All(values, v => Assert.Equal(16, v)); // (3 + 1) * (3 + 1)
    }

    [Fact]
    public void Optimize_BlockwiseLayerReadTwice_IsNotFused()
    {
        int[] grid = [2];
        var x = new BlockwiseLayer("x", grid, TaskFunction.From((int v) => v), BlockwiseArg.Constant(3));
        var y = new BlockwiseLayer("y", grid, TaskFunction.From((int v) => v + 1), BlockwiseArg.Blocks("x", grid, 0));
        var z = new BlockwiseLayer("z", grid, TaskFunction.From((int v) => v * 2), BlockwiseArg.Blocks("x", grid, 0));
        HighLevelGraph graph = HighLevelGraph.Merge(
            HighLevelGraph.FromLayer(y, HighLevelGraph.FromLayer(x)),
            HighLevelGraph.FromLayer(z, HighLevelGraph.FromLayer(x)));
        Key[] outputs = [.. y.Keys, .. z.Keys];

        TaskGraph optimized = GraphOptimizer.Optimize(graph, outputs);

        Assert.Equal(6, optimized.Count);
        Assert.Equal([4, 4, 6, 6], LocalScheduler.Sync.Get(optimized, outputs));
    }

    [Fact]
    public void Order_WorkedExample_MatchesTheDocComment()
    {
        var graph = new TaskGraph();
        for (int i = 0; i < 4; i++)
        {
            graph[$"load{i}"] = TaskSpec.Call(() => 1);
            graph[$"f{i}"] = TaskSpec.Call(Inc, TaskArg.Ref($"load{i}"));
        }

        graph["add01"] = TaskSpec.Call(Add, TaskArg.Ref("f0"), TaskArg.Ref("f1"));
        graph["add23"] = TaskSpec.Call(Add, TaskArg.Ref("f2"), TaskArg.Ref("f3"));
        graph["total"] = TaskSpec.Call(Add, TaskArg.Ref("add01"), TaskArg.Ref("add23"));

        ExecutionPlan plan = ExecutionPlan.Compile(graph, [new Key("total")]);
        int[] priority = GraphOrder.Compute(plan);
        string[] order = new string[plan.Count];
        for (int i = 0; i < plan.Count; i++)
        {
            order[priority[i]] = plan.Keys[i].ToString();
        }

        Assert.Equal(["load0", "f0", "load1", "f1", "add01", "load2", "f2", "load3", "f3", "add23", "total"], order);
        Assert.Equal(3, GraphOrder.Needs(plan)[plan.Index[new Key("total")]]);
    }

    [Fact]
    public void Order_HungrierBranchFirst()
    {
        // total = add(small, big): the branch needing more held results runs first.
        var graph = new TaskGraph
        {
            ["small"] = TaskSpec.Call(() => 1),
            ["b1"] = TaskSpec.Call(() => 1),
            ["b2"] = TaskSpec.Call(() => 1),
            ["big"] = TaskSpec.Call(Add, TaskArg.Ref("b1"), TaskArg.Ref("b2")),
            ["total"] = TaskSpec.Call(Add, TaskArg.Ref("small"), TaskArg.Ref("big")),
        };

        ExecutionPlan plan = ExecutionPlan.Compile(graph, [new Key("total")]);
        int[] priority = GraphOrder.Compute(plan);
        string[] order = new string[plan.Count];
        for (int i = 0; i < plan.Count; i++)
        {
            order[priority[i]] = plan.Keys[i].ToString();
        }

        Assert.Equal(["b1", "b2", "big", "small", "total"], order);
    }

    [Fact]
    public void Optimize_TransposedRead_FusesThroughThePermutation()
    {
        // t = x.T blockwise ("ji"), z = t + 1: one task per block, reading x's transposed block.
        int[] grid = [2, 3];
        var x = new BlockwiseLayer("x", grid, TaskFunction.From((int[] idx) => (idx[0] * 10) + idx[1]), BlockwiseArg.BlockIndex());
        var t = new BlockwiseLayer("t", [3, 2], TaskFunction.From((int v) => v), BlockwiseArg.Blocks("x", grid, 1, 0));
        var z = new BlockwiseLayer("z", [3, 2], TaskFunction.From((int v, int c) => v + c), BlockwiseArg.Blocks("t", [3, 2], 0, 1), BlockwiseArg.Constant(1000));
        HighLevelGraph graph = HighLevelGraph.FromLayer(z, HighLevelGraph.FromLayer(t, HighLevelGraph.FromLayer(x)));
        Key[] outputs = [.. z.Keys];

        TaskGraph optimized = GraphOptimizer.Optimize(graph, outputs);

        Assert.Equal(6, optimized.Count);
        Assert.All(optimized.Keys, k => Assert.Equal("z", k.Name));
        // z block (i, j) = x block (j, i) + 1000 = j * 10 + i + 1000
        Assert.Equal([1000, 1010, 1001, 1011, 1002, 1012], LocalScheduler.Sync.Get(optimized, outputs));
    }

    [Fact]
    public void Optimize_InlinableLayer_IsCopiedIntoEveryReader()
    {
        int calls = 0;
        int[] grid = [2, 2];
        var x = new BlockwiseLayer("x", grid, TaskFunction.From((int[] idx) => { Interlocked.Increment(ref calls); return (idx[0] * 10) + idx[1]; }), BlockwiseArg.BlockIndex()).AsInlinable();
        // y = x + x.T (two mappings of x) and m = x * 2 (a second reader).
        var y = new BlockwiseLayer("y", grid, TaskFunction.From((int a, int b) => a + b), BlockwiseArg.Blocks("x", grid, 0, 1), BlockwiseArg.Blocks("x", grid, 1, 0));
        var m = new BlockwiseLayer("m", grid, TaskFunction.From((int a) => a * 2), BlockwiseArg.Blocks("x", grid, 0, 1));
        HighLevelGraph xs = HighLevelGraph.FromLayer(x);
        HighLevelGraph graph = HighLevelGraph.Merge(HighLevelGraph.FromLayer(y, xs), HighLevelGraph.FromLayer(m, xs));
        Key[] outputs = [.. y.Keys, .. m.Keys];

        TaskGraph optimized = GraphOptimizer.Optimize(graph, outputs);

        Assert.Equal(8, optimized.Count);
        Assert.DoesNotContain(optimized.Keys, k => k.Name == "x");
        Assert.Equal([0, 11, 11, 22, 0, 2, 20, 22], LocalScheduler.Sync.Get(optimized, outputs));
        Assert.Equal(12, calls); // x computed where read: twice per y block, once per m block
    }

    [Fact]
    public void Optimize_LayerReadTwiceThroughOneMapping_IsComputedOncePerBlock()
    {
        int calls = 0;
        int[] grid = [3];
        var x = new BlockwiseLayer("x", grid, TaskFunction.From((int[] idx) => { Interlocked.Increment(ref calls); return idx[0] + 1; }), BlockwiseArg.BlockIndex());
        var sq = new BlockwiseLayer("sq", grid, TaskFunction.From((int a, int b) => a * b), BlockwiseArg.Blocks("x", grid, 0), BlockwiseArg.Blocks("x", grid, 0));
        HighLevelGraph graph = HighLevelGraph.FromLayer(sq, HighLevelGraph.FromLayer(x));
        Key[] outputs = [.. sq.Keys];

        TaskGraph optimized = GraphOptimizer.Optimize(graph, outputs);

        Assert.Equal(3, optimized.Count);
        Assert.Equal([1, 4, 9], LocalScheduler.Sync.Get(optimized, outputs));
        Assert.Equal(3, calls);
    }

    [Fact]
    public void Optimize_BroadcastRead_IsNotFused()
    {
        // A (1 × 3)-block row read by every row of a (2 × 3) grid would be computed twice.
        var row = new BlockwiseLayer("row", [1, 3], TaskFunction.From((int[] idx) => idx[1]), BlockwiseArg.BlockIndex());
        var z = new BlockwiseLayer("z", [2, 3], TaskFunction.From((int v) => v), BlockwiseArg.Blocks("row", [1, 3], 0, 1));
        HighLevelGraph graph = HighLevelGraph.FromLayer(z, HighLevelGraph.FromLayer(row));

        TaskGraph optimized = GraphOptimizer.Optimize(graph, [.. z.Keys]);

        Assert.Equal(9, optimized.Count);
    }
}
