using FsCheck.Xunit;

namespace DaskSharp.Array.Tests;

/// <summary>
/// Python's division identities and NumPy's NaN-ignoring reductions, as properties of random data
/// against scalar references: x == (x // y)·y + x % y with the remainder taking the divisor's sign,
/// and nansum/nanmax equal to the sum and maximum of the values that are not NaN, whatever the chunks.
/// </summary>
public sealed class PromotionPropertyTests
{
    [Property(MaxTest = 60)]
    public void IntegerFloorDivideAndMod_AreFloorAndTheDivisorsSign(long[] xs, long divisor, int chunk)
    {
        if (xs.Length == 0 || divisor == 0 || divisor == long.MinValue || xs.Contains(long.MinValue))
        {
            return; // x // 0 is 0 by NumPy's rule (tested with NumPy's values); MinValue overflows |x|
        }

        DaskArray<long> x = Da.FromArray(xs, chunks: 1 + (Math.Abs(chunk % 7)));
        long[] quotient = x.FloorDivide(divisor).Compute().ToArray();
        long[] remainder = (x % divisor).Compute().ToArray();
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.Equal((long)Math.Floor((decimal)xs[i] / divisor), quotient[i]);
            Assert.Equal(xs[i], (quotient[i] * divisor) + remainder[i]);
            Assert.True(remainder[i] == 0 || Math.Sign(remainder[i]) == Math.Sign(divisor), $"{xs[i]} % {divisor} = {remainder[i]} has the dividend's sign");
            Assert.True(Math.Abs(remainder[i]) < Math.Abs(divisor));
        }
    }

    [Property(MaxTest = 60)]
    public void NanReductions_AreTheReductionsOfTheValuesThatAreNotNaN(int seed)
    {
        var random = new System.Random(seed);
        int rows = random.Next(1, 9);
        int cols = random.Next(1, 9);
        double[] values = [.. Enumerable.Range(0, rows * cols).Select(_ => random.NextDouble() < 0.3 ? double.NaN : Math.Round((random.NextDouble() * 20) - 10, 2))];
        DaskArray<double> x = Da.FromArray(NDArray<double>.FromArray(values, rows, cols), chunks: (random.Next(1, rows + 1), random.Next(1, cols + 1)));
        double[] sums = x.NanSum(axis: 0).Compute().ToArray();
        double[] maxima = x.NanMax(axis: 0).Compute().ToArray();
        long[] counts = (!x.IsNaN()).Sum(axis: 0).Compute().ToArray();
        for (int c = 0; c < cols; c++)
        {
            double[] column = [.. Enumerable.Range(0, rows).Select(r => values[(r * cols) + c]).Where(v => !double.IsNaN(v))];
            Assert.Equal(column.Length, counts[c]);
            Assert.Equal(column.Sum(), sums[c], 9);
            Assert.Equal(column.Length == 0 ? double.NaN : column.Max(), maxima[c]);
        }
    }
}
