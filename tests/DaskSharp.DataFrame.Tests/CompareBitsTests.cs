using DaskSharp.DataFrames.Kernels;
using DaskSharp.DataFrames.Plan;

namespace DaskSharp.DataFrame.Tests;

/// <summary>The vectorised comparisons give, bit for bit, what one comparison a row gives: every operator, lengths around the vector widths, NaN.</summary>
public sealed class CompareBitsTests
{
    private static readonly BinaryOperator[] s_ops = [BinaryOperator.Equal, BinaryOperator.NotEqual, BinaryOperator.Less, BinaryOperator.LessOrEqual, BinaryOperator.Greater, BinaryOperator.GreaterOrEqual];

    private static void Check<T>(T[] a, T[] b, T constant)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        foreach (BinaryOperator op in s_ops)
        {
            byte[] columns = CompareBits.Compare<T>(op, a, b, constant, scalar: false);
            byte[] scalar = CompareBits.Compare<T>(op, a, default, constant, scalar: true);
            Assert.Equal((a.Length + 7) / 8, columns.Length);
            for (int i = 0; i < a.Length; i++)
            {
                bool expectColumns = op switch
                {
                    BinaryOperator.Equal => a[i] == b[i],
                    BinaryOperator.NotEqual => a[i] != b[i],
                    BinaryOperator.Less => a[i] < b[i],
                    BinaryOperator.LessOrEqual => a[i] <= b[i],
                    BinaryOperator.Greater => a[i] > b[i],
                    _ => a[i] >= b[i],
                };
                Assert.True(expectColumns == ((columns[i >> 3] & (1 << (i & 7))) != 0), $"{op} at row {i} of {a.Length}: {a[i]} vs {b[i]}");
                Assert.True(CompareBits.Holds(op, a[i], constant) == ((scalar[i >> 3] & (1 << (i & 7))) != 0), $"{op} at row {i} of {a.Length}: {a[i]} vs {constant}");
            }

            if (a.Length % 8 != 0)
            {
                Assert.Equal(0, columns[^1] >> (a.Length % 8)); // no bit past the last row
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(64)]
    [InlineData(1001)]
    public void Doubles_WithNaNs_AsOneComparisonARow(int n)
    {
        var rng = new Random(n);
        double[] a = [.. Enumerable.Range(0, n).Select(i => i % 9 == 4 ? double.NaN : rng.Next(5) - 2.0)];
        double[] b = [.. Enumerable.Range(0, n).Select(i => i % 7 == 1 ? double.NaN : rng.Next(5) - 2.0)];
        Check(a, b, 0.0);
        Check(a, b, double.NaN);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(77)]
    public void LongsAndInts_AsOneComparisonARow(int n)
    {
        var rng = new Random(n);
        long[] a = [.. Enumerable.Range(0, n).Select(_ => (long)rng.Next(5) - 2 + (rng.Next(2) == 0 ? long.MinValue / 2 : 0))];
        long[] b = [.. Enumerable.Range(0, n).Select(_ => (long)rng.Next(5) - 2)];
        Check(a, b, -1L);
        Check([.. a.Select(x => (int)(x % 3))], [.. b.Select(x => (int)x)], 1);
    }
}
