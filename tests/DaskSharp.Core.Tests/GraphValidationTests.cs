using DaskSharp.Graphs;

namespace DaskSharp.Core.Tests;

public class GraphValidationTests
{
    private static int Inc(int x) => x + 1;

    private static int Add(int x, int y) => x + y;

    [Fact]
    public void Get_Cycle_NamesTheKeysBeforeAnythingRuns()
    {
        int calls = 0;
        var graph = new TaskGraph
        {
            ["a"] = TaskSpec.Call((int x) => { calls++; return x; }, TaskArg.Ref("c")),
            ["b"] = TaskSpec.Call((int x) => { calls++; return x; }, TaskArg.Ref("a")),
            ["c"] = TaskSpec.Call((int x) => { calls++; return x; }, TaskArg.Ref("b")),
            ["d"] = TaskSpec.Call((int x) => { calls++; return x; }, TaskArg.Ref("c")),
            ["e"] = TaskSpec.Call(() => { calls++; return 1; }),
        };

        var e = Assert.Throws<InvalidGraphException>(() => Dask.Get(graph, [new Key("d"), new Key("e")]));
        Assert.StartsWith("The graph has a cycle (each key depends on the next): ", e.Message);
        Assert.Equal(["a", "b", "c"], e.Keys.Select(k => k.ToString()).Order());
        Assert.Equal(0, calls);
    }

    [Fact]
    public void Get_MissingDependency_NamesBothKeys()
    {
        var graph = new TaskGraph { ["y"] = TaskSpec.Call(Inc, TaskArg.Ref("x")) };
        var e = Assert.Throws<InvalidGraphException>(() => Dask.Get(graph, [new Key("y")]));
        Assert.Equal("Task y depends on missing key x.", e.Message);
    }

    [Fact]
    public void Get_MissingOutput_NamesIt()
    {
        var graph = new TaskGraph { ["y"] = new DataNode(1) };
        var e = Assert.Throws<InvalidGraphException>(() => Dask.Get(graph, [new Key("z", 0)]));
        Assert.Equal("The requested key ('z', 0) is not in the graph.", e.Message);
    }

    [Fact]
    public void Get_WrongArgumentCount_NamesTaskAndFunction()
    {
        var graph = new TaskGraph { ["y"] = new TaskSpec(TaskFunction.From(Add), TaskArg.Literal(1)) };
        var e = Assert.Throws<InvalidGraphException>(() => Dask.Get(graph, [new Key("y")]));
        Assert.Equal("Task y: function Add takes 2 arguments but was given 1.", e.Message);
    }

    [Fact]
    public void Get_WrongLiteralType_NamesArgument()
    {
        var graph = new TaskGraph { ["y"] = TaskSpec.Call(Inc, "one") };
        var e = Assert.Throws<InvalidGraphException>(() => Dask.Get(graph, [new Key("y")]));
        Assert.Equal("Task y: argument 1 of Inc must be Int32, but it is String.", e.Message);
    }

    [Fact]
    public void Get_NullForValueType_IsRejected()
    {
        var graph = new TaskGraph { ["y"] = TaskSpec.Call(Inc, (object?)null) };
        var e = Assert.Throws<InvalidGraphException>(() => Dask.Get(graph, [new Key("y")]));
        Assert.Equal("Task y: argument 1 of Inc must be Int32, but it is null.", e.Message);
    }

    [Fact]
    public void Get_ReferenceToWrongType_NamesProducer()
    {
        var graph = new TaskGraph
        {
            ["s"] = TaskSpec.Call(() => "text"),
            ["y"] = TaskSpec.Call(Inc, TaskArg.Ref("s")),
        };
        var e = Assert.Throws<InvalidGraphException>(() => Dask.Get(graph, [new Key("y")]));
        Assert.Equal("Task y: argument 1 of Inc must be Int32, but key s produces String.", e.Message);
    }

    [Fact]
    public void Get_ListOfWrongItems_IsRejected()
    {
        var graph = new TaskGraph
        {
            ["y"] = TaskSpec.Call((int[] xs) => xs.Sum(), TaskArg.List(typeof(int), TaskArg.Literal(1), TaskArg.Literal("2"))),
        };
        var e = Assert.Throws<InvalidGraphException>(() => Dask.Get(graph, [new Key("y")]));
        Assert.Equal("Task y: argument 1 of lambda must be Int32[], but a list item is String.", e.Message);
    }

    [Fact]
    public void Get_RawGraph_ComputesLikeDaskGet()
    {
        var graph = new TaskGraph
        {
            ["x"] = new DataNode(1),
            ["y"] = TaskSpec.Call(Inc, TaskArg.Ref("x")),
            ["z"] = TaskSpec.Call(Add, TaskArg.Ref("y"), 10),
            ["w"] = TaskSpec.Call((int[] xs) => xs.Sum(), TaskArg.List(typeof(int), TaskArg.Ref("x"), TaskArg.Ref("y"), TaskArg.Ref("z"))),
        };

        Assert.Equal([12, 15], Dask.Get(graph, [new Key("z"), new Key("w")]));
        Assert.Equal([12, 15], Dask.Get(graph, [new Key("z"), new Key("w")], scheduler: "sync"));
    }

    [Fact]
    public void Resolve_UnknownScheduler_ListsKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => Execution.SchedulerRegistry.Resolve("processes"));
        Assert.StartsWith("Unknown scheduler 'processes'. Known schedulers: ", e.Message);
        Assert.Contains("sync", e.Message);
        Assert.Contains("threads", e.Message);
    }
}
