using Apache.Arrow;
using DaskSharp.DataFrames.Kernels;
using Xunit;

namespace DaskSharp.DataFrame.Tests;

/// <summary>A join's key ids over both sides: equal keys one id, all nulls one id, numbered by first appearance, left first.</summary>
public sealed class KeyIdsTests
{
    [Theory]
    [InlineData(1, 50L)] // a narrow span: a slot a value
    [InlineData(2, long.MaxValue)] // the whole range: the hash table
    [InlineData(3, 1L << 40)]
    public void IntegerKeys_WithNulls_AreNumberedByFirstAppearance(int seed, long span)
    {
        var random = new Random(seed);
        long?[] left = [.. Enumerable.Range(0, 3000).Select(_ => random.Next(10) == 0 ? (long?)null : random.NextInt64(-span / 2, span / 2))];
        long?[] right = [.. Enumerable.Range(0, 2000).Select(i => random.Next(10) == 0 ? (long?)null : i % 3 == 0 ? left[random.Next(left.Length)] : random.NextInt64(-span / 2, span / 2))];
        (int[] ids, int count) = KeyIds.Factorise(ColumnCases.Longs(left), Int32Or64(right, asInt32: false));

        // The reference: a dictionary numbering keys as they come, nulls as one more key.
        var seen = new Dictionary<long, int>();
        int nullId = -1, next = 0;
        int[] expected = [.. left.Concat(right).Select(v => v is { } k ? (seen.TryGetValue(k, out int id) ? id : seen[k] = next++) : nullId >= 0 ? nullId : nullId = next++)];
        Assert.Equal(expected, ids);
        Assert.Equal(next, count);
    }

    [Fact]
    public void Int32AgainstInt64Keys_MeetByValue()
    {
        (int[] ids, int count) = KeyIds.Factorise(ColumnCases.Longs([5, null, -7, 5]), Int32Or64([-7, 8, null], asInt32: true));
        Assert.Equal([0, 1, 2, 0, 2, 3, 1], ids);
        Assert.Equal(4, count);
    }

    private static IArrowArray Int32Or64(long?[] values, bool asInt32)
    {
        if (!asInt32)
        {
            return ColumnCases.Longs(values);
        }

        var b = new Int32Array.Builder();
        foreach (long? v in values)
        {
            if (v is { } x)
            {
                b.Append((int)x);
            }
            else
            {
                b.AppendNull();
            }
        }

        return b.Build();
    }
}
