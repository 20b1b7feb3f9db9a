using DaskSharp.DataFrames;
using DaskSharp.Tests;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// Hash-shuffle merges (neither side small) give pandas' rows on the sync and threaded schedulers
/// and on worker processes, where every split, piece and join task travels through its codec: all
/// four kinds, one and two keys, int keys against float keys of other names, nulls and repeated
/// keys, suffixes.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class MergeShuffleMatrixTests(ProcessClusterFixture cluster)
{
    private static readonly Dictionary<string, Func<DaskDataFrame>> s_merges = Build();

    public static TheoryData<string> Cases => [.. s_merges.Keys];

    private static Dictionary<string, Func<DaskDataFrame>> Build()
    {
        var merges = new Dictionary<string, Func<DaskDataFrame>>();
        foreach (string how in new[] { "inner", "left", "right", "outer" })
        {
            merges[$"k-{how}"] = () => MergeShuffleCases.Left().Merge(MergeShuffleCases.Right(), how: how, on: ["k"]);
            merges[$"k-s-{how}"] = () => MergeShuffleCases.Left().Merge(MergeShuffleCases.Right(), how: how, on: ["k", "s"]);
            merges[$"n-kf-{how}"] = () => Dd.Merge(MergeShuffleCases.Left(), MergeShuffleCases.Right(), how: how, leftOn: ["n"], rightOn: ["kf"]);
        }

        merges["k-outer-suffixes"] = () => MergeShuffleCases.Left().Merge(MergeShuffleCases.Right(), how: "outer", on: ["k"], suffixes: ("_l", "_r"));
        return merges;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sync_GivesPandasRows(string name) => Assert.Equal(MergeShuffleCases.Pandas[name], MergeShuffleCases.Sorted(s_merges[name]().Compute("sync")));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Threads_GivePandasRows(string name) => Assert.Equal(MergeShuffleCases.Pandas[name], MergeShuffleCases.Sorted(s_merges[name]().Compute("threads")));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Processes_GivePandasRows(string name)
    {
        Assert.NotNull(cluster.Client);
        Assert.Equal(MergeShuffleCases.Pandas[name], MergeShuffleCases.Sorted(s_merges[name]().Compute(ProcessClusterFixture.SchedulerName)));
    }
}
