using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan;
using DaskSharp.Serialization;
using DaskSharp.Tests;
using static DaskSharp.DataFrame.Tests.FrameOpsReference;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Query, Loc, Tail, MapPartitions, Repartition and Persist give the sync scheduler's answer on threads and worker processes; their steps survive the codecs.</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class FrameOpsMatrixTests(ProcessClusterFixture cluster)
{
    /// <summary>Named frame operations; each gives a printable, exact result.</summary>
    private static readonly Dictionary<string, Func<string, string>> FrameOps = new()
    {
        ["query"] = s => FrameCases.Canonical(FrameCases.Hourly().Query("x > 0 and name == 'Alice' or id > 1050").Compute(s)),
        ["loc-label"] = s => FrameCases.Canonical(FrameCases.Hourly().Loc[Hour(7)].Compute(s)),
        ["loc-slice"] = s => FrameCases.Canonical(FrameCases.Hourly().Loc[Hour(5), Hour(13)]["x", "name"].Compute(s)),
        ["loc-day"] = s => FrameCases.Canonical(FrameCases.Hourly().Loc["2000-01-02"].Compute(s)),
        ["loc-open"] = s => FrameCases.Canonical(FrameCases.Hourly().Loc[Hour(40), null].Compute(s)),
        ["tail"] = s => FrameCases.Canonical(FrameCases.Hourly().Tail(4, scheduler: s)),
        ["tail-two-partitions"] = s => FrameCases.Canonical(FrameCases.Hourly().Tail(9, npartitions: 2, scheduler: s)),
        ["map-partitions"] = s => FrameCases.Canonical(FrameCases.Hourly().MapPartitions(WithDoubledX, preservesIndex: true).Compute(s)),
        ["map-partitions-lambda"] = s => FrameCases.Canonical(FrameCases.Hourly().MapPartitions((LocalFrame f) => new LocalFrame(new Partition(f.ToArrow().Slice(0, Math.Min(2, f.Length)), f.Index))).Compute(s)),
        ["repartition-fewer"] = s => FrameCases.Canonical(FrameCases.Hourly().Repartition(3).Compute(s)),
        ["repartition-more"] = s => FrameCases.Canonical(FrameCases.Hourly().Repartition(16).Loc[Hour(3), Hour(20)].Compute(s)),
        ["persist"] = s => FrameCases.Canonical(FrameCases.Hourly().Query("x > 0").Persist(s).Compute(s)),
    };

    public static TheoryData<string> Cases => [.. FrameOps.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Threads_GiveTheSyncAnswer(string name) =>
        Assert.Equal(FrameOps[name]("sync"), FrameOps[name]("threads"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Processes_GiveTheSyncAnswer(string name)
    {
        Assert.NotNull(cluster.Client);
        Assert.Equal(FrameOps[name]("sync"), FrameOps[name](ProcessClusterFixture.SchedulerName));
    }

    [Fact]
    public void TheSyncAnswers_MatchTheReferences()
    {
        LocalFrame whole = FrameCases.Hourly().Compute("sync");
        DateTime[] t = Times(whole);
        object?[] x = whole.Values("x"), name = whole.Values("name"), id = whole.Values("id");
        Assert.Equal(Rows(whole, r => ((double)x[r]! > 0 && (string?)name[r] == "Alice") || (long)id[r]! > 1050), FrameOps["query"]("sync"));
        Assert.Equal(Rows(whole, r => t[r] >= Hour(24)), FrameOps["loc-day"]("sync"));
        Assert.Equal(Rows(whole, r => r >= 44), FrameOps["tail"]("sync"));
        Assert.Equal(Rows(whole, r => r >= 39), FrameOps["tail-two-partitions"]("sync"));
        Assert.Equal(Rows(whole, r => r % 6 < 2), FrameOps["map-partitions-lambda"]("sync"));
        Assert.Equal(FrameCases.Canonical(whole), FrameOps["repartition-fewer"]("sync"));
        Assert.Equal(Rows(whole, r => r >= 3 && r <= 20), FrameOps["repartition-more"]("sync"));
        Assert.Equal(Rows(whole, r => (double)x[r]! > 0), FrameOps["persist"]("sync"));
    }

    private static T RoundTrip<T>(T value) => (T)ValueSerializer.Deserialize(ValueSerializer.Serialize(value))!;

    [Fact]
    public void IndexRangeAndRowSliceSteps_RoundTripToTheSameDescription()
    {
        var program = new PartitionProgram([
            new IndexRangeStep("timestamp", true, 946_684_800_000_000_000L, 946_706_400_000_000_000L, upperInclusive: false),
            new IndexRangeStep("k", false, null, 2.5),
            new IndexRangeStep("s", false, "a", null),
            new RowSliceStep(2, 5),
        ]);
        PartitionProgram back = RoundTrip(program);
        Assert.Equal(program.ToString(), back.ToString());
        var steps = new PartitionStep[] { program.Steps[0], back.Steps[0] }.Cast<IndexRangeStep>().ToArray();
        Assert.Equal((steps[0].Index, steps[0].Timestamp, steps[0].Lower, steps[0].Upper, steps[0].UpperInclusive), (steps[1].Index, steps[1].Timestamp, steps[1].Lower, steps[1].Upper, steps[1].UpperInclusive));
        var slice = (RowSliceStep)back.Steps[3];
        Assert.Equal((2, 5), (slice.Piece, slice.Pieces));
        Assert.Equal((null, 2.5), (((IndexRangeStep)back.Steps[1]).Lower, ((IndexRangeStep)back.Steps[1]).Upper));
        Assert.Equal(("a", (object?)null), (((IndexRangeStep)back.Steps[2]).Lower, ((IndexRangeStep)back.Steps[2]).Upper));
    }
}
