using System.Globalization;
using System.Text.Json;
using DaskSharp.Arrays;
using DaskSharp.Tests;

namespace DaskSharp.Array.Tests;

/// <summary>
/// The array API against NumPy: each case is a NumPy expression whose answer NumPy 1.24 wrote into
/// Fixtures/numpy_api.json (numpy_api.py), and the same expression on chunked arrays with awkward
/// chunks (sizes not dividing the axes, single-element chunks, an empty axis), computed on the sync
/// scheduler, the threaded scheduler and a cluster of worker processes. The dtype, the shape and every
/// value must match: integers and booleans exactly, floating-point values to 1e-12 relative (sums
/// and transcendental functions round differently in the last bits), NaN and infinities exactly.
/// </summary>
[Collection(Executors.ProcessClusterCollection.Name)]
public sealed class NumPyApiTests(ProcessClusterFixture cluster)
{
    private static readonly JsonElement s_fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "numpy_api.json"))).RootElement;

    private static readonly string[] s_schedulers = ["sync", "threads", ProcessClusterFixture.SchedulerName];

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string name in NumPyApiCases.All.Keys)
            {
                foreach (string scheduler in s_schedulers)
                {
                    data.Add(name, scheduler);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_EqualsNumPy(string name, string scheduler)
    {
        if (scheduler == ProcessClusterFixture.SchedulerName)
        {
            Assert.NotNull(cluster.Client);
        }

        JsonElement expected = s_fixture.GetProperty("cases").GetProperty(name);
        object? actual = Dask.ComputeCollections([NumPyApiCases.All[name](new NumPyInputs(s_fixture.GetProperty("inputs")))], scheduler)[0];
        AssertEqual(expected, actual, $"{name} ({expected.GetProperty("expression").GetString()}) on {scheduler}");
    }

    [Fact]
    public void EveryFixtureCase_HasACSharpCase() =>
        Assert.Equal(s_fixture.GetProperty("cases").EnumerateObject().Select(c => c.Name).Order(), NumPyApiCases.All.Keys.Order());

    [Fact]
    public void PromotionTable_IsNumPys()
    {
        foreach (JsonProperty row in s_fixture.GetProperty("promotion").EnumerateObject())
        {
            Type input = TypePromotion.Types.Single(t => Dtype.NameOf(t) == row.Name);
            var rules = new (string[] Columns, Func<Type, Type> Rule)[]
            {
                (["sum", "prod", "cumsum", "nansum"], TypePromotion.Sum),
                (["mean", "var", "median", "average"], TypePromotion.Mean),
                (["true_divide"], TypePromotion.TrueDivide),
                (["sqrt", "exp", "floor", "arctan2"], TypePromotion.Float),
                (["percentile", "quantile"], TypePromotion.Quantile),
            };
            foreach (var (columns, rule) in rules)
            {
                foreach (string column in columns)
                {
                    string numpy = row.Value.GetProperty(column).GetString()!;
                    if (numpy != "error")
                    {
                        Assert.True(numpy == Dtype.NameOf(rule(input)), $"{column} of {row.Name}: NumPy gives {numpy}, the table {Dtype.NameOf(rule(input))}");
                    }
                }
            }
        }
    }

    [Fact]
    public void FromArray_SameDataInOtherChunks_HasOtherKeys()
    {
        // Found by the process cluster: keys that ignored the chunks gave one chunking's blocks to the other.
        NDArray<long> data = NDArray<long>.FromArray([.. Enumerable.Range(0, 12).Select(i => (long)i)], 3, 4);
        Assert.NotEqual(Da.FromArray(data, chunks: (1, 1)).Name, Da.FromArray(data, chunks: (2, 2)).Name);
    }

    [Fact]
    public void BinaryPromotion_IsNumPysPromoteTypes()
    {
        foreach (JsonProperty a in s_fixture.GetProperty("binary_promotion").EnumerateObject())
        {
            Type ta = TypePromotion.Types.Single(t => Dtype.NameOf(t) == a.Name);
            foreach (JsonProperty b in a.Value.EnumerateObject())
            {
                Type tb = TypePromotion.Types.Single(t => Dtype.NameOf(t) == b.Name);
                Assert.True(b.Value.GetString() == Dtype.NameOf(TypePromotion.Binary(ta, tb)), $"{a.Name} with {b.Name}: NumPy gives {b.Value.GetString()}, the rule {Dtype.NameOf(TypePromotion.Binary(ta, tb))}");
            }
        }

        Assert.Equal("float64", Da.ResultType<long, ulong>());
        Assert.Equal("int16", Da.ResultType<byte, sbyte>());
    }

    [Fact]
    public void BoolSum_IsACountNotALogicalOr()
    {
        DaskArray<double> x = Da.FromArray(NDArray<double>.FromArray([0.1, 0.3, 0.5, 0.2, 0.9, 0.7], 3, 2), chunks: (2, 1));
        DaskArray<long> counts = (x > 0.25).Sum(axis: 0);
        Assert.Equal([2L, 2], counts.Compute().ToArray());
        Assert.Equal(4L, (x > 0.25).Sum().Compute());
    }

    [Fact]
    public void GenericCode_ThatNumPyWouldPromote_IsToldTheTypeAndTheCall()
    {
        var e = Assert.Throws<NotSupportedException>(() => GenericSum(Da.Ones<bool>(4)));
        Assert.Equal(
            "Sum of a bool array is int64 in NumPy, and this call returns bool: call it on a DaskArray<bool> (not a generic DaskArray<T>), or convert first with AsType<long>(), or give the type: Sum<long>(…).",
            e.Message);
        var sqrt = Assert.Throws<NotSupportedException>(() => GenericSqrt(Da.Ones<short>(4)));
        Assert.Equal("Sqrt of a int16 array is float32 in NumPy, and this call returns int16: call it on a DaskArray<short> (not a generic DaskArray<T>), or convert first with AsType<float>().", sqrt.Message);
    }

    [Fact]
    public void BadInput_SaysWhatIsWrong()
    {
        DaskArray<double> v = Da.FromArray(new[] { 1.0, 2, 3 }, chunks: 2);
        Assert.Equal("q", Assert.Throws<ArgumentOutOfRangeException>(() => v.Percentile(101)).ParamName);
        Assert.StartsWith("topk needs 1 <= |k| <= 3 (the length of axis 0), not 4.", Assert.Throws<ArgumentOutOfRangeException>(() => v.TopK(4)).Message);
        var allNaN = Assert.Throws<TaskFailedException>(() => Da.FromArray(new[] { double.NaN, double.NaN }, chunks: 1).NanArgMin().Compute());
        Assert.Equal("All-NaN slice encountered", allNaN.InnerException!.Message);
        Assert.Throws<NotSupportedException>(() => (Da.Ones<double>(3) == Da.Ones<double>(3)).Sqrt());
        Assert.Equal("Index ^0 is out of bounds for axis 0 with size 3.", Assert.Throws<IndexOutOfRangeException>(() => v[^0]).Message);
    }

    private static DaskScalar<T> GenericSum<T>(DaskArray<T> x)
        where T : unmanaged => x.Sum();

    private static DaskArray<T> GenericSqrt<T>(DaskArray<T> x)
        where T : unmanaged => x.Sqrt();

    private static void AssertEqual(JsonElement expected, object? actual, string what)
    {
        var (dtype, shape, values) = Flatten(actual);
        Assert.True(expected.GetProperty("dtype").GetString() == dtype, $"{what}: dtype {dtype}, NumPy's {expected.GetProperty("dtype").GetString()}");
        Assert.True(expected.GetProperty("shape").EnumerateArray().Select(s => s.GetInt32()).SequenceEqual(shape), $"{what}: shape ({string.Join(", ", shape)}), NumPy's {expected.GetProperty("shape")}");
        string[] numpy = [.. expected.GetProperty("values").EnumerateArray().Select(v => v.GetString()!)];
        Assert.Equal(numpy.Length, values.Length);
        bool isFloat = dtype.StartsWith("float", StringComparison.Ordinal);
        for (int i = 0; i < numpy.Length; i++)
        {
            if (isFloat)
            {
                double e = double.Parse(numpy[i], CultureInfo.InvariantCulture);
                double a = double.Parse(values[i], CultureInfo.InvariantCulture);
                bool same = e.Equals(a) || (double.IsFinite(e) && Math.Abs(e - a) <= 1e-12 * Math.Max(Math.Abs(e), 1e-300));
                Assert.True(same, $"{what}: element {i} is {values[i]}, NumPy's {numpy[i]}");
            }
            else
            {
                Assert.True(numpy[i] == values[i], $"{what}: element {i} is {values[i]}, NumPy's {numpy[i]}");
            }
        }
    }

    /// <summary>A computed value (array or scalar) as NumPy's dtype name, shape, and elements as text.</summary>
    private static (string Dtype, int[] Shape, string[] Values) Flatten(object? value) => value switch
    {
        NDArray<double> a => Of(a),
        NDArray<float> a => Of(a),
        NDArray<long> a => Of(a),
        NDArray<int> a => Of(a),
        NDArray<bool> a => Of(a),
        NDArray<ulong> a => Of(a),
        double d => Of(NDArray<double>.Scalar(d)),
        float f => Of(NDArray<float>.Scalar(f)),
        long l => Of(NDArray<long>.Scalar(l)),
        int n => Of(NDArray<int>.Scalar(n)),
        bool b => Of(NDArray<bool>.Scalar(b)),
        _ => throw new InvalidOperationException($"Unexpected result {value?.GetType().Name ?? "null"}."),
    };

    private static (string, int[], string[]) Of<T>(NDArray<T> a)
        where T : unmanaged =>
        (Dtype.NameOf(typeof(T)), a.ShapeArray, [.. a.ToArray().Select(v => v switch
        {
            bool b => b ? "true" : "false",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
            _ => Convert.ToString(v, CultureInfo.InvariantCulture)!,
        })]);
}

/// <summary>The fixture's inputs as chunked arrays, each with the chunks its cases use.</summary>
internal sealed class NumPyInputs(JsonElement inputs)
{
    public DaskArray<double> F => Doubles("f", (3, 2));

    /// <summary>f in single-element chunks.</summary>
    public DaskArray<double> F1 => Doubles("f", (1, 1));

    public DaskArray<double> G => Doubles("g", (4, 3));

    public DaskArray<double> FN => Doubles("fn", (2, 3));

    public DaskArray<double> FNC => Doubles("fnc", (3, 2));

    public DaskArray<long> I => Load<long>("i", (4, 2));

    /// <summary>i in single-element chunks.</summary>
    public DaskArray<long> I1 => Load<long>("i", (1, 1));

    public DaskArray<long> J => Load<long>("j", (3, 3));

    public DaskArray<int> I32 => Load<int>("i32", (2, 4));

    public DaskArray<bool> B => Load<bool>("b", (3, 2));

    public DaskArray<double> U => Doubles("u", (3, 2));

    public DaskArray<double> P => Doubles("p", (2, 2));

    public DaskArray<double> V => Doubles("v", 4);

    public DaskArray<double> W5 => Doubles("w5", 2);

    public DaskArray<double> W => Doubles("w", (2, 3));

    public DaskArray<double> E => Doubles("e", (1, 3));

    public DaskArray<double> T3 => Doubles("t3", (1, 2, 3));

    public DaskArray<double> VS => Doubles("vs", 3);

    private DaskArray<double> Doubles(string name, ChunkSpec chunks) => Load<double>(name, chunks);

    private DaskArray<T> Load<T>(string name, ChunkSpec chunks)
        where T : unmanaged
    {
        JsonElement input = inputs.GetProperty(name);
        int[] shape = [.. input.GetProperty("shape").EnumerateArray().Select(s => s.GetInt32())];
        T[] values = [.. input.GetProperty("values").EnumerateArray().Select(v => Parse<T>(v.GetString()!))];
        return Da.FromArray(NDArray<T>.FromArray(values, shape), chunks);
    }

    private static T Parse<T>(string text) =>
        typeof(T) == typeof(bool) ? (T)(object)(text == "true")
        : typeof(T) == typeof(long) ? (T)(object)long.Parse(text, CultureInfo.InvariantCulture)
        : typeof(T) == typeof(int) ? (T)(object)int.Parse(text, CultureInfo.InvariantCulture)
        : (T)(object)double.Parse(text, CultureInfo.InvariantCulture);
}
