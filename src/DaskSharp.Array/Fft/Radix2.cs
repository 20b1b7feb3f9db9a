using System.Collections.Concurrent;
using System.Numerics;

namespace DaskSharp.Arrays.Fourier;

/// <summary>
/// The iterative radix-2 Cooley–Tukey transform, in place, for power-of-two lengths: a bit-reversal
/// permutation, then log2(n) passes of butterflies.
/// </summary>
internal static class Radix2
{
    // A block transforms many lines of one length: the twiddles are computed once per length.
    private static readonly ConcurrentDictionary<int, Complex[]> s_twiddles = new();

    public static bool IsPowerOfTwo(int n) => n > 0 && (n & (n - 1)) == 0;

    /// <summary>X[k] = Σ x[j] e^(−2πi jk/n), overwriting <paramref name="data"/>; its length must be a power of two.</summary>
    public static void Forward(Span<Complex> data)
    {
        int n = data.Length;
        if (!IsPowerOfTwo(n))
        {
            throw new ArgumentException($"The radix-2 transform needs a power-of-two length, not {n}.", nameof(data));
        }

        if (n == 1)
        {
            return;
        }

        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (data[i], data[j]) = (data[j], data[i]);
            }
        }

        // Twiddles from one table of e^(−2πi k/n), each computed directly (no accumulated rounding).
        Complex[] twiddles = s_twiddles.GetOrAdd(n, Twiddles);
        for (int length = 2; length <= n; length <<= 1)
        {
            int half = length >> 1;
            int step = n / length;
            for (int start = 0; start < n; start += length)
            {
                for (int k = 0; k < half; k++)
                {
                    Complex t = twiddles[k * step] * data[start + k + half];
                    Complex u = data[start + k];
                    data[start + k] = u + t;
                    data[start + k + half] = u - t;
                }
            }
        }
    }

    private static Complex[] Twiddles(int n)
    {
        var table = new Complex[n / 2];
        for (int k = 0; k < table.Length; k++)
        {
            (double sin, double cos) = Math.SinCos(-2.0 * Math.PI * k / n);
            table[k] = new Complex(cos, sin);
        }

        return table;
    }
}
