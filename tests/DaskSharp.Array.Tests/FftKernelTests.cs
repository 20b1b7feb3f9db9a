using System.Numerics;
using System.Text.Json;
using DaskSharp.Arrays.Fourier;

namespace DaskSharp.Array.Tests;

/// <summary>
/// The one-dimensional FFT kernels (radix-2 for powers of two, Bluestein otherwise) against the values
/// NumPy 1.24 wrote into Fixtures/numpy_fft.json (numpy_fft.py), to 1e-9 of the spectrum's scale.
/// </summary>
public sealed class FftKernelTests
{
    internal static readonly JsonElement Fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "numpy_fft.json"))).RootElement;

    public static TheoryData<int> Lengths => [1, 2, 3, 5, 8, 12, 1000, 1024];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Forward_IsNumPysFft(int n)
    {
        Complex[] x = Signal(n);
        FftKernels.Forward(x);
        AssertClose(Expected(n, "fft"), x, $"fft of {n}");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Inverse_IsNumPysIfft(int n)
    {
        Complex[] x = Signal(n);
        FftKernels.Inverse(x);
        AssertClose(Expected(n, "ifft"), x, $"ifft of {n}");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Norms_AreNumPys(int n)
    {
        Complex[] ortho = Signal(n);
        FftKernels.Forward(ortho, FftNorm.Ortho);
        AssertClose(Expected(n, "fft_ortho"), ortho, $"fft(norm='ortho') of {n}");
        Complex[] forward = Signal(n);
        FftKernels.Inverse(forward, FftNorm.Forward);
        AssertClose(Expected(n, "ifft_forward"), forward, $"ifft(norm='forward') of {n}");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void RealForward_IsNumPysRfft(int n)
    {
        double[] x = [.. Signal(n).Select(z => z.Real)];
        var spectrum = new Complex[n / 2 + 1];
        FftKernels.RealForward(x, spectrum);
        AssertClose(Expected(n, "rfft"), spectrum, $"rfft of {n}");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void RealInverse_IsNumPysIrfft_IgnoringTheImaginaryDcAndNyquist(int n)
    {
        Complex[] half = Signal(n)[..(n / 2 + 1)];
        var x = new double[n];
        FftKernels.RealInverse(half, x);
        AssertClose(Expected(n, "irfft"), [.. x.Select(v => new Complex(v, 0))], $"irfft of {n}");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void RealInverse_OfTheRealForward_GivesTheSignalBack(int n)
    {
        double[] x = [.. Signal(n).Select(z => z.Real)];
        var spectrum = new Complex[n / 2 + 1];
        FftKernels.RealForward(x, spectrum);
        var back = new double[n];
        FftKernels.RealInverse(spectrum, back);
        AssertClose(Expected(n, "irfft_roundtrip"), [.. back.Select(v => new Complex(v, 0))], $"irfft(rfft) of {n}");
        AssertClose([.. x.Select(v => new Complex(v, 0))], [.. back.Select(v => new Complex(v, 0))], $"the signal of {n}");
    }

    [Fact]
    public void Radix2_RejectsALengthThatIsNotAPowerOfTwo()
    {
        var e = Assert.Throws<ArgumentException>(() => Radix2.Forward(new Complex[12]));
        Assert.Contains("power-of-two length, not 12", e.Message, StringComparison.Ordinal);
    }

    private static Complex[] Signal(int n) => Values(Fixture.GetProperty("kernels").GetProperty(n.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetProperty("x"));

    private static Complex[] Expected(int n, string what) => Values(Fixture.GetProperty("kernels").GetProperty(n.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetProperty(what));

    /// <summary>The values of a fixture entry: "re" and, for complex values, "im".</summary>
    internal static Complex[] Values(JsonElement entry)
    {
        double[] re = [.. entry.GetProperty("re").EnumerateArray().Select(v => v.GetDouble())];
        double[] im = entry.TryGetProperty("im", out JsonElement i) ? [.. i.EnumerateArray().Select(v => v.GetDouble())] : new double[re.Length];
        return [.. re.Zip(im, (r, m) => new Complex(r, m))];
    }

    /// <summary>Every value within 1e-9 of the largest magnitude (an FFT's rounding scales with its whole input, not one term).</summary>
    internal static void AssertClose(Complex[] expected, Complex[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, NumPy has {expected.Length}.");
        double scale = Math.Max(1e-300, expected.Max(z => z.Magnitude));
        for (int i = 0; i < expected.Length; i++)
        {
            double error = (expected[i] - actual[i]).Magnitude;
            Assert.True(error <= 1e-9 * scale, $"{what}: value {i} is {actual[i]}, NumPy's is {expected[i]} (error {error:E2}, scale {scale:E2}).");
        }
    }
}
