using DaskSharp.Arrays;

namespace DaskSharp;

// Dask's distributions as transforms of the generator's uniform blocks (inverse distribution
// functions), so they are elementwise expressions that fuse with the draw and, like it, do not
// depend on scheduler, threads or workers. Values differ from NumPy's generators (as the uniform
// ones do); the distributions are the same.
public sealed partial class RandomGenerator
{
    /// <summary>Exponential with scale 1: −log(1 − U).</summary>
    public DaskArray<double> StandardExponential(Shape shape, ChunkSpec? chunks = null) => StandardExponentialOf(Random(shape, chunks));

    /// <summary>Exponential with the given scale (the mean).</summary>
    public DaskArray<double> Exponential(double scale, Shape shape, ChunkSpec? chunks = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        return StandardExponential(shape, chunks) * scale;
    }

    /// <summary>Standard normal values (mean 0, standard deviation 1).</summary>
    public DaskArray<double> StandardNormal(Shape shape, ChunkSpec? chunks = null) => Normal(0, 1, shape, chunks);

    /// <summary>Log-normal: exp of a normal with the given mean and standard deviation.</summary>
    public DaskArray<double> LogNormal(double mean, double sigma, Shape shape, ChunkSpec? chunks = null) => Normal(mean, sigma, shape, chunks).Exp();

    /// <summary>Gumbel (extreme value type I): loc − scale·log(E), E standard exponential (= −log(1 − U)).</summary>
    public DaskArray<double> Gumbel(double loc, double scale, Shape shape, ChunkSpec? chunks = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        return loc - (StandardExponential(shape, chunks).Log() * scale);
    }

    /// <summary>Laplace (double exponential) with the given location and scale.</summary>
    public DaskArray<double> Laplace(double loc, double scale, Shape shape, ChunkSpec? chunks = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        DaskArray<double> u = Random(shape, chunks);
        DaskArray<double> low = loc + ((u * 2.0).Log() * scale);
        DaskArray<double> high = loc - (((1.0 - u) * 2.0).Log() * scale);
        return Da.Where(u < 0.5, low, high);
    }

    /// <summary>Logistic with the given location and scale: loc + scale·log(U / (1 − U)).</summary>
    public DaskArray<double> Logistic(double loc, double scale, Shape shape, ChunkSpec? chunks = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        DaskArray<double> u = Random(shape, chunks);
        return loc + ((u / (1.0 - u)).Log() * scale);
    }

    /// <summary>Pareto II (Lomax) with shape <paramref name="a"/>, as NumPy's <c>pareto</c>: exp(E / a) − 1.</summary>
    public DaskArray<double> Pareto(double a, Shape shape, ChunkSpec? chunks = null)
    {
        RequirePositive(a, nameof(a));
        return (StandardExponential(shape, chunks) / a).Exp() - 1.0;
    }

    /// <summary>The power distribution with exponent <paramref name="a"/> − 1 on [0, 1]: (1 − exp(−E))^(1/a).</summary>
    public DaskArray<double> Power(double a, Shape shape, ChunkSpec? chunks = null)
    {
        RequirePositive(a, nameof(a));
        return (1.0 - (-StandardExponential(shape, chunks)).Exp()).Power(1 / a);
    }

    /// <summary>Rayleigh with the given scale: scale·√(2E).</summary>
    public DaskArray<double> Rayleigh(double scale, Shape shape, ChunkSpec? chunks = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        return (StandardExponential(shape, chunks) * 2.0).Sqrt() * scale;
    }

    /// <summary>Weibull with shape <paramref name="a"/>: E^(1/a).</summary>
    public DaskArray<double> Weibull(double a, Shape shape, ChunkSpec? chunks = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        return a == 0 ? Da.Zeros<double>(shape, chunks) : StandardExponential(shape, chunks).Power(1 / a);
    }

    /// <summary>Standard Cauchy (Lorentz): tan(π(U − ½)).</summary>
    public DaskArray<double> StandardCauchy(Shape shape, ChunkSpec? chunks = null) => ((Random(shape, chunks) - 0.5) * Math.PI).Tan();

    /// <summary>Triangular on [left, right] with its peak at <paramref name="mode"/>, by the inverse distribution function.</summary>
    public DaskArray<double> Triangular(double left, double mode, double right, Shape shape, ChunkSpec? chunks = null)
    {
        if (!(left <= mode && mode <= right && left < right))
        {
            throw new ArgumentException($"Triangular needs left <= mode <= right and left < right, not ({left}, {mode}, {right}).", nameof(mode));
        }

        DaskArray<double> u = Random(shape, chunks);
        double cut = (mode - left) / (right - left);
        DaskArray<double> rising = left + (u * ((right - left) * (mode - left))).Sqrt();
        DaskArray<double> falling = right - ((1.0 - u) * ((right - left) * (right - mode))).Sqrt();
        return Da.Where(u < cut, rising, falling);
    }

    /// <summary>Geometric: the number of trials up to the first success of probability <paramref name="p"/> (at least 1).</summary>
    public DaskArray<long> Geometric(double p, Shape shape, ChunkSpec? chunks = null)
    {
        if (!(p > 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), $"p must be in (0, 1], not {p}.");
        }

        return p == 1
            ? Da.Ones<long>(shape, chunks)
            : ((StandardExponential(shape, chunks) / -Math.Log(1 - p)).Floor() + 1.0).AsType<long>();
    }

    /// <summary>Integers in [<paramref name="low"/>, <paramref name="high"/>], both included (NumPy's deprecated <c>random_integers</c>).</summary>
    public DaskArray<long> RandomIntegers(long low, long high, Shape shape, ChunkSpec? chunks = null) => Integers(low, high + 1, shape, chunks);

    /// <summary>A random ordering of 0 … n − 1 (NumPy's <c>permutation(n)</c>): the order that sorts n uniform draws, in one chunk.</summary>
    public DaskArray<long> Permutation(long n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return Random(n, chunks: n).ArgTopK((int)-n);
    }

    /// <summary>
    /// <paramref name="size"/> draws from 0 … n − 1 (NumPy's <c>choice(n, size, replace)</c>): independent
    /// uniform integers with replacement, the start of a permutation without.
    /// </summary>
    public DaskArray<long> Choice(long n, long size, bool replace = true, ChunkSpec? chunks = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (replace)
        {
            return Integers(0, n, size, chunks);
        }

        return size <= n
            ? Permutation(n)[SliceIndex.Slice(0, size)].Rechunk(chunks ?? "auto")
            : throw new ArgumentException($"Cannot take {size} samples from {n} without replacement.", nameof(size));
    }

    private static DaskArray<double> StandardExponentialOf(DaskArray<double> u) => -(1.0 - u).Log();

    private static void RequirePositive(double value, string name)
    {
        if (!(value > 0))
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be positive, not {value}.");
        }
    }
}
