using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>The optimiser's rewrites, read from <c>Explain()</c>, exactly.</summary>
public sealed class PlanTests
{
    private const string Source = "Timeseries: 2000-01-01 00:00:00 to 2000-01-03 00:00:00 freq=01:00:00 partition_freq=06:00:00 seed=7";

    [Fact]
    public void AFilteredColumnSum_ReadsOnlyTheColumnsItUses_InOneFusedTaskPerPartition()
    {
        DaskDataFrame df = FrameCases.Hourly();
        Assert.Equal(
            "Before optimisation:\n"
            + "Reduction: [y: sum] split_every=8\n"
            + "  Projection: [y]\n"
            + "    Filter: (x > 0.5)\n"
            + $"      {Source} [id, name, x, y]\n"
            + "After optimisation:\n"
            + "Reduction: [y: sum] split_every=8\n"
            + "  Fused: Filter: (x > 0.5) -> Projection: [y]\n"
            + $"    {Source} [x, y]\n",
            df[df["x"] > 0.5]["y"].Sum().Explain());
    }

    [Fact]
    public void AnAssignedColumnNothingReads_IsDropped()
    {
        DaskDataFrame df = FrameCases.Hourly();
        Assert.Equal(
            "Before optimisation:\n"
            + "GroupByAggregate: by=[name] [x: mean] split_every=8\n"
            + "  Assign: z=(x * 2)\n"
            + $"    {Source} [id, name, x, y]\n"
            + "After optimisation:\n"
            + "GroupByAggregate: by=[name] [x: mean] split_every=8\n"
            + $"  {Source} [name, x]\n",
            df.Assign("z", df["x"] * 2.0).GroupBy("name").Agg(("x", "mean")).Explain());
    }

    [Fact]
    public void TheTreeReduction_CombinesAtMostEightPartialsATime_InEvenConsecutiveGroups()
    {
        DaskDataFrame df = Dd.Datasets.Timeseries("2000-01-01", "2000-01-21", freq: "1h", seed: 1); // 20 partitions
        var tasks = (Graphs.IDaskCollection)df.GroupBy("name").Agg([("x", "sum")], splitOut: 1); // left to itself, 20 partitions would give ⌈20 / 15⌉ = 2
        var builder = new Graphs.GraphBuilder();
        tasks.AddGraph(builder);
        Graphs.HighLevelGraph high = builder.Build();
        string[] prefixes = [.. high.Layers.Values.SelectMany(l => l.Keys).Select(k => k.Name.Split('-')[0] == "combine" ? $"combine-{k.Name.Split('-')[1]}" : k.Name.Split('-')[0]).GroupBy(p => p).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}:{g.Count()}")];
        Assert.Equal(["chunk:20", "combine-0:3", "groupby:1"], prefixes);

        // As many combines as Dask's ⌈20 / 8⌉, of 7, 7 and 6 consecutive partials (Dask's would be 8, 8 and 4).
        var graph = new Graphs.TaskGraph();
        foreach (Graphs.Layer layer in high.Layers.Values)
        {
            layer.MaterializeInto(graph);
        }

        var combines = graph.Where(t => t.Key.Name.StartsWith("combine-0-", StringComparison.Ordinal)).OrderBy(t => t.Key.Index[0]).ToList();
        Assert.Equal([7, 7, 6], combines.Select(t => t.Value.Dependencies.Count));
        Assert.Equal([0, 7, 14], combines.Select(t => t.Value.Dependencies.Min(k => k.Index[0])));
        Assert.Equal([6, 13, 19], combines.Select(t => t.Value.Dependencies.Max(k => k.Index[0])));
    }
}
