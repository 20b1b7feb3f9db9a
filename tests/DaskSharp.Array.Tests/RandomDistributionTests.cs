namespace DaskSharp.Array.Tests;

/// <summary>
/// The distributions are the generator's uniform draws through their inverse distribution functions:
/// each equals, bit for bit, the formula applied to the uniform array of a generator with the same
/// seed (fused evaluation included), and their sample moments are the distribution's.
/// </summary>
public sealed class RandomDistributionTests
{
    private const int Seed = 123;

    private static readonly Shape s_shape = (300, 200);

    private static NDArray<double> Uniform() => Da.Random.DefaultRng(Seed).Random(s_shape, chunks: (70, 90)).Compute();

    private static RandomGenerator Rng => Da.Random.DefaultRng(Seed);

    public static TheoryData<string> Names => ["Exponential", "Gumbel", "Laplace", "Logistic", "Pareto", "Power", "Rayleigh", "Weibull", "StandardCauchy", "Triangular", "StandardExponential"];

    [Theory]
    [MemberData(nameof(Names))]
    public void Distribution_IsTheInverseDistributionFunctionOfTheUniformDraws(string name)
    {
        double[] u = Uniform().ToArray();
        var (lazy, inverse) = Of(name);
        double[] actual = lazy.Compute().ToArray();
        Assert.Equal(u.Length, actual.Length);
        for (int i = 0; i < u.Length; i++)
        {
            double expected = inverse(u[i]);
            Assert.True(expected.Equals(actual[i]), $"{name}: element {i} (u = {u[i]:R}) is {actual[i]:R}, the inverse distribution function gives {expected:R}");
        }
    }

    [Fact]
    public void SampleMoments_AreTheDistributions()
    {
        Assert.Equal(2.0, Rng.Exponential(2.0, 200_000, chunks: 30_000).Mean().Compute(), 1);
        Assert.Equal(0.0, Rng.Laplace(0, 1, 200_000, chunks: 30_000).Mean().Compute(), 1);
        Assert.Equal(2.0, Rng.Laplace(0, 1, 200_000, chunks: 30_000).Var().Compute(), 1); // 2·scale²
        Assert.Equal(1.0 / 0.3, Rng.Geometric(0.3, 200_000, chunks: 30_000).Mean().Compute(), 1);
        Assert.Equal(2.0 / 3.0, Rng.Power(2.0, 200_000, chunks: 30_000).Mean().Compute(), 2); // density 2x on [0, 1]
        Assert.Equal(Math.Sqrt(Math.PI / 2), Rng.Rayleigh(1, 200_000, chunks: 30_000).Mean().Compute(), 2);
        Assert.Equal(Math.Exp(0.5), Rng.LogNormal(0, 1, 200_000, chunks: 30_000).Mean().Compute(), 1);
        Assert.Equal(1.0, Rng.StandardNormal(200_000, chunks: 30_000).Std().Compute(), 1);
        long[] ints = Rng.RandomIntegers(3, 5, 10_000, chunks: 999).Compute().ToArray();
        Assert.Equal([3L, 4, 5], ints.Distinct().Order());
        Assert.Equal(2.0, Rng.Triangular(0, 3, 3, 200_000, chunks: 30_000).Mean().Compute(), 1);
    }

    [Fact]
    public void Seed_RestartsTheGeneratorAsDefaultRngOfThatSeed()
    {
        RandomGenerator g = Da.Random.DefaultRng(1);
        _ = g.Random(10).Compute();
        g.Seed(42);
        RandomGenerator fresh = Da.Random.DefaultRng(42);
        Assert.Equal(fresh.Random(20, chunks: 7).Compute().ToArray(), g.Random(20, chunks: 7).Compute().ToArray());
        Assert.Equal(fresh.Integers(0, 9, 20, chunks: 7).Compute().ToArray(), g.Integers(0, 9, 20, chunks: 7).Compute().ToArray());
    }

    [Fact]
    public void Permutation_AndChoiceWithoutReplacement_TakeEachValueOnce()
    {
        long[] permutation = Rng.Permutation(50).Compute().ToArray();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), permutation.Order());
        Assert.NotEqual(Enumerable.Range(0, 50).Select(i => (long)i), permutation);
        long[] choice = Rng.Choice(30, 12, replace: false, chunks: 5).Compute().ToArray();
        Assert.Equal(12, choice.Distinct().Count());
        Assert.All(choice, c => Assert.InRange(c, 0, 29));
        long[] withReplacement = Rng.Choice(3, 1000, chunks: 300).Compute().ToArray();
        Assert.Equal([0L, 1, 2], withReplacement.Distinct().Order());
        Assert.StartsWith("Cannot take 5 samples from 3 without replacement.", Assert.Throws<ArgumentException>(() => Rng.Choice(3, 5, replace: false)).Message);
    }

    [Fact]
    public void BadParameters_SayWhichIsWrong()
    {
        Assert.Equal("a", Assert.Throws<ArgumentOutOfRangeException>(() => Rng.Pareto(0, 10)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => Rng.Geometric(1.5, 10)).ParamName);
        Assert.StartsWith("Triangular needs left <= mode <= right", Assert.Throws<ArgumentException>(() => Rng.Triangular(0, 5, 3, 10)).Message);
    }

    private static (DaskArray<double> Lazy, Func<double, double> Inverse) Of(string name)
    {
        ChunkSpec chunks = (70, 90);
        return name switch
        {
            "StandardExponential" => (Rng.StandardExponential(s_shape, chunks), u => -Math.Log(1.0 - u)),
            "Exponential" => (Rng.Exponential(2.5, s_shape, chunks), u => -Math.Log(1.0 - u) * 2.5),
            "Gumbel" => (Rng.Gumbel(1, 2, s_shape, chunks), u => 1 - (Math.Log(-Math.Log(1.0 - u)) * 2)),
            "Laplace" => (Rng.Laplace(1, 2, s_shape, chunks), u => u < 0.5 ? 1 + (Math.Log(u * 2.0) * 2) : 1 - (Math.Log((1.0 - u) * 2.0) * 2)),
            "Logistic" => (Rng.Logistic(1, 2, s_shape, chunks), u => 1 + (Math.Log(u / (1.0 - u)) * 2)),
            "Pareto" => (Rng.Pareto(3, s_shape, chunks), u => Math.Exp(-Math.Log(1.0 - u) / 3) - 1.0),
            "Power" => (Rng.Power(3, s_shape, chunks), u => Math.Pow(1.0 - Math.Exp(Math.Log(1.0 - u)), 1.0 / 3)),
            "Rayleigh" => (Rng.Rayleigh(2, s_shape, chunks), u => Math.Sqrt(-Math.Log(1.0 - u) * 2.0) * 2),
            "Weibull" => (Rng.Weibull(1.5, s_shape, chunks), u => Math.Pow(-Math.Log(1.0 - u), 1 / 1.5)),
            "StandardCauchy" => (Rng.StandardCauchy(s_shape, chunks), u => Math.Tan((u - 0.5) * Math.PI)),
            "Triangular" => (Rng.Triangular(0, 1, 4, s_shape, chunks), u => u < 0.25 ? 0 + Math.Sqrt(u * (4.0 * 1.0)) : 4 - Math.Sqrt((1.0 - u) * (4.0 * 3.0))),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }
}
