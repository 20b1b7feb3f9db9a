using System.Numerics;

namespace DaskSharp.Arrays.Fourier;

/// <summary>
/// Bluestein's chirp-z transform: a DFT of any length n as a circular convolution of power-of-two
/// length m ≥ 2n − 1, through <see cref="Radix2"/>, using jk = (j² + k² − (k − j)²)/2.
/// </summary>
internal static class Bluestein
{
    /// <summary>X[k] = Σ x[j] e^(−2πi jk/n), overwriting <paramref name="data"/>, for any length.</summary>
    public static void Forward(Span<Complex> data)
    {
        int n = data.Length;
        if (n <= 1)
        {
            return;
        }

        int m = 1;
        while (m < 2 * n - 1)
        {
            m <<= 1;
        }

        Complex[] chirp = Chirp(n);
        var a = new Complex[m];
        var b = new Complex[m];
        for (int k = 0; k < n; k++)
        {
            a[k] = data[k] * chirp[k];
            Complex c = Complex.Conjugate(chirp[k]);
            b[k] = c;
            if (k > 0)
            {
                b[m - k] = c;
            }
        }

        Radix2.Forward(a);
        Radix2.Forward(b);
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
