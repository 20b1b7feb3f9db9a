using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Serialization;
using DaskSharp.Execution;
using DaskSharp.Graphs;
using DaskSharp.Serialization;

namespace DaskSharp.Distributed.Tests;

/// <summary>Graphs shipped as bytes and run in a fresh load context, as a worker would.</summary>
public class TaskSerializerTests
{
    private static TaskGraph ShipAndLoad(TaskGraph graph, CodeLoadContext context)
    {
        var received = new TaskGraph();
        foreach (var (key, node) in graph)
        {
            SerializedTask sent = TaskSerializer.Serialize(node);
            var copy = new SerializedTask([.. sent.Header], [.. sent.Frames.Select(f => (ReadOnlyMemory<byte>)f.ToArray())], [.. sent.Functions.Select(f => f.ToArray())]);
            received.Add(key, TaskSerializer.Deserialize(copy, context));
        }

        return received;
    }

    [Fact]
    public void DelayedGraph_WithClosuresAndLists_RunsInAFreshLoadContext()
    {
        int offset = 100;
        var inc = Dask.Delayed((int x) => x + offset, name: "inc");
        var total = Dask.Delayed((int[] xs) => xs.Sum(), name: "total");
        Delayed<int>[] parts = [.. Enumerable.Range(0, 5).Select(i => inc(i))];
        Delayed<int> result = total(parts);
        TaskGraph graph = Optimization.GraphOptimizer.Optimize(result.Graph, [result.Key], optimize: false);

        using var context = new CodeLoadContext("worker");
        context.LoadAssembly(File.ReadAllBytes(typeof(TaskSerializerTests).Assembly.Location));
        TaskGraph shipped = ShipAndLoad(graph, context);

        Assert.Equal([510], LocalScheduler.Sync.Get(shipped, [result.Key]));
        var task = Assert.IsType<TaskSpec>(shipped[parts[0].Key]);
        Assert.NotSame(typeof(TaskSerializerTests).Assembly, task.Function.Delegate!.Method.Module.Assembly);
    }

    [Fact]
    public void DataNodesFusedChainsAndBlockKeys_RoundTrip()
    {
        var graph = new TaskGraph
        {
            [new Key("x", 0, 1)] = new DataNode(NDArray<double>.FromArray([1, 2, 3], 3)),
            ["a"] = TaskSpec.Call((int v) => v + 1, 1),
        };
        graph["c"] = new FusedTask(
            [new Key("b"), new Key("c")],
            [TaskSpec.Call((int v) => v * 10, TaskArg.Ref("a")), TaskSpec.Call((int v) => v + 3, TaskArg.Ref("b"))],
            [new Key("a")]);

        using var context = new CodeLoadContext("worker");
        context.LoadAssembly(File.ReadAllBytes(typeof(TaskSerializerTests).Assembly.Location));
        TaskGraph shipped = ShipAndLoad(graph, context);

        Assert.Equal([23], LocalScheduler.Sync.Get(shipped, [new Key("c")]));
        Assert.Equal([1.0, 2, 3], ((NDArray<double>)((DataNode)shipped[new Key("x", 0, 1)]).Value!).ToArray());
    }

    [Fact]
    public void UnsupportedLiterals_AndGarbage_SayWhatIsWrong()
    {
        var e = Assert.Throws<NotSupportedException>(() => TaskSerializer.Serialize(TaskSpec.Call((Uri u) => u.Host, new Uri("http://x"))));
        Assert.Contains("System.Uri cannot be sent between processes", e.Message);
        Assert.Throws<InvalidDataException>(() => TaskSerializer.Deserialize(new SerializedTask([0x93, 0x09, 0x01, 0x02], [], [])));
    }
}
