using System.Collections.Concurrent;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.Diagnostics;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using static DaskSharp.DataFrame.Tests.FrameOperationCases;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Loc, Tail, MapPartitions, Repartition and Persist: exact rows, divisions, partitions and the tasks they run.</summary>
public sealed class FrameOperationTests
{
    private const string Source = "Timeseries: 2000-01-01 00:00:00 to 2000-01-03 00:00:00 freq=01:00:00 partition_freq=06:00:00 seed=7";

    private sealed class TaskLog(IReadOnlySet<string> names) : Callback
    {
        public ConcurrentBag<Key> Ran { get; } = [];

        // Other test classes run tasks at the same time: only this graph's keys count.
        public override void PreTask(Key key, ComputeProgress progress)
        {
            if (names.Contains(key.Name))
            {
                Ran.Add(key);
            }
        }
    }

    private static string Whole() => FrameCases.Canonical(FrameCases.Hourly().Compute("sync"));

    [Fact]
    public void LocOfADay_ReadsOnlyItsFourPartitions_AndClipsTheDivisions()
    {
        DaskDataFrame df = FrameCases.Hourly();
        DaskDataFrame day = df.Loc["2000-01-02", "2000-01-02"];
        const string Loc = "Loc: IndexRange: timestamp in [2000-01-02 00:00:00, 2000-01-02 23:59:59.999999999] partitions 4-7 of 8";
        Assert.Equal(
            "Before optimisation:\n"
            + "Projection: [x]\n"
            + $"  {Loc}\n"
            + $"    {Source} [id, name, x, y]\n"
            + "After optimisation:\n"
            + $"{Loc}\n"
            + $"  {Source} [x]\n", // the source makes only x, so nothing is left to project
            day[new[] { "x" }].Explain());
        Assert.Equal(4, day.NPartitions);
        Assert.Equal([Hour(24), Hour(30), Hour(36), Hour(42), Hour(48).AddTicks(-1)], day.Divisions!); // clipped to the day's end
        Assert.Equal(["loc:4"], Prefixes(GraphKeys(day))); // each read fused with its range: no task for partitions 0-3
        Assert.Equal(Lines(Whole(), l => l.StartsWith("2000-01-02", StringComparison.Ordinal)), FrameCases.Canonical(day.Compute("sync")));
        Assert.Equal(Lines(Whole(), l => l.StartsWith("2000-01-02", StringComparison.Ordinal)), FrameCases.Canonical(df.Loc["2000-01-02"].Compute("sync")));
    }

    [Fact]
    public void LocSlices_AreInclusive_OpenAtANullEnd_AndMatchDasksPartitionsAndDivisions()
    {
        DaskDataFrame df = FrameCases.Hourly();
        string whole = Whole();
        bool Between(string line, int from, int to) => DateTime.Parse(line.Split(',')[0], null, System.Globalization.DateTimeStyles.AdjustToUniversal) is var t && t >= Hour(from) && t <= Hour(to);

        DaskDataFrame middle = df.Loc["2000-01-01 05:00", "2000-01-01 13:00"]; // 13:00 as a minute: to 13:00:59.999999999
        Assert.Equal(3, middle.NPartitions);
        Assert.Equal([Hour(5), Hour(6), Hour(12), Hour(13).AddMinutes(1).AddTicks(-1)], middle.Divisions!);
        Assert.Equal(Lines(whole, l => Between(l, 5, 13)), FrameCases.Canonical(middle.Compute("sync")));

        DaskDataFrame one = df.Loc[Hour(6)];
        Assert.Equal(1, one.NPartitions);
        Assert.Equal([Hour(6), Hour(6)], one.Divisions!);
        Assert.Equal(Lines(whole, l => Between(l, 6, 6)), FrameCases.Canonical(one.Compute("sync")));

        DaskDataFrame head = df.Loc[null, "2000-01-01 05:30"];
        Assert.Equal([Hour(0), Hour(5.5).AddMinutes(1).AddTicks(-1)], head.Divisions!);
        Assert.Equal(6, head.Compute("sync").Length);

        DaskDataFrame rest = df.Loc["2000-01-02 12:00", null];
        Assert.Equal([Hour(36), Hour(42), Hour(48)], rest.Divisions!);
        Assert.Equal(Lines(whole, l => Between(l, 36, 47)), FrameCases.Canonical(rest.Compute("sync")));

        DaskDataFrame exact = df.Loc[Hour(7), Hour(8)];
        Assert.Equal([Hour(7), Hour(8)], exact.Divisions!);
        Assert.Equal(2, exact.Compute("sync").Length);

        DaskDataFrame none = df.Loc["2001", null];
        Assert.Equal(1, none.NPartitions);
        Assert.Null(none.Divisions);
        Assert.Equal(0, none.Compute("sync").Length);
        Assert.Equal(24, df.Loc["2000-01-01"].Compute("sync").Length);
        Assert.Equal(48, df.Loc["2000-01"].Compute("sync").Length);
    }

    [Fact]
    public void Loc_WithUnknownDivisions_FiltersEveryPartition()
    {
        LocalFrame all = FrameCases.Hourly().Compute("sync");
        DaskDataFrame df = Dd.FromArrow(all.ToArrow(), npartitions: 4, index: "timestamp");
        Assert.False(df.KnownDivisions);
        DaskDataFrame picked = df.Loc["2000-01-01 10:00", "2000-01-02 01:00"];
        Assert.Equal(4, picked.NPartitions);
        Assert.Null(picked.Divisions);
        Assert.Equal(16, picked.Compute("sync").Length); // 10:00 … 01:00:59 the next day
        Assert.Equal(FrameCases.Canonical(FrameCases.Hourly().Loc["2000-01-01 10:00", "2000-01-02 01:00"].Compute("sync")), FrameCases.Canonical(picked.Compute("threads")));
    }

    [Fact]
    public void Loc_RefusesLabelsThatDoNotFitTheIndex_AndFramesWithoutOne()
    {
        DaskDataFrame df = FrameCases.Hourly();
        Assert.Equal("'yesterday' is not a date for the index 'timestamp' (e.g. \"2000-01-02\", \"2000-01-02 06:00\").", Assert.Throws<ArgumentException>(() => df.Loc["yesterday"]).Message);
        Assert.Equal("The label 3 (Int32) does not fit the index 'timestamp' (datetime64[ns]).", Assert.Throws<ArgumentException>(() => df.Loc[3]).Message);
        Assert.Equal("Loc selects by index label; this frame has a default range index (no index column).", Assert.Throws<InvalidOperationException>(() => FrameCases.WithNulls().Loc[1]).Message);
    }

    [Fact]
    public void Loc_OnAnIntegerIndex_UsesItsDivisions()
    {
        DaskDataFrame byK = Dd.FromArrow(ParquetCases.Numbers(20), npartitions: 4, index: "x");
        var known = new DaskDataFrame(new FromPartitions(((FromPartitions)byK.Plan).Partitions, [0L, 5L, 10L, 15L, 19L]));
        DaskDataFrame picked = known.Loc[7, "12"];
        Assert.Equal(2, picked.NPartitions);
        Assert.Equal([7L, 10L, 12L], picked.Divisions!);
        Assert.Equal([7L, 8L, 9L, 10L, 11L, 12L], picked.Compute("sync").Values("x").Select(v => (long)v!));
    }

    [Fact]
    public void Tail_GivesTheLastRows_ComputingOnlyTheLastPartition()
    {
        DaskDataFrame df = FrameCases.Hourly();
        string[] lines = Whole().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var tail = new DaskDataFrame(new Tail(df.Plan, 3));
        using (var log = new TaskLog(GraphKeys(tail).Select(k => k.Name).ToHashSet()))
        {
            Assert.Equal(string.Join('\n', [lines[0], .. lines[^3..]]) + "\n", FrameCases.Canonical(df.Tail(3, scheduler: "sync")));
            Assert.InRange(log.Ran.Count, 1, 2); // partition 7 and the tail task (fused or not)
            Assert.DoesNotContain(log.Ran, k => k.Index.Length > 0 && k.Index[0] != 0 && k.Index[0] != 7);
        }

        Assert.Equal(6, df.Tail(10).Length); // the last partition holds 6
        Assert.Equal(string.Join('\n', [lines[0], .. lines[^10..]]) + "\n", FrameCases.Canonical(df.Tail(10, npartitions: 2)));
        Assert.Equal(48, df.Tail(100, npartitions: -1).Length);
        Assert.Equal(0, df.Tail(0).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => df.Tail(5, npartitions: 9));
    }

    [Fact]
    public void MapPartitions_RunsTheUsersFunction_InferringItsSchemaFromAnEmptyPartition()
    {
        DaskDataFrame df = FrameCases.Hourly();
        double factor = 3;
        DaskDataFrame scaled = df.MapPartitions(b => ScaleX(b, factor));
        Assert.Equal(df.Dtypes, scaled.Dtypes);
        Assert.False(scaled.KnownDivisions); // unknown unless the function keeps the index
        Assert.Equal(df.Divisions, df.MapPartitions(b => ScaleX(b, factor), preservesIndex: true).Divisions);
        object?[] x = df.Compute("sync").Values("x"), mapped = scaled.Compute("sync").Values("x");
        Assert.Equal(x.Select(v => (double)v! * 3), mapped.Select(v => (double)v!));
        Assert.Equal("MapPartitions: lambda -> [id, name, x, y]", scaled.Plan.Describe());

        DaskDataFrame dropped = df.MapPartitions(f => new LocalFrame(new Partition(Drop(f.ToArrow(), "name"), f.Index)));
        Assert.Equal(["id", "x", "y"], dropped.Columns);
        Assert.Equal("timestamp", dropped.Compute("sync").Index);
        Assert.Equal([6L, 6L, 6L, 6L, 6L, 6L, 6L, 6L], Lengths(df, "sync"));
    }

    [Fact]
    public void MapPartitions_ThatCannotRunOnAnEmptyPartition_AsksForMeta()
    {
        DaskDataFrame df = FrameCases.Hourly();
        Func<Apache.Arrow.RecordBatch, Apache.Arrow.RecordBatch> picky = b => b.Length == 0 ? throw new InvalidOperationException("no rows to look at") : Drop(b, "id");
        string message = Assert.Throws<InvalidOperationException>(() => df.MapPartitions(picky)).Message;
        Assert.Equal("MapPartitions ran lambda on an empty partition (timestamp: datetime64[ns] (index), id: int64, name: string, x: float64, y: float64) to learn its result's schema, and it threw InvalidOperationException: no rows to look at Pass meta: the schema of its result.", message);
        FrameSchema meta = df.Plan.Schema.Select(["name", "x", "y"]);
        DaskDataFrame given = df.MapPartitions(picky, meta: meta);
        Assert.Equal(["name", "x", "y"], given.Columns);
        Assert.Equal(48, given.Compute("sync").Length);
    }

    [Fact]
    public void RepartitionToFewer_ConcatenatesNeighbours_KeepingDasksDivisions()
    {
        DaskDataFrame df = FrameCases.Hourly();
        DaskDataFrame three = df.Repartition(npartitions: 3);
        Assert.Equal([Hour(0), Hour(12), Hour(30), Hour(48)], three.Divisions!);
        Assert.Equal([12L, 18L, 18L], Lengths(three, "sync"));
        Assert.Equal(Whole(), FrameCases.Canonical(three.Compute("sync")));
        Assert.Equal("Repartition: npartitions=3, 8 -> 3 partitions", three.Plan.Describe());
        Assert.Same(df.Plan, df.Repartition(npartitions: 8).Plan);

        DaskDataFrame nulls = FrameCases.WithNulls().Repartition(npartitions: 2); // 4, 4, 2 rows
        Assert.Equal([4L, 6L], Lengths(nulls, "sync"));
        Assert.Equal(FrameCases.Canonical(FrameCases.WithNulls().Compute("sync")), FrameCases.Canonical(nulls.Compute("sync")));
    }

    [Fact]
    public void RepartitionToMore_WithKnownDivisions_CutsAtInterpolatedDivisions()
    {
        DaskDataFrame df = FrameCases.Hourly();
        DaskDataFrame twenty = df.Repartition(npartitions: 20);
        // np.interp at k * 8 / 20 over the divisions 0, 6, …, 42, 48 hours: every 2.4 hours.
        double[] hours = [.. Enumerable.Range(0, 21).Select(k => 2.4 * k)];
        Assert.Equal(hours.Select(h => (object)Hour(h)), twenty.Divisions!);
        Assert.Equal([3L, 2L, 3L, 2L, 2L, 3L, 2L, 3L, 2L, 2L, 3L, 2L, 3L, 2L, 2L, 3L, 2L, 3L, 2L, 2L], Lengths(twenty, "sync"));
        Assert.Equal(Whole(), FrameCases.Canonical(twenty.Compute("sync")));
    }

    [Fact]
    public void RepartitionToMore_WithUnknownDivisions_SplitsByRowsAsDask()
    {
        DaskDataFrame ten = Dd.FromArrow(FrameCases.Table(), npartitions: 2); // 5 and 5 rows
        DaskDataFrame five = ten.Repartition(npartitions: 5);
        Assert.Null(five.Divisions);
        Assert.Equal([2L, 3L, 1L, 2L, 2L], Lengths(five, "sync")); // pandas/Dask: [2, 3, 1, 2, 2]
        Assert.Equal(FrameCases.Canonical(ten.Compute("sync")), FrameCases.Canonical(five.Compute("sync")));

        DaskDataFrame seven = FrameCases.WithNulls().Repartition(npartitions: 7); // 4, 4, 2 rows split 2, 2, 3 ways
        Assert.Equal([2L, 2L, 2L, 2L, 0L, 1L, 1L], Lengths(seven, "sync"));
        Assert.Equal(FrameCases.Canonical(FrameCases.WithNulls().Compute("sync")), FrameCases.Canonical(seven.Compute("sync")));
        Assert.Throws<ArgumentException>(() => ten.Repartition());
        Assert.Throws<ArgumentException>(() => ten.Repartition(npartitions: 2, partitionSize: "1MB"));
    }

    [Fact]
    public void RepartitionBySize_MeasuresTheArrowBuffers_SplittingAndConcatenating()
    {
        DaskDataFrame df = FrameCases.Hourly();
        long one = DataFrames.Kernels.RowBytes.Of(((DataFrames.Datasets.Timeseries)df.Plan).Read(3)); // every partition is the same size
        DaskDataFrame threes = df.Repartition(partitionSize: (3 * one).ToString(System.Globalization.CultureInfo.InvariantCulture), scheduler: "sync");
        Assert.Equal(3, threes.NPartitions);
        Assert.Equal([Hour(0), Hour(18), Hour(36), Hour(48)], threes.Divisions!);
        Assert.Equal([18L, 18L, 12L], Lengths(threes, "sync"));

        // Half a partition: each splits into 1 + 2 pieces (Dask's 1 + size // target), of 2 rows, none of which fits with another.
        DaskDataFrame pieces = df.Repartition(partitionSize: (one / 2).ToString(System.Globalization.CultureInfo.InvariantCulture), scheduler: "threads");
        Assert.Null(pieces.Divisions);
        Assert.Equal(Enumerable.Repeat(2L, 24), Lengths(pieces, "sync"));
        Assert.Equal(Whole(), FrameCases.Canonical(pieces.Compute("sync")));

        DaskDataFrame all = df.Repartition(partitionSize: "100MB", scheduler: "sync");
        Assert.Equal([Hour(0), Hour(48)], all.Divisions!);
        Assert.Equal(Whole(), FrameCases.Canonical(all.Compute("sync")));
    }

    [Fact]
    public void Persist_KeepsDivisionsAndSchema_AndLaterWorkDoesNotRecompute()
    {
        DaskDataFrame df = FrameCases.Hourly();
        DaskDataFrame positive = df[df["x"] > 0.0];
        DaskDataFrame persisted = positive.Persist("sync");
        Assert.IsType<FromPartitions>(persisted.Plan);
        Assert.Equal(8, persisted.NPartitions);
        Assert.Equal(df.Divisions, persisted.Divisions);
        Assert.Equal(positive.Dtypes, persisted.Dtypes);
        Assert.Equal(FrameCases.Canonical(positive.Compute("sync")), FrameCases.Canonical(persisted.Compute("sync")));
        string[] prefixes = Prefixes(GraphKeys(persisted["y"].Sum()));
        Assert.DoesNotContain(prefixes, p => p.StartsWith("timeseries", StringComparison.Ordinal) || p.StartsWith("fused", StringComparison.Ordinal));
        Assert.Equal(FrameCases.Format(positive["y"].Sum().Compute("sync")), FrameCases.Format(persisted["y"].Sum().Compute("threads")));
    }

    [Fact]
    public void TheNewSteps_RoundTripThroughTheCodec()
    {
        var program = new PartitionProgram(
        [
            new IndexRangeStep("timestamp", true, 946_684_800_000_000_000L, null),
            new IndexRangeStep("timestamp", true, null, 946_771_199_999_999_999L, upperInclusive: false),
            new IndexRangeStep("k", false, 1.5, 2.5),
            new IndexRangeStep("s", false, "a", "b", upperInclusive: false),
            new RowSliceStep(1, 3),
        ]);
        var back = (PartitionProgram)ValueSerializer.Deserialize(ValueSerializer.Serialize(program))!;
        Assert.Equal(program.ToString(), back.ToString());
        Assert.Equal(
            "IndexRange: timestamp in [2000-01-01 00:00:00, ] -> IndexRange: timestamp in [, 2000-01-01 23:59:59.999999999) -> IndexRange: k in [1.5, 2.5] -> IndexRange: s in ['a', 'b') -> Rows: piece 1 of 3",
            back.ToString());
        Partition p = ((DataFrames.Datasets.Timeseries)FrameCases.Hourly().Plan).Read(1);
        var cut = new PartitionProgram([new IndexRangeStep("timestamp", true, 946_706_400_000_000_000L, 946_713_600_000_000_000L, upperInclusive: false), new RowSliceStep(1, 2)]);
        var cutBack = (PartitionProgram)ValueSerializer.Deserialize(ValueSerializer.Serialize(cut))!;
        Assert.Equal(FrameCases.Canonical(new LocalFrame(cut.Run(p))), FrameCases.Canonical(new LocalFrame(cutBack.Run(p))));
        Assert.Equal(1, cut.Run(p).Length); // 06:00 and 07:00 are in range; the second half is 07:00
    }
}
