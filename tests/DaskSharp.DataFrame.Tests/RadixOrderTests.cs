using DaskSharp.DataFrames.Kernels;
using Xunit;

namespace DaskSharp.DataFrame.Tests;

/// <summary>The radix sort under SortOrder equals LINQ's stable OrderBy, over the whole range of longs and doubles.</summary>
public sealed class RadixOrderTests
{
    private static readonly double[] s_specialDoubles = [0.0, -0.0, double.MaxValue, double.MinValue, double.Epsilon, -double.Epsilon, double.PositiveInfinity, double.NegativeInfinity, 1.0, -1.0];

    private static readonly long[] s_specialLongs = [0, -1, 1, long.MaxValue, long.MinValue, long.MinValue + 1, int.MaxValue, int.MinValue];

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void Longs_InEitherDirection_AreInTheStableOrderOfOrderBy(int seed, bool ascending)
    {
        var random = new Random(seed);
        long[] keys = [.. Enumerable.Range(0, 5000).Select(i => i % 7 == 0 ? s_specialLongs[random.Next(s_specialLongs.Length)] : random.Next(4) == 0 ? random.Next(-50, 50) : random.NextInt64(long.MinValue, long.MaxValue))];
        int[] order = [.. Enumerable.Range(0, keys.Length)];
        RadixOrder.Sort(order, order.Length, keys, ascending);
        int[] expected = ascending ? [.. order.OrderBy(i => i).OrderBy(i => keys[i])] : [.. order.OrderBy(i => i).OrderByDescending(i => keys[i])];
        Assert.Equal(expected, order);
    }

    [Theory]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public void Doubles_InEitherDirection_AreInTheStableOrderOfOrderBy_WithMinusZeroEqualToZero(int seed, bool ascending)
    {
        var random = new Random(seed);
        double[] keys = [.. Enumerable.Range(0, 5000).Select(i => i % 5 == 0 ? s_specialDoubles[random.Next(s_specialDoubles.Length)] : random.Next(3) == 0 ? random.Next(-20, 20) / 4.0 : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300)))];
        int[] order = [.. Enumerable.Range(0, keys.Length)];
        RadixOrder.Sort(order, order.Length, keys, ascending);

        // OrderBy compares with CompareTo, where -0.0 equals 0.0: those rows stay in row order.
        int[] expected = ascending ? [.. Enumerable.Range(0, keys.Length).OrderBy(i => keys[i])] : [.. Enumerable.Range(0, keys.Length).OrderByDescending(i => keys[i])];
        Assert.Equal(expected, order);
    }

    [Fact]
    public void APrefixOfTheOrder_IsSortedAndTheRestLeftAlone()
    {
        long[] keys = [5, 3, 9, 1, 7];
        int[] order = [4, 3, 2, 1, 0]; // the first three rows hold 7, 1 and 9
        RadixOrder.Sort(order, 3, keys, ascending: true);
        Assert.Equal([3, 4, 2, 1, 0], order);
    }
    [Fact]
    public void SortValues_OfDoublesAndLongs_EqualsArraySort_WithMinusZeroAsZero()
    {
        var random = new Random(6);
        double[] doubles = [.. Enumerable.Range(0, 3000).Select(i => i % 5 == 0 ? s_specialDoubles[random.Next(s_specialDoubles.Length)] : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300)))];
        double[] expectedDoubles = [.. doubles.Select(v => v == 0 ? 0.0 : v).Order()];
        RadixOrder.SortValues(doubles, doubles.Length);
        Assert.Equal(expectedDoubles.Select(BitConverter.DoubleToInt64Bits), doubles.Select(BitConverter.DoubleToInt64Bits));

        long[] longs = [.. Enumerable.Range(0, 3000).Select(i => i % 7 == 0 ? s_specialLongs[random.Next(s_specialLongs.Length)] : random.NextInt64(long.MinValue, long.MaxValue))];
        long[] expectedLongs = [.. longs.Order()];
        long[] prefixSorted = [.. longs.Take(2000).Order(), .. longs.Skip(2000)];
        RadixOrder.SortValues(longs, 2000); // a prefix: the rest stays
        Assert.Equal(prefixSorted, longs);
        RadixOrder.SortValues(longs, longs.Length);
        Assert.Equal(expectedLongs, longs);
    }
}
