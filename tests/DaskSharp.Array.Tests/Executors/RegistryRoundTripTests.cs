using DaskSharp.Diagnostics;
using DaskSharp.Graphs;
using DaskSharp.Serialization;

namespace DaskSharp.Array.Tests.Executors;

/// <summary>
/// Every value any case's graph carries — the literals in its tasks and the result of every task,
/// fused or not — crosses processes through the registry and comes back the same: same type, and
/// the same bytes when written again.
/// </summary>
public sealed class RegistryRoundTripTests
{
    public static TheoryData<string> Cases => [.. ArrayCases.Lazy.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryLiteralAndEveryTaskResult_RoundTripsThroughTheRegistry(string name)
    {
        IDaskCollection[] collections = ArrayCases.Lazy[name]();
        var literals = new List<object?>();
        var builder = new GraphBuilder();
        foreach (IDaskCollection c in collections)
        {
            c.AddGraph(builder);
        }

        foreach (KeyValuePair<Key, GraphNode> entry in builder.Build().Materialize())
        {
            CollectLiterals(entry.Value, literals);
        }

        Assert.All(literals, value => AssertRoundTrips(value, $"a literal of {name}"));

        foreach (bool optimize in new[] { false, true })
        {
            using var results = new TaskResults();
            Dask.ComputeCollections(collections, "sync", optimizeGraph: optimize);
            Assert.NotEmpty(results.Values);
            Assert.All(results.Values, r => AssertRoundTrips(r.Value, $"the result of {r.Key} in {name} (optimize: {optimize})"));
        }
    }

    private static void AssertRoundTrips(object? value, string what)
    {
        SerializedValue first = Serialize(value, what);
        object? back = ValueSerializer.Deserialize(Copy(first));
        Assert.Equal(value?.GetType(), back?.GetType());
        SerializedValue again = Serialize(back, what);
        Assert.Equal(first.Serializer, again.Serializer);
        Assert.Equal(first.Header, again.Header);
        Assert.Equal(first.Frames.Select(f => f.ToArray()), again.Frames.Select(f => f.ToArray()));
    }

    private static SerializedValue Serialize(object? value, string what)
    {
        try
        {
            return ValueSerializer.Serialize(value);
        }
        catch (NotSupportedException e)
        {
            throw new Xunit.Sdk.XunitException($"{what} cannot cross processes: {e.Message}");
        }
    }

    // As a receiver sees it: its own copies of the bytes, nothing shared with the sender.
    private static SerializedValue Copy(SerializedValue s) => new(s.Serializer, [.. s.Header], [.. s.Frames.Select(f => (ReadOnlyMemory<byte>)f.ToArray())]);

    private static void CollectLiterals(GraphNode node, List<object?> literals)
    {
        switch (node)
        {
            case DataNode data:
                literals.Add(data.Value);
                break;
            case TaskSpec task:
                foreach (TaskArg arg in task.Args)
                {
                    CollectLiterals(arg, literals);
                }

                break;
            case FusedTask fused:
                foreach (GraphNode step in fused.Steps)
                {
                    CollectLiterals(step, literals);
                }

                break;
        }
    }

    private static void CollectLiterals(TaskArg arg, List<object?> literals)
    {
        switch (arg)
        {
            case LiteralArg literal:
                literals.Add(literal.Value);
                break;
            case ListArg list:
                foreach (TaskArg item in list.Items)
                {
                    CollectLiterals(item, literals);
                }

                break;
        }
    }

    /// <summary>The result of every task a computation runs, by key.</summary>
    private sealed class TaskResults : Callback
    {
        public List<(Key Key, object? Value)> Values { get; } = [];

        public override void PostTask(Key key, object? result, ComputeProgress progress)
        {
            lock (Values)
            {
                Values.Add((key, result));
            }
        }
    }
}
