using Apache.Arrow;
using DaskSharp.DataFrames.Kernels;
using Xunit;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// Inner and left joins on one integer key go through the right side's cached index; they give
/// exactly the rows, in exactly the order, of the general path (the same keys as float64, which
/// factorises both sides together), nulls meeting nulls.
/// </summary>
public sealed class IntegerKeyJoinTests
{
    [Theory]
    [InlineData(1, 20L, JoinHow.Inner)]
    [InlineData(2, 20L, JoinHow.Left)]
    [InlineData(3, 1L << 50, JoinHow.Inner)] // wide: the hash table, still exact as doubles
    [InlineData(4, 1L << 50, JoinHow.Left)]
    public void CachedIndexJoin_EqualsTheGeneralPath(int seed, long span, JoinHow how)
    {
        var random = new Random(seed);
        long?[] right = [.. Enumerable.Range(0, 800).Select(_ => random.Next(12) == 0 ? (long?)null : random.NextInt64(-span, span))];
        long?[] left = [.. Enumerable.Range(0, 1500).Select(_ => random.Next(12) == 0 ? (long?)null : random.Next(2) == 0 ? right[random.Next(right.Length)] : random.NextInt64(-span, span))];
        IArrowArray rightKeys = ColumnCases.Longs(right);

        (int[] l, int[] r) = HashJoin.Indices([ColumnCases.Longs(left)], [rightKeys], how);
        (int[] expectedL, int[] expectedR) = HashJoin.Indices([Float64(left)], [Float64(right)], how);
        Assert.Equal(expectedL, l);
        Assert.Equal(expectedR, r);

        // A second left partition against the same right column reuses its index and is as exact.
        long?[] other = [.. left.Reverse()];
        (int[] l2, int[] r2) = HashJoin.Indices([ColumnCases.Longs(other)], [rightKeys], how);
        (int[] e2L, int[] e2R) = HashJoin.Indices([Float64(other)], [Float64(right)], how);
        Assert.Equal(e2L, l2);
        Assert.Equal(e2R, r2);
    }

    [Fact]
    public void KeysFarOutsideTheRightsSpan_FindNothing()
    {
        // The right's keys lie near long.MaxValue; a key near long.MinValue must not wrap into their slots.
        Int64Array rightKeys = ColumnCases.Longs([long.MaxValue - 3, long.MaxValue - 1]);
        (int[] l, int[] r) = HashJoin.Indices([ColumnCases.Longs([long.MinValue + 2, long.MaxValue - 1, 0])], [rightKeys], JoinHow.Left);
        Assert.Equal([0, 1, 2], l);
        Assert.Equal([-1, 1, -1], r);
    }

    private static DoubleArray Float64(long?[] values)
    {
        var b = new DoubleArray.Builder();
        foreach (long? v in values)
        {
            if (v is { } x)
            {
                b.Append(x);
            }
            else
            {
                b.AppendNull();
            }
        }

        return b.Build();
    }
}
