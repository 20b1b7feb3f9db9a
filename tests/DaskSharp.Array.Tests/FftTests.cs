using System.Numerics;
using System.Text.Json;
using DaskSharp.Array.Tests.Executors;
using DaskSharp.Graphs;
using DaskSharp.Tests;

namespace DaskSharp.Array.Tests;

/// <summary>
/// <see cref="Fft"/> on chunked arrays against NumPy 1.24 (Fixtures/numpy_fft.json, numpy_fft.py):
/// each case transforms along a single-chunk axis while the other axes have awkward chunks (sizes not
/// dividing the axis, single-element chunks), on the sync scheduler, the threaded scheduler and a
/// cluster of worker processes; the shape and every value must match to 1e-9 of the result's scale.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class FftTests(ProcessClusterFixture cluster)
{
    private static readonly JsonElement s_fixture = FftKernelTests.Fixture;

    private static readonly string[] s_schedulers = ["sync", "threads", ProcessClusterFixture.SchedulerName];

    private static readonly Dictionary<string, Func<IDaskCollection>> s_cases = new()
    {
        ["FftAxis1"] = () => Fft.Forward(Real("t", (3, 12))),
        ["FftAxis0Padded"] = () => Fft.Forward(Complex("c", (7, 5)), n: 10, axis: 0),
        ["FftTruncated"] = () => Fft.Forward(Complex("c", (1, 12)), n: 5, axis: 1),
        ["IfftAxis0"] = () => Fft.Ifft(Complex("c", (7, 4)), axis: 0),
        ["IfftReal"] = () => Fft.Ifft(Real("t", (2, 12)), axis: 1),
        ["FftOrtho"] = () => Fft.Forward(Complex("c", (3, 12)), axis: 1, norm: FftNorm.Ortho),
        ["RfftAxis0N8"] = () => Fft.Rfft(Real("t", (7, 5)), n: 8, axis: 0),
        ["Rfft"] = () => Fft.Rfft(Real("t", (4, 12))),
        ["Irfft"] = () => Fft.Irfft(Complex("c", (3, 12))),
        ["IrfftN12Axis0"] = () => Fft.Irfft(Complex("c", (7, 5)), n: 12, axis: 0),
        ["Hfft"] = () => Fft.Hfft(Complex("c", (3, 12))),
        ["HfftN9Axis0"] = () => Fft.Hfft(Complex("c", (7, 1)), n: 9, axis: 0),
        ["Ihfft"] = () => Fft.Ihfft(Real("t", (1, 12))),
        ["IhfftOrthoAxis0"] = () => Fft.Ihfft(Real("t", (7, 5)), axis: 0, norm: FftNorm.Ortho),
        ["Fftfreq"] = () => Fft.FftFreq(9, 0.5, chunks: 4),
        ["FftfreqEven"] = () => Fft.FftFreq(10),
        ["Rfftfreq"] = () => Fft.RfftFreq(10, 0.1, chunks: 2),
        ["RfftfreqOdd"] = () => Fft.RfftFreq(7),
        ["Fftshift"] = () => Fft.FftShift(Real("t", (3, 5))),
        ["FftshiftAxis0"] = () => Fft.FftShift(Complex("c", (2, 5)), 0),
        ["Ifftshift"] = () => Fft.IfftShift(Real("t", (3, 5))),
        ["IfftshiftAxis1"] = () => Fft.IfftShift(Complex("c", (2, 5)), 1),
        ["Fft2"] = () => Fft.Fft2(Complex("c", (7, 12))),
        ["Ifft2"] = () => Fft.Ifft2(Complex("c", (7, 12))),
        ["Rfft2"] = () => Fft.Rfft2(Real("t", (7, 12))),
        ["Irfft2"] = () => Fft.Irfft2(Complex("c", (7, 12))),
        ["Fftn"] = () => Fft.Fftn(Complex("c3", (3, 4, 5))),
        ["FftnAxes"] = () => Fft.Fftn(Complex("c3", (3, 1, 5)), s: [6, 4], axes: [0, 2]),
        ["Ifftn"] = () => Fft.Ifftn(Complex("c3", (3, 4, 5))),
        ["Rfftn"] = () => Fft.Rfftn(Real("t3", (3, 4, 5))),
        ["Irfftn"] = () => Fft.Irfftn(Complex("c3", (3, 4, 5))),
        ["IrfftnS"] = () => Fft.Irfftn(Complex("c3", (2, 4, 5)), s: [4, 8], axes: [1, 2]),
    };

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string name in s_cases.Keys)
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
        string what = $"{name} ({expected.GetProperty("expression").GetString()}) on {scheduler}";
        object? actual = Dask.ComputeCollections([s_cases[name]()], scheduler)[0];
        int[] shape = [.. expected.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32())];
        (int[] actualShape, Complex[] values) = actual switch
        {
            NDArray<Complex> z => (z.Shape.ToArray(), z.ToArray()),
            NDArray<double> d => (d.Shape.ToArray(), [.. d.ToArray().Select(v => new Complex(v, 0))]),
            _ => throw new InvalidOperationException($"{what}: computed a {actual?.GetType().Name ?? "null"}."),
        };
        Assert.True(shape.SequenceEqual(actualShape), $"{what}: shape ({string.Join(", ", actualShape)}), NumPy's is ({string.Join(", ", shape)}).");
        Assert.True(expected.TryGetProperty("im", out _) == actual is NDArray<Complex>, $"{what}: computed {actual!.GetType().Name}, NumPy's dtype is {(expected.TryGetProperty("im", out _) ? "complex128" : "float64")}.");
        FftKernelTests.AssertClose(FftKernelTests.Values(expected), values, what);
    }

    [Fact]
    public void EveryFixtureCase_HasACSharpCase() =>
        Assert.Equal(s_fixture.GetProperty("cases").EnumerateObject().Select(c => c.Name).Order(), s_cases.Keys.Order());

    [Fact]
    public void Chunks_AreTheInputsWithTheTransformedAxisOneChunkOfTheOutputLength()
    {
        Assert.Equal("((3, 3, 1), (7))", Fft.Rfft(Real("t", (3, 12)), n: 12).Chunks.ToString().Replace(",)", ")", StringComparison.Ordinal));
        Assert.Equal("((10), (5, 5, 2))", Fft.Forward(Complex("c", (7, 5)), n: 10, axis: 0).Chunks.ToString().Replace(",)", ")", StringComparison.Ordinal));
        Assert.Equal("((3, 3, 1), (22))", Fft.Irfft(Complex("c", (3, 12))).Chunks.ToString().Replace(",)", ")", StringComparison.Ordinal));
        Assert.Equal("complex128", Fft.Forward(Real("t", (3, 12))).Dtype);
    }

    [Theory]
    [InlineData("fft")]
    [InlineData("ifft")]
    [InlineData("rfft")]
    [InlineData("irfft")]
    [InlineData("fft2")]
    public void AMultiChunkAxis_IsRejectedAsDaskDoes_SayingToRechunk(string function)
    {
        DaskArray<double> t = Real("t", (3, 5));
        DaskArray<Complex> c = Complex("c", (3, 5));
        Action transform = function switch
        {
            "fft" => () => Fft.Forward(t),
            "ifft" => () => Fft.Ifft(c, axis: -1),
            "rfft" => () => Fft.Rfft(t, axis: 1),
            "irfft" => () => Fft.Irfft(c),
            _ => () => Fft.Fft2(c),
        };
        var e = Assert.Throws<ArgumentException>(transform);
        Assert.Contains("only supports taking an FFT along an axis that has a single chunk", e.Message, StringComparison.Ordinal);
        Assert.Contains(function == "fft2" ? "on axis 0 which has chunks (3, 3, 1)" : "on axis 1 which has chunks (5, 5, 2)", e.Message, StringComparison.Ordinal);
        Assert.Contains("use Rechunk", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AfterRechunk_TheAxisTransforms()
    {
        NDArray<Complex> direct = Fft.Forward(Complex("c", (3, 12))).Compute("sync");
        NDArray<Complex> rechunked = Fft.Forward(Complex("c", (3, 5)).Rechunk((2, 12))).Compute("sync");
        Assert.Equal(direct.ToArray(), rechunked.ToArray());
    }

    [Fact]
    public void BadArguments_AreNamed()
    {
        Assert.Contains("Invalid number of FFT data points (0)", Assert.Throws<ArgumentOutOfRangeException>(() => Fft.Forward(Real("t", (3, 12)), n: 0)).Message, StringComparison.Ordinal);
        Assert.Contains("Axis 2 is out of bounds for an array of 2 dimensions", Assert.Throws<ArgumentOutOfRangeException>(() => Fft.Rfft(Real("t", (3, 12)), axis: 2)).Message, StringComparison.Ordinal);
        Assert.Contains("s has 1 sizes for 2 axes", Assert.Throws<ArgumentException>(() => Fft.Fftn(Complex("c", (7, 12)), s: [4], axes: [0, 1])).Message, StringComparison.Ordinal);
        Assert.Contains("must be distinct", Assert.Throws<ArgumentException>(() => Fft.Fftn(Complex("c", (7, 12)), axes: [1, -1])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Fft.FftFreq(0));
    }

    private static DaskArray<double> Real(string name, ChunkSpec chunks)
    {
        JsonElement entry = s_fixture.GetProperty("inputs").GetProperty(name);
        int[] shape = [.. entry.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32())];
        return Da.FromArray(NDArray<double>.FromArray([.. FftKernelTests.Values(entry).Select(z => z.Real)], shape), chunks);
    }

    private static DaskArray<Complex> Complex(string name, ChunkSpec chunks)
    {
        JsonElement entry = s_fixture.GetProperty("inputs").GetProperty(name);
        int[] shape = [.. entry.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32())];
        return Da.FromArray(NDArray<Complex>.FromArray(FftKernelTests.Values(entry), shape), chunks);
    }
}
