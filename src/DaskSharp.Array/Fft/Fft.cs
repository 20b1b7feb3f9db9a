using System.Globalization;
using System.Numerics;
using DaskSharp.Arrays;
using DaskSharp.Arrays.Fourier;

namespace DaskSharp;

/// <summary>
/// Discrete Fourier transforms of chunked arrays (<c>dask.array.fft</c>), with NumPy's values. As in
/// Dask, every transformed axis must be one chunk (<see cref="DaskArray{TValue}.Rechunk"/> it first);
/// the other axes keep their chunks and each block is transformed independently. Spectra are
/// <c>complex128</c> arrays, <see cref="DaskArray{TValue}"/> of <see cref="Complex"/>.
/// </summary>
/// <example><code>
/// DaskArray&lt;Complex&gt; spectrum = Fft.Rfft(signal.Rechunk((4, 1024)), axis: 1);
/// </code></example>
public static partial class Fft
{
    /// <summary>NumPy's <c>fft</c> (C# forbids a member named as its class): the DFT along <paramref name="axis"/> with <paramref name="n"/> points (cut or zero-padded; the axis length by default).</summary>
    public static DaskArray<Complex> Forward(DaskArray<Complex> a, int? n = null, int axis = -1, FftNorm norm = FftNorm.Backward) =>
        ComplexTransform(a, n, axis, inverse: false, norm, "fft");

    /// <summary>The DFT of a real array along <paramref name="axis"/> (NumPy's <c>fft</c> of float64 input).</summary>
    public static DaskArray<Complex> Forward(DaskArray<double> a, int? n = null, int axis = -1, FftNorm norm = FftNorm.Backward) =>
        RealToComplexTransform(a, n, axis, inverse: false, norm, "fft");

    /// <summary>The inverse DFT along <paramref name="axis"/>, 1/n scaled under the default norm.</summary>
    public static DaskArray<Complex> Ifft(DaskArray<Complex> a, int? n = null, int axis = -1, FftNorm norm = FftNorm.Backward) =>
        ComplexTransform(a, n, axis, inverse: true, norm, "ifft");

    /// <summary>The inverse DFT of a real array along <paramref name="axis"/>.</summary>
    public static DaskArray<Complex> Ifft(DaskArray<double> a, int? n = null, int axis = -1, FftNorm norm = FftNorm.Backward) =>
        RealToComplexTransform(a, n, axis, inverse: true, norm, "ifft");

    /// <summary>The DFT of real input: its first n/2 + 1 terms along <paramref name="axis"/> (the rest are their conjugates).</summary>
    public static DaskArray<Complex> Rfft(DaskArray<double> a, int? n = null, int axis = -1, FftNorm norm = FftNorm.Backward)
    {
        ArgumentNullException.ThrowIfNull(a);
        int ax = SingleChunkAxis(a.Chunks, axis, a.Rank, "rfft");
        int points = Points(n ?? (int)a.Shape[ax]);
        return Transformed<Complex>("rfft", AxisTransforms.Rfft, a.Chunks, ax, points / 2 + 1, [BlockInput.Aligned(a, a.Rank), BlockInput.Constant(ax), BlockInput.Constant(points), BlockInput.Constant((int)norm)]);
    }

    /// <summary>
    /// The inverse of <see cref="Rfft(DaskArray{double}, int?, int, FftNorm)"/>: <paramref name="n"/> real values
    /// (2(m − 1) by default, for m terms) from the non-negative half of a Hermitian spectrum.
    /// </summary>
    public static DaskArray<double> Irfft(DaskArray<Complex> a, int? n = null, int axis = -1, FftNorm norm = FftNorm.Backward)
    {
        ArgumentNullException.ThrowIfNull(a);
        int ax = SingleChunkAxis(a.Chunks, axis, a.Rank, "irfft");
        int points = Points(n ?? (2 * ((int)a.Shape[ax] - 1)));
        return Transformed<double>("irfft", AxisTransforms.Irfft, a.Chunks, ax, points, [BlockInput.Aligned(a, a.Rank), BlockInput.Constant(ax), BlockInput.Constant(points), BlockInput.Constant((int)norm)]);
    }

    /// <summary>
    /// The DFT of a signal with Hermitian symmetry, given by its non-negative half: <paramref name="n"/>
    /// real values (2(m − 1) by default), NumPy's <c>irfft(conj(a))</c> scaled as a forward transform.
    /// </summary>
    public static DaskArray<double> Hfft(DaskArray<Complex> a, int? n = null, int axis = -1, FftNorm norm = FftNorm.Backward)
    {
        ArgumentNullException.ThrowIfNull(a);
        int ax = SingleChunkAxis(a.Chunks, axis, a.Rank, "hfft");
        int points = Points(n ?? (2 * ((int)a.Shape[ax] - 1)));
        return Transformed<double>("hfft", AxisTransforms.Hfft, a.Chunks, ax, points, [BlockInput.Aligned(a, a.Rank), BlockInput.Constant(ax), BlockInput.Constant(points), BlockInput.Constant((int)norm)]);
    }

    /// <summary>The inverse of <see cref="Hfft"/>: the non-negative half of the inverse DFT of real input, NumPy's <c>conj(rfft(x))/n</c>.</summary>
    public static DaskArray<Complex> Ihfft(DaskArray<double> a, int? n = null, int axis = -1, FftNorm norm = FftNorm.Backward)
    {
        ArgumentNullException.ThrowIfNull(a);
        int ax = SingleChunkAxis(a.Chunks, axis, a.Rank, "ihfft");
        int points = Points(n ?? (int)a.Shape[ax]);
        return Transformed<Complex>("ihfft", AxisTransforms.Ihfft, a.Chunks, ax, points / 2 + 1, [BlockInput.Aligned(a, a.Rank), BlockInput.Constant(ax), BlockInput.Constant(points), BlockInput.Constant((int)norm)]);
    }

    /// <summary>The sample frequencies of an n-point DFT with sample spacing <paramref name="d"/>: [0, 1, …, ⌈n/2⌉ − 1, −⌊n/2⌋, …, −1] / (d n).</summary>
    public static DaskArray<double> FftFreq(int n, double d = 1.0, ChunkSpec? chunks = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var values = new double[n];
        int positive = (n - 1) / 2 + 1;
        for (int i = 0; i < n; i++)
        {
            values[i] = (i < positive ? i : i - n) / (d * n);
        }

        return Da.FromArray(values, chunks ?? "auto");
    }

    /// <summary>The non-negative sample frequencies of an n-point <see cref="Rfft(DaskArray{double}, int?, int, FftNorm)"/>: [0, 1, …, ⌊n/2⌋] / (d n).</summary>
    public static DaskArray<double> RfftFreq(int n, double d = 1.0, ChunkSpec? chunks = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        double[] values = [.. Enumerable.Range(0, n / 2 + 1).Select(i => i / (d * n))];
        return Da.FromArray(values, chunks ?? "auto");
    }

    /// <summary>Moves the zero-frequency term to the centre: a roll by ⌊n/2⌋ along each of <paramref name="axes"/> (all by default).</summary>
    public static DaskArray<T> FftShift<T>(DaskArray<T> x, params int[]? axes)
        where T : unmanaged => Shift(x, axes, inverse: false);

    /// <summary>The inverse of <see cref="FftShift{T}"/>: a roll by −⌊n/2⌋ along each of <paramref name="axes"/> (all by default).</summary>
    public static DaskArray<T> IfftShift<T>(DaskArray<T> x, params int[]? axes)
        where T : unmanaged => Shift(x, axes, inverse: true);

    private static DaskArray<T> Shift<T>(DaskArray<T> x, int[]? axes, bool inverse)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        int[] which = axes is null || axes.Length == 0 ? [.. Enumerable.Range(0, x.Rank)] : [.. axes.Select(a => Axis(a, x.Rank))];
        DaskArray<T> result = x;
        foreach (int axis in which)
        {
            long half = x.Shape[axis] / 2;
            result = result.Roll(inverse ? -half : half, axis);
        }

        return result;
    }

    private static DaskArray<Complex> ComplexTransform(DaskArray<Complex> a, int? n, int axis, bool inverse, FftNorm norm, string name)
    {
        ArgumentNullException.ThrowIfNull(a);
        int ax = SingleChunkAxis(a.Chunks, axis, a.Rank, name);
        int points = Points(n ?? (int)a.Shape[ax]);
        return Transformed<Complex>(name, AxisTransforms.Complex, a.Chunks, ax, points, [BlockInput.Aligned(a, a.Rank), BlockInput.Constant(ax), BlockInput.Constant(points), BlockInput.Constant(inverse), BlockInput.Constant((int)norm)]);
    }

    private static DaskArray<Complex> RealToComplexTransform(DaskArray<double> a, int? n, int axis, bool inverse, FftNorm norm, string name)
    {
        ArgumentNullException.ThrowIfNull(a);
        int ax = SingleChunkAxis(a.Chunks, axis, a.Rank, name);
        int points = Points(n ?? (int)a.Shape[ax]);
        return Transformed<Complex>(name, AxisTransforms.RealToComplex, a.Chunks, ax, points, [BlockInput.Aligned(a, a.Rank), BlockInput.Constant(ax), BlockInput.Constant(points), BlockInput.Constant(inverse), BlockInput.Constant((int)norm)]);
    }

    private static DaskArray<TOut> Transformed<TOut>(string name, Graphs.TaskFunction function, Chunks chunks, int axis, int length, BlockInput[] inputs)
        where TOut : unmanaged
    {
        long[][] sizes = [.. Enumerable.Range(0, chunks.Rank).Select(d => d == axis ? new[] { (long)length } : chunks[d].ToArray())];
        return ArrayBuilder.Blockwise<TOut>(name, function, new Chunks(sizes), inputs);
    }

    /// <summary>The axis, normalised, after checking it is one chunk: Dask's rule and its message.</summary>
    private static int SingleChunkAxis(Chunks chunks, int axis, int rank, string name)
    {
        int ax = Axis(axis, rank);
        if (chunks[ax].Count != 1)
        {
            string sizes = "(" + string.Join(", ", chunks[ax].Select(c => c.ToString(CultureInfo.InvariantCulture))) + (chunks[ax].Count == 1 ? ",)" : ")");
            throw new ArgumentException(
                $"Dask array only supports taking an FFT along an axis that has a single chunk. An FFT operation ({name}) was tried on axis {ax} " +
                $"which has chunks {sizes}. To change the array's chunks use Rechunk.");
        }

        return ax;
    }

    private static int Axis(int axis, int rank)
    {
        int ax = axis < 0 ? axis + rank : axis;
        if (ax < 0 || ax >= rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"Axis {axis} is out of bounds for an array of {rank} dimensions.");
        }

        return ax;
    }

    private static int Points(int n) =>
        n >= 1 ? n : throw new ArgumentOutOfRangeException(nameof(n), n, $"Invalid number of FFT data points ({n}) specified.");
}
