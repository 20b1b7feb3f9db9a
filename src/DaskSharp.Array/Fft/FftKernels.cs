using System.Numerics;

namespace DaskSharp.Arrays.Fourier;

/// <summary>
/// One-dimensional transforms of any length, as NumPy's <c>numpy.fft</c>: complex forward and inverse,
/// and the real-input forms (<c>rfft</c>, the non-negative half of the spectrum, and <c>irfft</c>).
/// </summary>
internal static class FftKernels
{
    /// <summary>The forward DFT in place: radix-2 for powers of two, Bluestein otherwise.</summary>
    public static void Forward(Span<Complex> data, FftNorm norm = FftNorm.Backward)
    {
        if (Radix2.IsPowerOfTwo(data.Length))
        {
            Radix2.Forward(data);
        }
        else
        {
            Bluestein.Forward(data);
        }

        Scale(data, norm switch { FftNorm.Ortho => 1 / Math.Sqrt(data.Length), FftNorm.Forward => 1.0 / data.Length, _ => 1 });
    }

    /// <summary>The inverse DFT in place, x[j] = (1/n) Σ X[k] e^(2πi jk/n) under the default norm: conj(DFT(conj(X))).</summary>
    public static void Inverse(Span<Complex> data, FftNorm norm = FftNorm.Backward)
    {
        Conjugate(data);
        Forward(data, FftNorm.Backward);
        Conjugate(data);
        Scale(data, norm switch { FftNorm.Ortho => 1 / Math.Sqrt(data.Length), FftNorm.Backward => 1.0 / data.Length, _ => 1 });
    }

    /// <summary>The first n/2 + 1 terms of the DFT of real <paramref name="x"/> (the rest are their conjugates).</summary>
    public static void RealForward(ReadOnlySpan<double> x, Span<Complex> destination, FftNorm norm = FftNorm.Backward)
    {
        if (destination.Length != x.Length / 2 + 1)
        {
            throw new ArgumentException($"The real transform of {x.Length} values has {x.Length / 2 + 1} terms, not {destination.Length}.", nameof(destination));
        }

        var full = new Complex[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            full[i] = x[i];
        }

        Forward(full, norm);
        full.AsSpan(0, destination.Length).CopyTo(destination);
    }

    /// <summary>
    /// The n real values whose spectrum starts with <paramref name="spectrum"/>: its first n/2 + 1 terms
    /// (zeros past its end) with the rest their conjugates; as NumPy, the imaginary parts of the zero
    /// and (even n) Nyquist terms are ignored.
    /// </summary>
    public static void RealInverse(ReadOnlySpan<Complex> spectrum, Span<double> destination, FftNorm norm = FftNorm.Backward)
    {
        int n = destination.Length;
        if (n < 1)
        {
            throw new ArgumentException($"Invalid number of FFT data points ({n}) specified.", nameof(destination));
        }

        var full = new Complex[n];
        int half = n / 2 + 1;
        for (int k = 0; k < half && k < spectrum.Length; k++)
        {
            full[k] = spectrum[k];
        }

        for (int k = 1; k < half; k++)
        {
            if (n - k >= half)
            {
                full[n - k] = Complex.Conjugate(full[k]);
            }
        }

        Inverse(full, norm);
        for (int i = 0; i < n; i++)
        {
            destination[i] = full[i].Real;
        }
    }

    private static void Conjugate(Span<Complex> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = Complex.Conjugate(data[i]);
        }
    }

    private static void Scale(Span<Complex> data, double factor)
    {
        if (factor != 1)
        {
            for (int i = 0; i < data.Length; i++)
            {
                data[i] *= factor;
            }
        }
    }
}
