using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan;
using DaskSharp.Serialization;

namespace DaskSharp.DataFrame.Tests;

/// <summary>The one index-range cut that Loc, Repartition and RepartitionDivisions share: every index type it cuts, and the pieces a repartition to divisions makes of it.</summary>
public sealed class IndexRangeStepTests
{
    private static Partition Int32Indexed()
    {
        var k = new Int32Array.Builder().AppendRange([1, 2, 2, 3, 5]).AppendNull().Build();
        var v = new DoubleArray.Builder().AppendRange([0.5, 1.5, 2.5, 3.5, 4.5, 5.5]).Build();
        var schema = new Schema([new Field("k", Int32Type.Default, true), new Field("v", DoubleType.Default, true)], null);
        return new Partition(new RecordBatch(schema, [k, v], 6), "k");
    }

    private static double[] Values(Partition p) => [.. ((DoubleArray)p.Column("v")).Values];

    [Fact]
    public void AnInt32Index_IsCutByLongBounds_DroppingNulls()
    {
        Assert.Equal([1.5, 2.5, 3.5], Values(new IndexRangeStep("k", false, 2L, 3L).Apply(Int32Indexed())));
        Assert.Equal([1.5, 2.5], Values(new IndexRangeStep("k", false, 2L, 3L, upperInclusive: false).Apply(Int32Indexed())));
        Assert.Equal([0.5, 1.5, 2.5, 3.5, 4.5], Values(new IndexRangeStep("k", false, null, null).Apply(Int32Indexed())));
    }

    [Fact]
    public void AMillisecondTimestampIndex_IsCutByNanosecondBounds()
    {
        // 2000-01-01 00:00:00.000, .001, .002 and 00:00:01 in milliseconds since the epoch.
        var t = new TimestampArray.Builder(new TimestampType(TimeUnit.Millisecond, (string?)null)).AppendRange(new[] { 946_684_800_000L, 946_684_800_001, 946_684_800_002, 946_684_801_000 }.Select(ms => DateTimeOffset.FromUnixTimeMilliseconds(ms))).Build();
        var v = new DoubleArray.Builder().AppendRange([0.0, 1, 2, 3]).Build();
        var schema = new Schema([new Field("t", t.Data.DataType, true), new Field("v", DoubleType.Default, true)], null);
        var p = new Partition(new RecordBatch(schema, [t, v], 4), "t");
        const long Start = 946_684_800_000_000_000L;
        Assert.Equal([1.0, 2.0], Values(new IndexRangeStep("t", true, Start + 1_000_000, Start + 2_000_000).Apply(p)));
        Assert.Equal([0.0, 1.0], Values(new IndexRangeStep("t", true, null, Start + 2_000_000, upperInclusive: false).Apply(p)));
        Assert.Equal([2.0, 3.0], Values(new IndexRangeStep("t", true, Start + 1_500_000, null).Apply(p)));
    }

    [Fact]
    public void BoundsOfTheWrongType_AreRefusedNamingTheIndex()
    {
        var e = Assert.Throws<ArgumentException>(() => new IndexRangeStep("k", false, 1.5, null).Apply(Int32Indexed()));
        Assert.Equal("The bounds of IndexRange: k in [1.5, ] do not fit the index 'k' (int32).", e.Message);
    }

    [Fact]
    public void ARepartitionToDivisions_CutsEachOutputWithAnIndexRange_ThatTravelsAsAProgram()
    {
        // The hourly frame has 8 partitions of 6 h from 2000-01-01 to 2000-01-03.
        FrameExpr hourly = FrameCases.Hourly().Plan;
        DateTime start = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), nine = start.AddHours(9), end = start.AddDays(2);
        var r = new DataFrames.Plan.Operators.RepartitionDivisions(hourly, [start, nine, end]);
        (IndexRangeStep first, int[] firstInputs) = r.Piece(0);
        (IndexRangeStep last, int[] lastInputs) = r.Piece(1);
        Assert.Equal("IndexRange: timestamp in [2000-01-01 00:00:00, 2000-01-01 09:00:00)", first.ToString());
        Assert.Equal([0, 1], firstInputs);
        Assert.Equal("IndexRange: timestamp in [2000-01-01 09:00:00, 2000-01-03 00:00:00]", last.ToString());
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], lastInputs);
        var back = (PartitionProgram)ValueSerializer.Deserialize(ValueSerializer.Serialize(new PartitionProgram([last])))!;
        var step = (IndexRangeStep)back.Steps[0];
        Assert.Equal((last.Index, last.Timestamp, last.Lower, last.Upper, last.UpperInclusive), (step.Index, step.Timestamp, step.Lower, step.Upper, step.UpperInclusive));
        LocalFrame pieces = new DaskDataFrame(r).Compute("sync");
        Assert.Equal(FrameCases.Canonical(FrameCases.Hourly().Compute("sync")), FrameCases.Canonical(pieces));
        Assert.Equal([9L, 39L], FrameOperationCases.Lengths(new DaskDataFrame(r), "sync"));
    }
}
