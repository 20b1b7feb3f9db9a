namespace DaskSharp.DataFrames.Datasets;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64: fast, and the same numbers on
/// every machine, so a generated partition is the same wherever its task runs.
/// </summary>
internal struct Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;

    public Xoshiro256(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong Next()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on [0, n).</summary>
    public int NextInt(int n) => (int)((Next() >> 32) * (ulong)n >> 32);

    /// <summary>
    /// Poisson(λ) for a large mean λ by Hörmann's transformed rejection
    /// with squeeze (PTRS, 1993), numpy's method for means of 10 and more.
    /// </summary>
    public long Poisson(in PoissonConstants c)
    {
        (double lambda, double loglam, double b, double a, double invalpha, double vr) = (c.Lambda, c.LogLambda, c.B, c.A, c.InvAlpha, c.Vr);
        while (true)
        {
            double u = NextDouble() - 0.5;
            double v = NextDouble();
            double us = 0.5 - Math.Abs(u);
            long k = (long)Math.Floor(((2 * a / us) + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return k;
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (Math.Log(v) + Math.Log(invalpha) - Math.Log(a / (us * us) + b) <= -lambda + k * loglam - LogGamma(k + 1))
            {
                return k;
            }
        }
    }

    // Stirling's series; exact enough for PTRS's acceptance test at the means used here.
    private static double LogGamma(double x)
    {
        if (x < 7)
        {
            double r = 1;
            while (x < 7)
            {
                r *= x;
                x += 1;
            }

            return LogGamma(x) - Math.Log(r);
        }

        double x2 = 1 / (x * x);
        return ((x - 0.5) * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI))
            + (1 / x * (1.0 / 12 - x2 * (1.0 / 360 - x2 * (1.0 / 1260 - x2 / 1680))));
    }
}

/// <summary>PTRS's constants for one mean.</summary>
internal readonly record struct PoissonConstants(double Lambda, double LogLambda, double B, double A, double InvAlpha, double Vr)
{
    public static PoissonConstants For(double lambda)
    {
        double slam = Math.Sqrt(lambda);
        double b = 0.931 + (2.53 * slam);
        return new(lambda, Math.Log(lambda), b, -0.059 + (0.02483 * b), 1.1239 + (1.1328 / (b - 3.4)), 0.9277 - (3.6224 / (b - 2)));
    }
}
