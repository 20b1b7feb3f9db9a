namespace DaskSharp.DataFrames.Datasets;

/// <summary>
/// Poisson(λ) by inversion of its distribution function with a guide table (Chen and Asau's
/// indexed search): one uniform draw and on average under two comparisons a sample. Exact to the
/// double precision of the tabulated probabilities; outcomes with probability under 1e-18 (more
/// than about 9 standard deviations out) are left out.
/// </summary>
internal sealed class PoissonTable
{
    private const int GuideSize = 1024;
    private readonly long _first;
    private readonly double[] _cdf;
    private readonly int[] _guide = new int[GuideSize];

    public PoissonTable(double lambda)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lambda);
        long mode = (long)Math.Floor(lambda);
        double logMode = (mode * Math.Log(lambda)) - lambda - LogFactorial(mode);

        // Walk out from the mode both ways by P(k-1) = P(k) k / λ and P(k+1) = P(k) λ / (k+1), while the probabilities matter.
        double pMode = Math.Exp(logMode);
        var below = new List<double>();
        double p = pMode;
        for (long k = mode; k > 0 && (p = p * k / lambda) >= 1e-18; k--)
        {
            below.Add(p);
        }

        var above = new List<double>();
        p = pMode;
        for (long k = mode; (p = p * lambda / (k + 1)) >= 1e-18; k++)
        {
            above.Add(p);
        }

        _first = mode - below.Count;
        below.Reverse();
        double[] pmf = [.. below, pMode, .. above];
        _cdf = new double[pmf.Length];
        double total = 0;
        for (int i = 0; i < pmf.Length; i++)
        {
            total += pmf[i];
            _cdf[i] = total;
        }

        for (int i = 0; i < _cdf.Length; i++)
        {
            _cdf[i] /= total; // the tails left out are renormalised away
        }

        _cdf[^1] = 1.0;
        int at = 0;
        for (int g = 0; g < GuideSize; g++)
        {
            while (_cdf[at] < (double)g / GuideSize)
            {
                at++;
            }

            _guide[g] = at;
        }
    }

    /// <summary>A sample from the uniform <paramref name="u"/> on [0, 1).</summary>
    public long Sample(double u)
    {
        int i = _guide[(int)(u * GuideSize)];
        while (_cdf[i] <= u)
        {
            i++;
        }

        return _first + i;
    }

    private static double LogFactorial(long n)
    {
        if (n < 2)
        {
            return 0;
        }

        if (n < 64)
        {
            double s = 0;
            for (long i = 2; i <= n; i++)
            {
                s += Math.Log(i);
            }

            return s;
        }

        // Stirling's series, accurate to about 1e-15 relative for n >= 64.
        double x = n + 1.0, x2 = 1 / (x * x);
        return ((x - 0.5) * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI)) + (1 / x * ((1.0 / 12) - (x2 * ((1.0 / 360) - (x2 / 1260)))));
    }
}
