using System.Collections.Concurrent;
using System.Numerics;

namespace DaskSharp.Arrays.Fourier;

/// <summary>
/// Bluestein's chirp-z transform: a DFT of any length n as a circular convolution of power-of-two
/// length m ≥ 2n − 1, through <see cref="Radix2"/>, using jk = (j² + k² − (k − j)²)/2.
/// </summary>
internal static class Bluestein
{
    // Per length: the chirp and the transform of its conjugate, the same for every line of a block.
    private static readonly ConcurrentDictionary<int, (Complex[] Chirp, Complex[] Kernel)> s_plans = new();

    /// <summary>X[k] = Σ x[j] e^(−2πi jk/n), overwriting <paramref name="data"/>, for any length.</summary>
    public static void Forward(Span<Complex> data)
    {
        int n = data.Length;
        if (n <= 1)
        {
            return;
        }

        (Complex[] chirp, Complex[] b) = s_plans.GetOrAdd(n, Plan);
        var a = new Complex[b.Length];
        for (int k = 0; k < n; k++)
        {
            a[k] = data[k] * chirp[k];
        }

        Radix2.Forward(a);
        int m = a.Length;
        for (int i = 0; i < m; i++)
        {
            a[i] *= b[i];
        }

        // The inverse transform of the product: conj(FFT(conj(·)))/m.
        for (int i = 0; i < m; i++)
        {
            a[i] = Complex.Conjugate(a[i]);
        }

        Radix2.Forward(a);
        for (int k = 0; k < n; k++)
        {
            data[k] = chirp[k] * Complex.Conjugate(a[k]) / m;
        }
    }

    /// <summary>The chirp of length n and the radix-2 transform of its conjugate, laid out circularly in the power-of-two length m ≥ 2n − 1.</summary>
    private static (Complex[] Chirp, Complex[] Kernel) Plan(int n)
    {
        int m = 1;
        while (m < 2 * n - 1)
        {
            m <<= 1;
        }

        Complex[] chirp = Chirp(n);
        var b = new Complex[m];
        for (int k = 0; k < n; k++)
        {
            Complex c = Complex.Conjugate(chirp[k]);
            b[k] = c;
            if (k > 0)
            {
                b[m - k] = c;
            }
        }

        Radix2.Forward(b);
        return (chirp, b);
    }

    /// <summary>e^(−πi k²/n), with k² reduced mod 2n first so large k keep full precision.</summary>
    private static Complex[] Chirp(int n)
    {
        var chirp = new Complex[n];
        long period = 2L * n;
        for (int k = 0; k < n; k++)
        {
            long square = (long)k * k % period;
            (double sin, double cos) = Math.SinCos(-Math.PI * square / n);
            chirp[k] = new Complex(cos, sin);
        }

        return chirp;
    }
}
