using DaskSharp.DataFrames.Datasets;

namespace DaskSharp.DataFrame.Tests;

/// <summary>The Timeseries id column's Poisson sampler has the distribution it claims.</summary>
public sealed class PoissonTableTests
{
    [Theory]
    [InlineData(1000.0)]
    [InlineData(3.0)]
    public void Samples_HaveThePoissonMeanAndVariance(double lambda)
    {
        var table = new PoissonTable(lambda);
        var rng = new Xoshiro256(42);
        const int n = 200_000;
        var samples = new long[n];
        for (int i = 0; i < n; i++)
        {
            samples[i] = table.Sample(rng.NextDouble());
        }

        double mean = samples.Average();
        double variance = samples.Sum(s => (s - mean) * (s - mean)) / (n - 1);
        double standardError = Math.Sqrt(lambda / n);
        Assert.InRange(mean, lambda - (6 * standardError), lambda + (6 * standardError));
        Assert.InRange(variance, lambda * 0.97, lambda * 1.03);
    }

    [Fact]
    public void SmallOutcomes_ComeAsOftenAsTheirProbability()
    {
        var table = new PoissonTable(3.0);
        Assert.Equal(0, table.Sample(0.0));                          // P(0) = e^-3 = 0.0498
        Assert.Equal(0, table.Sample(0.0497));
        Assert.Equal(1, table.Sample(0.0499));
        Assert.Equal(1, table.Sample(0.1990));                       // P(≤1) = 4 e^-3 = 0.1991
        Assert.Equal(2, table.Sample(0.1992));
        Assert.True(table.Sample(0.999999999) < 20, "the tail is cut where the probabilities stop mattering");
    }
}
