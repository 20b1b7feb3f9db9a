using System.Numerics;
using DaskSharp.Graphs;

namespace DaskSharp.Arrays.Fourier;

/// <summary>
/// The per-block transforms: every line of a block along one axis (the whole axis, one chunk)
/// transformed to <c>n</c> points, the input cut or zero-padded to the length the transform reads.
/// Static functions of plain arguments, so they ship to worker processes by reference.
/// </summary>
internal static class AxisTransforms
{
    public static readonly TaskFunction Complex = TaskFunction.From((NDArray<Complex> block, int axis, int n, bool inverse, int norm) =>
        Lines<Complex, Complex>(block, axis, n, n, (line, output) => ComplexLine(line, output, inverse, (FftNorm)norm))).AsKernel();

    public static readonly TaskFunction RealToComplex = TaskFunction.From((NDArray<double> block, int axis, int n, bool inverse, int norm) =>
        Lines<double, Complex>(block, axis, n, n, (line, output) => RealLine(line, output, inverse, (FftNorm)norm))).AsKernel();

    public static readonly TaskFunction Rfft = TaskFunction.From((NDArray<double> block, int axis, int n, int norm) =>
        Lines<double, Complex>(block, axis, n, n / 2 + 1, (line, output) => FftKernels.RealForward(line, output, (FftNorm)norm))).AsKernel();

    public static readonly TaskFunction Irfft = TaskFunction.From((NDArray<Complex> block, int axis, int n, int norm) =>
        Lines<Complex, double>(block, axis, n / 2 + 1, n, (line, output) => FftKernels.RealInverse(line, output, (FftNorm)norm))).AsKernel();

    // NumPy's Hermitian pair: hfft(a) = irfft(conj(a)) and ihfft(x) = conj(rfft(x)), with the forward and inverse scalings swapped.
    public static readonly TaskFunction Hfft = TaskFunction.From((NDArray<Complex> block, int axis, int n, int norm) =>
        Lines<Complex, double>(block, axis, n / 2 + 1, n, (line, output) => HermitianLine(line, output, Swapped((FftNorm)norm)))).AsKernel();

    public static readonly TaskFunction Ihfft = TaskFunction.From((NDArray<double> block, int axis, int n, int norm) =>
        Lines<double, Complex>(block, axis, n, n / 2 + 1, (line, output) => InverseHermitianLine(line, output, Swapped((FftNorm)norm)))).AsKernel();

    private delegate void LineTransform<TIn, TOut>(ReadOnlySpan<TIn> line, Span<TOut> output);

    private static void ComplexLine(ReadOnlySpan<Complex> line, Span<Complex> output, bool inverse, FftNorm norm)
    {
        line.CopyTo(output);
        Transform(output, inverse, norm);
    }

    private static void RealLine(ReadOnlySpan<double> line, Span<Complex> output, bool inverse, FftNorm norm)
    {
        for (int i = 0; i < line.Length; i++)
        {
            output[i] = line[i];
        }

        Transform(output, inverse, norm);
    }

    private static FftNorm Swapped(FftNorm norm) => norm switch { FftNorm.Backward => FftNorm.Forward, FftNorm.Forward => FftNorm.Backward, _ => norm };

    private static void HermitianLine(ReadOnlySpan<Complex> line, Span<double> output, FftNorm norm)
    {
        var conjugated = new Complex[line.Length];
        for (int i = 0; i < line.Length; i++)
        {
            conjugated[i] = System.Numerics.Complex.Conjugate(line[i]);
        }

        FftKernels.RealInverse(conjugated, output, norm);
    }

    private static void InverseHermitianLine(ReadOnlySpan<double> line, Span<Complex> output, FftNorm norm)
    {
        FftKernels.RealForward(line, output, norm);
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = System.Numerics.Complex.Conjugate(output[i]);
        }
    }

    private static void Transform(Span<Complex> data, bool inverse, FftNorm norm)
    {
        if (inverse)
        {
            FftKernels.Inverse(data, norm);
        }
        else
        {
            FftKernels.Forward(data, norm);
        }
    }

    /// <summary>
    /// Applies <paramref name="transform"/> to every line along <paramref name="axis"/>: each reads the
    /// first <paramref name="read"/> values of the line (zeros past its end) and writes
    /// <paramref name="write"/> values into the output's line.
    /// </summary>
    private static NDArray<TOut> Lines<TIn, TOut>(NDArray<TIn> block, int axis, int read, int write, LineTransform<TIn, TOut> transform)
        where TIn : unmanaged
        where TOut : unmanaged
    {
        NDArray<TIn> input = block.AsContiguous();
        int[] shape = input.Shape.ToArray();
        int length = shape[axis];
        int outer = shape[..axis].Aggregate(1, (a, b) => a * b);
        int inner = shape[(axis + 1)..].Aggregate(1, (a, b) => a * b);
        int[] outShape = [.. shape];
        outShape[axis] = write;
        var output = new NDArray<TOut>(outShape);
        ReadOnlySpan<TIn> source = input.AsSpan();
        Span<TOut> destination = output.AsSpan();
        var line = new TIn[read];
        var result = new TOut[write];
        int copied = Math.Min(read, length);
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int from = o * length * inner + i;
                for (int k = 0; k < copied; k++)
                {
                    line[k] = source[from + k * inner];
                }

                transform(line, result);
                int to = o * write * inner + i;
                for (int k = 0; k < write; k++)
                {
                    destination[to + k * inner] = result[k];
                }
            }
        }

        return output;
    }
}
