using System.Numerics;

namespace DaskSharp;

/// <summary>The n-dimensional forms: one-dimensional transforms along each axis in turn, every one a single chunk.</summary>
public static partial class Fft
{
    /// <summary>The 2-d DFT over <paramref name="axes"/> (the last two by default), with sizes <paramref name="s"/>.</summary>
    public static DaskArray<Complex> Fft2(DaskArray<Complex> a, int[]? s = null, int[]? axes = null, FftNorm norm = FftNorm.Backward) => Fftn(a, s, axes ?? [-2, -1], norm);

    /// <summary>The 2-d DFT of a real array.</summary>
    public static DaskArray<Complex> Fft2(DaskArray<double> a, int[]? s = null, int[]? axes = null, FftNorm norm = FftNorm.Backward) => Fftn(a, s, axes ?? [-2, -1], norm);

    /// <summary>The 2-d inverse DFT.</summary>
    public static DaskArray<Complex> Ifft2(DaskArray<Complex> a, int[]? s = null, int[]? axes = null, FftNorm norm = FftNorm.Backward) => Ifftn(a, s, axes ?? [-2, -1], norm);

    /// <summary>The 2-d DFT of real input (the last axis halved).</summary>
    public static DaskArray<Complex> Rfft2(DaskArray<double> a, int[]? s = null, int[]? axes = null, FftNorm norm = FftNorm.Backward) => Rfftn(a, s, axes ?? [-2, -1], norm);

    /// <summary>The inverse of <see cref="Rfft2"/>.</summary>
    public static DaskArray<double> Irfft2(DaskArray<Complex> a, int[]? s = null, int[]? axes = null, FftNorm norm = FftNorm.Backward) => Irfftn(a, s, axes ?? [-2, -1], norm);

    /// <summary>The n-d DFT over <paramref name="axes"/> (all, or the last <c>s.Length</c>, by default), each axis cut or padded to <paramref name="s"/>.</summary>
    public static DaskArray<Complex> Fftn(DaskArray<Complex> a, int[]? s = null, int[]? axes = null, FftNorm norm = FftNorm.Backward)
    {
        ArgumentNullException.ThrowIfNull(a);
        (int[] sizes, int[] along) = SizesAndAxes(a.Chunks, a.Rank, s, axes, real: false);
        DaskArray<Complex> result = a;
        for (int i = along.Length - 1; i >= 0; i--)
        {
            result = Forward(result, sizes[i], along[i], norm);
        }

        return result;
    }

    /// <summary>The n-d DFT of a real array.</summary>
    public static DaskArray<Complex> Fftn(DaskArray<double> a, int[]? s = null, int[]? axes = null, FftNorm norm = FftNorm.Backward)
    {
        ArgumentNullException.ThrowIfNull(a);
        (int[] sizes, int[] along) = SizesAndAxes(a.Chunks, a.Rank, s, axes, real: false);
        DaskArray<Complex> result = Forward(a, sizes[^1], along[^1], norm);
        return along.Length == 1 ? result : Fftn(result, sizes[..^1], along[..^1], norm);
    }

    /// <summary>The n-d inverse DFT.</summary>
    public static DaskArray<Complex> Ifftn(DaskArray<Complex> a, int[]? s = null, int[]? axes = null, FftNorm norm = FftNorm.Backward)
    {
        ArgumentNullException.ThrowIfNull(a);
        (int[] sizes, int[] along) = SizesAndAxes(a.Chunks, a.Rank, s, axes, real: false);
        DaskArray<Complex> result = a;
        for (int i = along.Length - 1; i >= 0; i--)
        {
            result = Ifft(result, sizes[i], along[i], norm);
        }

        return result;
    }

    /// <summary>The n-d DFT of real input: <see cref="Rfft"/> along the last of <paramref name="axes"/>, then the full DFT along the others.</summary>
    public static DaskArray<Complex> Rfftn(DaskArray<double> a, int[]? s = null, int[]? axes = null, FftNorm norm = FftNorm.Backward)
    {
        ArgumentNullException.ThrowIfNull(a);
        (int[] sizes, int[] along) = SizesAndAxes(a.Chunks, a.Rank, s, axes, real: false);
        DaskArray<Complex> result = Rfft(a, sizes[^1], along[^1], norm);
        return along.Length == 1 ? result : Fftn(result, sizes[..^1], along[..^1], norm);
    }

    /// <summary>The inverse of <see cref="Rfftn"/>: the inverse DFT along all but the last axis, then <see cref="Irfft"/> (2(m − 1) points by default) along it.</summary>
    public static DaskArray<double> Irfftn(DaskArray<Complex> a, int[]? s = null, int[]? axes = null, FftNorm norm = FftNorm.Backward)
    {
        ArgumentNullException.ThrowIfNull(a);
        (int[] sizes, int[] along) = SizesAndAxes(a.Chunks, a.Rank, s, axes, real: true);
        DaskArray<Complex> result = along.Length == 1 ? a : Ifftn(a, sizes[..^1], along[..^1], norm);
        return Irfft(result, sizes[^1], along[^1], norm);
    }

    /// <summary>
    /// NumPy's defaults for <c>s</c> and <c>axes</c>: all axes, or the last <c>s.Length</c>; the axes'
    /// lengths, except the last of an inverse real transform, 2(m − 1). Every axis must be one chunk.
    /// </summary>
    private static (int[] Sizes, int[] Axes) SizesAndAxes(Chunks chunks, int rank, int[]? s, int[]? axes, bool real)
    {
        int[] along = axes is not null ? [.. axes.Select(a => Axis(a, rank))]
            : s is not null ? [.. Enumerable.Range(rank - s.Length, s.Length)]
            : [.. Enumerable.Range(0, rank)];
        if (along.Length == 0)
        {
            throw new ArgumentException("An n-dimensional FFT needs at least one axis.", nameof(axes));
        }

        if (along.Any(a => a < 0) || along.Distinct().Count() != along.Length)
        {
            throw new ArgumentException($"The FFT axes ({string.Join(", ", axes ?? [])}) must be distinct axes of an array of {rank} dimensions.", nameof(axes));
        }

        if (s is not null && s.Length != along.Length)
        {
            throw new ArgumentException($"The shape s has {s.Length} sizes for {along.Length} axes; give one per axis.", nameof(s));
        }

        foreach (int a in along)
        {
            SingleChunkAxis(chunks, a, rank, "fftn");
        }

        long[] shape = chunks.Shape;
        int[] sizes = s is not null ? [.. s] : [.. along.Select(a => (int)shape[a])];
        if (s is null && real)
        {
            sizes[^1] = 2 * ((int)shape[along[^1]] - 1);
        }

        return (sizes, along);
    }
}
