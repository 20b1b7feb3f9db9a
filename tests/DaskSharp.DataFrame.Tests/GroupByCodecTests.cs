using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan;
using DaskSharp.Serialization;

namespace DaskSharp.DataFrame.Tests;

/// <summary>The new steps, plan options and list-valued partials survive the trip between processes exactly.</summary>
public sealed class GroupByCodecTests
{
    private static T RoundTrip<T>(T value) => (T)ValueSerializer.Deserialize(ValueSerializer.Serialize(value))!;

    [Fact]
    public void APlanWithTheNewAggregationsAndOptions_RoundTrips()
    {
        var plan = new AggregationPlan(["s", "k"], [new Aggregation("v", "first", "f"), new Aggregation("v", "last", "l"), new Aggregation("s", "nunique", "n"), new Aggregation("v", "quantile:0.25", "q"), new Aggregation("v", "median", "m"), new Aggregation("v", Aggregation.FirstRow, "v")], sort: false, dropNa: false)
        {
            Index = "k",
            OrderByDescending = "n",
        };
        AggregationPlan back = RoundTrip(plan);
        Assert.Equal(plan.ToString(), back.ToString());
        Assert.Equal((plan.Sort, plan.DropNa, plan.Index, plan.OrderByDescending), (back.Sort, back.DropNa, back.Index, back.OrderByDescending));
        Assert.Equal("by=[s, k] [f: first(v), l: last(v), n: nunique(s), q: quantile:0.25(v), m: median(v), v: firstrow] dropna=False sort=False index=k order_by=n desc", plan.ToString());

        var defaults = new AggregationPlan(["k"], [new Aggregation(null, "size", "n")]);
        Assert.Equal("k", RoundTrip(defaults).Index);
        Assert.Null(RoundTrip(new AggregationPlan(["k"], [], dropNa: false) { Index = null }).Index);
    }

    [Fact]
    public void AProgramWithAHashSplit_RoundTrips()
    {
        var program = new PartitionProgram([new ChunkStep(new AggregationPlan(["k"], [new Aggregation("v", "nunique", "v")])), new HashSplitStep(["k"], 7)]);
        PartitionProgram back = RoundTrip(program);
        Assert.Equal(program.ToString(), back.ToString());
        var split = Assert.IsType<HashSplitStep>(back.Steps[1]);
        Assert.Equal(["k"], split.Keys);
        Assert.Equal(7, split.Pieces);
    }

    [Fact]
    public void PartialsWithListStates_RoundTripExactly_AndRunTheSameAfterwards()
    {
        var plan = new AggregationPlan(["k"], [new Aggregation("s", "nunique", "n"), new Aggregation("v", "median", "m"), new Aggregation("v", "first", "f")]);
        Partition partial = plan.Chunk(new Partition(FrameCases.Table()));
        Partition back = RoundTrip(partial);
        Assert.IsType<Apache.Arrow.ListArray>(back.Column("n|distinct"));
        Assert.Equal(FrameCases.Canonical(new LocalFrame(plan.Finish(partial))), FrameCases.Canonical(new LocalFrame(plan.Finish(back))));
        Partition split = new HashSplitStep(["k"], 3).Apply(partial);
        Partition splitBack = RoundTrip(split);
        Assert.Equal(FrameCases.Canonical(new LocalFrame(plan.Finish(HashSplitStep.Piece(split, 1)))), FrameCases.Canonical(new LocalFrame(plan.Finish(HashSplitStep.Piece(splitBack, 1)))));
    }

    [Fact]
    public void AMalformedHashSplit_IsRefused_NamingTheStep()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(1); // a program
        writer.WriteArrayHeader(1);
        writer.WriteArrayHeader(2);
        writer.Write("hash-split");
        writer.Write(3);
        writer.Flush();
        var e = Assert.Throws<InvalidDataException>(() => ValueSerializer.Deserialize(new SerializedValue("dataframe-plan", buffer.WrittenSpan.ToArray(), [])));
        Assert.Contains("hash-split", e.Message, StringComparison.Ordinal);
    }
}
