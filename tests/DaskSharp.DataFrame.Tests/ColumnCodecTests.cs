using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Kernels;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Expressions;
using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.Serialization;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Every column-level expression and step survives the trip to a worker: the same text, and the same values on the same partition.</summary>
public sealed class ColumnCodecTests
{
    private static T RoundTrip<T>(T value) => (T)ValueSerializer.Deserialize(ValueSerializer.Serialize(value))!;

    private static readonly ColumnRef s_i = new("i"), s_f = new("f"), s_s = new("s"), s_t = new("t"), s_b = new("b");

    public static TheoryData<string> Expressions => [.. All().Keys];

    private static Dictionary<string, ColumnExpr> All() => new()
    {
        ["isna"] = new IsNa(s_i, true),
        ["notna"] = new IsNa(s_f, false),
        ["fillna-int"] = new FillNa(s_i, new Literal(3L)),
        ["fillna-string"] = new FillNa(s_s, new Literal("?")),
        ["fillna-time"] = new FillNa(s_t, new Literal(new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc))),
        ["where-null"] = new WhereMask(s_i, new Binary(BinaryOperator.Greater, s_i, new Literal(0L)), null, false),
        ["mask-column"] = new WhereMask(s_f, s_b, s_i, true),
        ["mask-constant"] = new WhereMask(s_s, s_b, new Literal("x"), true),
        ["negate"] = new UnaryMath(UnaryMathOperator.Negate, s_f),
        ["abs"] = new UnaryMath(UnaryMathOperator.Abs, s_i),
        ["round"] = new Round(s_f, -1),
        ["between"] = new Between(s_f, new Literal(0.0), new Literal(3L), "right"),
        ["between-time"] = new Between(s_t, new Literal(new DateTime(2000, 1, 1)), new Literal(new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Local)), "neither"),
        ["isin"] = new IsIn(s_s, ["Alice", "bobby"]),
        ["isin-numbers"] = new IsIn(s_f, [2.5, 0L]),
        ["astype"] = new AsType(s_i, "Int32"),
        ["floordiv"] = new Binary(BinaryOperator.FloorDivide, s_i, new Literal(-4L)),
        ["modulo"] = new Binary(BinaryOperator.Modulo, s_f, s_i),
        ["str-contains"] = new StringMethod(StringOperation.Contains, s_s, "^a", regex: true, caseSensitive: false),
        ["str-strip"] = new StringMethod(StringOperation.Strip, s_s, "ab"),
        ["str-len"] = new StringMethod(StringOperation.Len, s_s),
        ["dt-quarter"] = new DatetimePart(DatetimeField.Quarter, s_t),
        ["dt-floor"] = new DatetimeFloor(s_t, "15min"),
        ["time-literal"] = new Binary(BinaryOperator.GreaterOrEqual, s_t, new Literal(new DateTime(2000, 2, 29, 12, 0, 0))),
    };

    [Theory]
    [MemberData(nameof(Expressions))]
    public void AnExpression_RoundTrips_ToTheSameTextAndValues(string name)
    {
        ColumnExpr expr = All()[name];
        var program = new PartitionProgram([new AssignStep("out", expr), new ProjectStep(["out"])]);
        PartitionProgram back = RoundTrip(program);
        Assert.Equal(program.ToString(), back.ToString());
        var partition = new Partition(ColumnCases.Table());
        Assert.Equal(FrameCases.Canonical(new LocalFrame(program.Run(partition))), FrameCases.Canonical(new LocalFrame(back.Run(partition))));
    }

    [Fact]
    public void MapAndRenameSteps_RoundTrip()
    {
        var program = new PartitionProgram([
            new MapColumnsStep("FillNa", [("i", new FillNa(s_i, new Literal(0L))), ("f", new IsNa(s_f, true))]),
            new RenameStep([("i", "j"), ("f", "g"), ("missing", "ignored")]),
        ]);
        PartitionProgram back = RoundTrip(program);
        Assert.Equal("FillNa: i=i.fillna(0), f=f.isna() -> Rename: {i: j, f: g, missing: ignored}", back.ToString());
        var partition = new Partition(ColumnCases.Table());
        Assert.Equal(FrameCases.Canonical(new LocalFrame(program.Run(partition))), FrameCases.Canonical(new LocalFrame(back.Run(partition))));
        Assert.Equal(["j", "z", "g", "s", "sd", "b", "t", "tz", "n"], back.Run(partition).Schema.Columns);
    }

    [Fact]
    public void ATimestampLiteral_KeepsItsTicksAndKind()
    {
        var local = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Local);
        var program = new PartitionProgram([new FilterStep(new Binary(BinaryOperator.Less, s_t, new Literal(local)))]);
        var back = (Literal)((Binary)((FilterStep)RoundTrip(program).Steps[0]).Predicate).Right;
        Assert.Equal(local, back.Value);
        Assert.Equal(DateTimeKind.Local, ((DateTime)back.Value).Kind);
    }

    [Fact]
    public void AnUnknownStringMethodOnTheWire_IsRefused()
    {
        var program = new PartitionProgram([new AssignStep("o", new StringMethod(StringOperation.Len, s_s))]);
        SerializedValue good = ValueSerializer.Serialize(program);
        byte[] header = good.Header.ToArray();
        // The method is the int after "strm"; make it 99.
        int at = IndexOf(header, "strm"u8) + 4;
        Assert.Equal((byte)StringOperation.Len, header[at]);
        header[at] = 99;
        var e = Assert.Throws<InvalidDataException>(() => ValueSerializer.Deserialize(new SerializedValue(good.Serializer, header, good.Frames)));
        Assert.Contains("Unknown string method 99", e.Message, StringComparison.Ordinal);
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
