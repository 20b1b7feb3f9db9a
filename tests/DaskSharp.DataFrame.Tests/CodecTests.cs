using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Datasets;
using DaskSharp.DataFrames.Plan;
using DaskSharp.Serialization;

namespace DaskSharp.DataFrame.Tests;

/// <summary>What dataframe tasks carry survives the trip between processes exactly, and garbage is refused with a clear error.</summary>
public sealed class CodecTests
{
    private static T RoundTrip<T>(T value) => (T)ValueSerializer.Deserialize(ValueSerializer.Serialize(value))!;

    [Fact]
    public void APartition_WithNullsStringsAndADictionaryColumn_RoundTripsExactly()
    {
        var ts = new Timeseries(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2000, 1, 2, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromHours(1), TimeSpan.FromHours(6), 3);
        Partition generated = ts.Read(1);
        Partition back = RoundTrip(generated);
        Assert.Equal("timestamp", back.Index);
        Assert.Equal(FrameCases.Canonical(new LocalFrame(generated)), FrameCases.Canonical(new LocalFrame(back)));

        var table = new Partition(FrameCases.Table());
        Assert.Equal(FrameCases.Canonical(new LocalFrame(table)), FrameCases.Canonical(new LocalFrame(RoundTrip(table))));
    }

    [Fact]
    public void ProgramsPlansAndSources_RoundTripToTheSameDescription()
    {
        var plan = new AggregationPlan(["name", "id"], [new Aggregation("x", "mean", "x"), new Aggregation(null, "size", "n")], sort: false);
        var program = new PartitionProgram([
            new FilterStep(new Binary(BinaryOperator.And, new Binary(BinaryOperator.Greater, new ColumnRef("x"), new Literal(0.5)), new Not(new Binary(BinaryOperator.Equal, new ColumnRef("name"), new Literal("Bob"))))),
            new AssignStep("z", new Binary(BinaryOperator.Divide, new ColumnRef("id"), new Literal(3L))),
            new ProjectStep(["z", "name"]),
            new ChunkStep(plan),
        ]);
        Assert.Equal(program.ToString(), RoundTrip(program).ToString());
        Assert.Equal(plan.ToString() + plan.Sort, RoundTrip(plan).ToString() + RoundTrip(plan).Sort);
        var ts = new Timeseries(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2000, 1, 5, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromMinutes(30), TimeSpan.FromDays(1), 9, ["x", "name"]);
        Assert.Equal(ts.Describe(), RoundTrip(ts).Describe());
    }

    [Fact]
    public void PartitionsWhoseDictionariesDiffer_ConcatenateAsStrings_WithTheSchemaSaying()
    {
        var ts = new Timeseries(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2000, 1, 2, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromHours(1), TimeSpan.FromHours(6), 3);
        Partition a = ts.Read(0), travelled = RoundTrip(ts.Read(1)); // a new dictionary object with the same words: codes kept
        Partition both = DataFrames.Kernels.Take.Concat([a, travelled]);
        Assert.IsType<Apache.Arrow.DictionaryArray>(both.Column("name"));

        var words = new Apache.Arrow.StringArray.Builder().AppendRange(["Zed", "Amy"]).Build();
        var other = new Apache.Arrow.DictionaryArray((Apache.Arrow.Types.DictionaryType)a.Batch.Schema.GetFieldByName("name").DataType, new Apache.Arrow.Int32Array.Builder().AppendRange([1, 0]).Build(), words);
        Apache.Arrow.IArrowArray[] columns = [.. a.Batch.Arrays.Select((c, i) => a.Batch.Schema.GetFieldByIndex(i).Name == "name" ? other : DataFrames.Kernels.Take.Column(c, new[] { 0, 1 }))];
        var b = new Partition(new Apache.Arrow.RecordBatch(a.Batch.Schema, columns, 2), "timestamp");
        Partition mixed = DataFrames.Kernels.Take.Concat([a, b]);
        Assert.Equal("string", Dtype.Name(mixed.Schema.TypeOf("name")));
        Assert.Equal(["Amy", "Zed"], new LocalFrame(mixed).Values("name")[^2..]);
        Assert.Equal(FrameCases.Canonical(new LocalFrame(mixed)), FrameCases.Canonical(new LocalFrame(RoundTrip(mixed)))); // schema and columns agree, so it travels
    }

    [Fact]
    public void AGarbledPartitionFrame_IsRefusedNamingTheCodec()
    {
        SerializedValue good = ValueSerializer.Serialize(new Partition(FrameCases.Table()));
        byte[] frame = good.Frames[0].ToArray();
        Array.Fill(frame, (byte)0x5A, 8, Math.Min(64, frame.Length - 8));
        var bad = new SerializedValue(good.Serializer, good.Header, [frame]);
        var e = Assert.Throws<InvalidDataException>(() => ValueSerializer.Deserialize(bad));
        Assert.Contains("arrow-partition", e.Message, StringComparison.Ordinal);
    }
}
