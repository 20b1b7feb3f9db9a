using DaskSharp.Distributed.Working.Spill;

namespace DaskSharp.Distributed.Tests;

/// <summary>The choice between dropping a result to recompute it and spilling it, on exact rates (powers of two where they are compared for equality).</summary>
public sealed class RecomputeOrSpillTests
{
    [Fact]
    public void Rates_BeforeAnyMeasurement_AreTheAssumedOnes()
    {
        var choice = new RecomputeOrSpill();
        Assert.Equal(1 / 500e6, choice.WriteSecondsPerByte);
        Assert.Equal(1 / 1e9, choice.ReadSecondsPerByte);
        Assert.False(choice.TryGetComputeSecondsPerByte("never", out double compute));
        Assert.True(double.IsNaN(compute));
    }

    [Fact]
    public void ShouldRecompute_OfAPrefixNeverMeasured_IsFalse()
    {
        var choice = new RecomputeOrSpill();
        choice.RecordCompute("other", seconds: 0, nbytes: 1000);
        Assert.False(choice.ShouldRecompute("never"));
    }

    [Fact]
    public void ShouldRecompute_AgainstTheAssumedRates_ComparesComputeWithWritePlusRead()
    {
        var choice = new RecomputeOrSpill();
        choice.RecordCompute("fast", seconds: 1, nbytes: 1_000_000_000); // 1 ns a byte < 2 + 1
        choice.RecordCompute("slow", seconds: 4, nbytes: 1_000_000_000); // 4 ns a byte > 2 + 1
        Assert.True(choice.ShouldRecompute("fast"));
        Assert.False(choice.ShouldRecompute("slow"));
    }

    [Fact]
    public void ShouldRecompute_AfterAMeasuredWrite_UsesTheMeasuredRate()
    {
        var choice = new RecomputeOrSpill();
        choice.RecordCompute("slow", seconds: 4, nbytes: 1_000_000_000);
        choice.RecordWrite(nbytes: 1_000_000_000, seconds: 4); // a slow disk: 4 ns a byte
        Assert.Equal(4e-9, choice.WriteSecondsPerByte);
        Assert.Equal(1e-9, choice.ReadSecondsPerByte); // still assumed
        Assert.True(choice.ShouldRecompute("slow"));
    }

    [Fact]
    public void ShouldRecompute_AtEqualCost_IsFalse()
    {
        var choice = new RecomputeOrSpill();
        choice.RecordWrite(nbytes: 4, seconds: 2); // 0.5 s a byte
        choice.RecordRead(nbytes: 4, seconds: 1); // 0.25 s a byte
        choice.RecordCompute("even", seconds: 3, nbytes: 4); // 0.75 s a byte
        Assert.False(choice.ShouldRecompute("even"));
        choice.RecordCompute("even", seconds: 0, nbytes: 4); // now 3 s over 8 bytes
        Assert.True(choice.ShouldRecompute("even"));
    }

    [Fact]
    public void Rates_AreByteWeightedMeans()
    {
        var choice = new RecomputeOrSpill();
        choice.RecordCompute("p", seconds: 1, nbytes: 1);
        choice.RecordCompute("p", seconds: 1, nbytes: 1023);
        Assert.True(choice.TryGetComputeSecondsPerByte("p", out double compute));
        Assert.Equal(2.0 / 1024, compute);

        choice.RecordRead(nbytes: 256, seconds: 1);
        choice.RecordRead(nbytes: 768, seconds: 3);
        Assert.Equal(4.0 / 1024, choice.ReadSecondsPerByte);
    }

    [Theory]
    [InlineData(1.0, 0L)]
    [InlineData(1.0, -8L)]
    [InlineData(-1.0, 8L)]
    [InlineData(double.NaN, 8L)]
    [InlineData(double.PositiveInfinity, 8L)]
    public void Records_OfNoBytesOrInvalidSeconds_AreIgnored(double seconds, long nbytes)
    {
        var choice = new RecomputeOrSpill();
        choice.RecordCompute("p", seconds, nbytes);
        choice.RecordWrite(nbytes, seconds);
        choice.RecordRead(nbytes, seconds);
        Assert.False(choice.TryGetComputeSecondsPerByte("p", out _));
        Assert.Equal(1 / 500e6, choice.WriteSecondsPerByte);
        Assert.Equal(1 / 1e9, choice.ReadSecondsPerByte);
    }
}
