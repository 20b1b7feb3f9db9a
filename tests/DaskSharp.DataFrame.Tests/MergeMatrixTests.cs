using DaskSharp.DataFrames;
using DaskSharp.Tests;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Merges give pandas' exact answer on the sync and threaded schedulers and on worker processes.</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class MergeMatrixTests(ProcessClusterFixture cluster)
{
    /// <summary>Each case: the merge, and the key of its expected text in <see cref="MergeCases"/>.</summary>
    private static readonly Dictionary<string, Func<DaskDataFrame>> s_merges = new()
    {
        ["bcast-right-inner"] = () => MergeCases.Left(3).Merge(MergeCases.Right(), how: "inner", on: ["k"]),
        ["bcast-right-left"] = () => MergeCases.Left(3).Merge(MergeCases.Right(), how: "left", on: ["k"]),
        ["bcast-right-outer"] = () => MergeCases.Left(3).Merge(MergeCases.Right(), how: "outer", on: ["k"]),
        ["bcast-right-right"] = () => MergeCases.Left(3).Merge(MergeCases.Right(), how: "right", on: ["k"]),
        ["bcast-left-inner"] = () => MergeCases.Left().Merge(MergeCases.Right(3), how: "inner", on: ["k"]),
        ["bcast-left-right"] = () => MergeCases.Left().Merge(MergeCases.Right(3), how: "right", on: ["k"]),
        ["bcast-left-left"] = () => MergeCases.Left().Merge(MergeCases.Right(3), how: "left", on: ["k"]),
        ["bcast-left-outer"] = () => Dd.Merge(MergeCases.Left(), MergeCases.Right(3), how: "outer", on: ["k"]),
        ["on-k-s-outer"] = () => MergeCases.Left().Merge(MergeCases.Right(), how: "outer", on: ["k", "s"]),
        ["index-outer"] = () => MergeCases.Left(indexed: true).Merge(MergeCases.Right(indexed: true), how: "outer", leftIndex: true, rightIndex: true, suffixes: ("_l", "_r")),
    };

    public static TheoryData<string> Cases => [.. s_merges.Keys, .. MergeAlignedCases.Merges.Keys];

    private static string Expected(string name) =>
        MergeCases.Broadcast.TryGetValue(name, out string? text) ? text : MergeCases.Pandas.TryGetValue(name, out text) ? text : MergeAlignedCases.Expected(name);

    private static DaskDataFrame Merge(string name) => s_merges.TryGetValue(name, out Func<DaskDataFrame>? make) ? make() : MergeAlignedCases.Merges[name]();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sync_GivesPandasAnswer(string name) => Assert.Equal(Expected(name), FrameCases.Canonical(Merge(name).Compute("sync")));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Threads_GivePandasAnswer(string name) => Assert.Equal(Expected(name), FrameCases.Canonical(Merge(name).Compute("threads")));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Processes_GivePandasAnswer(string name)
    {
        Assert.NotNull(cluster.Client);
        Assert.Equal(Expected(name), FrameCases.Canonical(Merge(name).Compute(ProcessClusterFixture.SchedulerName)));
    }
}
