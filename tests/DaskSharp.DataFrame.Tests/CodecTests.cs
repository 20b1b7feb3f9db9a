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
    public void PartitionsWhoseDictionariesDiffer_ConcatenateOverTheUnionOfTheirWords_AndWithPlainStringsAsStrings()
    {
        var ts = new Timeseries(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2000, 1, 2, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromHours(1), TimeSpan.FromHours(6), 3);
        Partition a = ts.Read(0), travelled = RoundTrip(ts.Read(1)); // a new dictionary object with the same words: codes kept
        Partition both = DataFrames.Kernels.Take.Concat([a, travelled]);
        Assert.Same(((Apache.Arrow.DictionaryArray)a.Column("name")).Dictionary, Assert.IsType<Apache.Arrow.DictionaryArray>(both.Column("name")).Dictionary);

        var aWords = (Apache.Arrow.StringArray)((Apache.Arrow.DictionaryArray)a.Column("name")).Dictionary;
        var words = new Apache.Arrow.StringArray.Builder().AppendRange(["Zed", aWords.GetString(4), "Amy"]).Build();
        var codes = new Apache.Arrow.Int32Array.Builder().Append(2).AppendNull().Append(1).Append(0).Build();
        var other = new Apache.Arrow.DictionaryArray((Apache.Arrow.Types.DictionaryType)a.Batch.Schema.GetFieldByName("name").DataType, codes, words);
        Partition b = WithName(a, other);
        Partition united = DataFrames.Kernels.Take.Concat([a, b]);
        var column = Assert.IsType<Apache.Arrow.DictionaryArray>(united.Column("name"));
        var unitedWords = (Apache.Arrow.StringArray)column.Dictionary;
        Assert.Equal([.. Enumerable.Range(0, aWords.Length).Select(i => aWords.GetString(i)), "Zed", "Amy"], Enumerable.Range(0, unitedWords.Length).Select(i => unitedWords.GetString(i)));
        Assert.Equal([.. new LocalFrame(a).Values("name"), "Amy", null, aWords.GetString(4), "Zed"], new LocalFrame(united).Values("name"));
        Assert.Equal(1, column.NullCount);
        Assert.Equal(FrameCases.Canonical(new LocalFrame(united)), FrameCases.Canonical(new LocalFrame(RoundTrip(united)))); // schema and columns agree, so it travels

        Partition plain = WithName(a, new Apache.Arrow.StringArray.Builder().Append("Amy").AppendNull().Append("Bo").Append("Zed").Build());
        Partition mixed = DataFrames.Kernels.Take.Concat([a, plain]);
        Assert.IsType<Apache.Arrow.StringArray>(mixed.Column("name"));
        Assert.Equal("string", Dtype.Name(mixed.Schema.TypeOf("name")));
        Assert.Equal([.. new LocalFrame(a).Values("name"), "Amy", null, "Bo", "Zed"], new LocalFrame(mixed).Values("name"));
        Assert.Equal(FrameCases.Canonical(new LocalFrame(mixed)), FrameCases.Canonical(new LocalFrame(RoundTrip(mixed))));

        // Four rows of a with their name column replaced.
        static Partition WithName(Partition a, Apache.Arrow.IArrowArray name)
        {
            Apache.Arrow.IArrowArray[] columns = [.. a.Batch.Arrays.Select((c, i) => a.Batch.Schema.GetFieldByIndex(i).Name == "name" ? name : DataFrames.Kernels.Take.Column(c, new[] { 0, 1, 2, 3 }))];
            var fields = a.Batch.Schema.FieldsList.Select(f => f.Name == "name" ? new Apache.Arrow.Field("name", name.Data.DataType, true) : f);
            return new Partition(new Apache.Arrow.RecordBatch(new Apache.Arrow.Schema(fields, null), columns, 4), "timestamp");
        }
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
