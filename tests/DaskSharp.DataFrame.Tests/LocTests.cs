using DaskSharp.DataFrames;
using static DaskSharp.DataFrame.Tests.FrameOpsReference;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Loc on the hourly frame (8 partitions of 6 h): pandas' inclusive label selection, partitions pruned by the divisions, divisions clipped.</summary>
public sealed class LocTests
{
    private static readonly LocalFrame Whole = FrameCases.Hourly().Compute("sync");

    private static readonly DateTime[] Times = FrameOpsReference.Times(Whole);

    private static void AssertSelects(DaskDataFrame selected, DateTime lo, DateTime hi, int rows, int partitions, string divisions)
    {
        LocalFrame got = selected.Compute("sync");
        Assert.Equal(Rows(Whole, r => Times[r] >= lo && Times[r] <= hi), FrameCases.Canonical(got));
        Assert.Equal(rows, got.Length);
        Assert.Equal(partitions, selected.NPartitions);
        Assert.Equal(divisions, Divisions(selected));
    }

    [Fact]
    public void ASingleLabel_ReadsOnePartition()
    {
        DaskDataFrame one = FrameCases.Hourly().Loc[Hour(7)];
        AssertSelects(one, Hour(7), Hour(7), 1, 1, "2000-01-01T07:00:00.0000000Z|2000-01-01T07:00:00.0000000Z");
        Assert.Contains("partitions 1-1 of 8", one.Explain(), StringComparison.Ordinal);
        Assert.Equal(FrameCases.Format(Hour(7)), FrameCases.Format(Times(one.Compute("sync"))[0]));
    }

    [Fact]
    public void ASlice_IsInclusive_AndReadsTheOverlappingPartitions()
    {
        DaskDataFrame slice = FrameCases.Hourly().Loc[Hour(5), Hour(13)];
        AssertSelects(slice, Hour(5), Hour(13), 9, 3, "2000-01-01T05:00:00.0000000Z|2000-01-01T06:00:00.0000000Z|2000-01-01T12:00:00.0000000Z|2000-01-01T13:00:00.0000000Z");
        Assert.Contains("partitions 0-2 of 8", slice.Explain(), StringComparison.Ordinal);
        DateTime[] t = Times(slice.Compute("sync"));
        Assert.Equal((Hour(5), Hour(13)), (t[0], t[^1]));
    }

    [Fact]
    public void OpenBounds_ReachTheEnds()
    {
        DaskDataFrame head = FrameCases.Hourly().Loc[null, Hour(7)];
        AssertSelects(head, Hour(0), Hour(7), 8, 2, "2000-01-01T00:00:00.0000000Z|2000-01-01T06:00:00.0000000Z|2000-01-01T07:00:00.0000000Z");
        DaskDataFrame tail = FrameCases.Hourly().Loc[Hour(40), null];
        AssertSelects(tail, Hour(40), Hour(47), 8, 2, "2000-01-02T16:00:00.0000000Z|2000-01-02T18:00:00.0000000Z|2000-01-03T00:00:00.0000000Z");
    }

    [Fact]
    public void APartialDateString_IsTheWholeDay()
    {
        DaskDataFrame day = FrameCases.Hourly().Loc["2000-01-02"];
        AssertSelects(day, Hour(24), Hour(47), 24, 4, "2000-01-02T00:00:00.0000000Z|2000-01-02T06:00:00.0000000Z|2000-01-02T12:00:00.0000000Z|2000-01-02T18:00:00.0000000Z|2000-01-02T23:59:59.9999999Z");
        Assert.Contains("partitions 4-7 of 8", day.Explain(), StringComparison.Ordinal);
        DateTime[] t = Times(day.Compute("sync"));
        Assert.Equal((Hour(24), Hour(47)), (t[0], t[^1]));
        DaskDataFrame fromDay = FrameCases.Hourly().Loc["2000-01-01", "2000-01-01"];
        AssertSelects(fromDay, Hour(0), Hour(23), 24, 4, "2000-01-01T00:00:00.0000000Z|2000-01-01T06:00:00.0000000Z|2000-01-01T12:00:00.0000000Z|2000-01-01T18:00:00.0000000Z|2000-01-01T23:59:59.9999999Z");
    }

    [Fact]
    public void UnknownDivisions_FilterEveryPartition()
    {
        DaskDataFrame unknown = FrameCases.Hourly().MapPartitions((LocalFrame f) => f);
        Assert.False(unknown.KnownDivisions);
        DaskDataFrame slice = unknown.Loc[Hour(5), Hour(13)];
        Assert.Equal(8, slice.NPartitions);
        Assert.Equal("unknown", Divisions(slice));
        Assert.Equal(Rows(Whole, r => Times[r] >= Hour(5) && Times[r] <= Hour(13)), FrameCases.Canonical(slice.Compute("sync")));
    }

    [Fact]
    public void Loc_WithoutAnIndex_IsRefused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Dd.FromArrow(FrameCases.Table(), npartitions: 2).Loc[1L]);
        Assert.Contains("default range index", e.Message, StringComparison.Ordinal);
    }
}
