using Apache.Arrow;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrame.Tests;

/// <summary>The group numbering kernels: every key path numbers groups in order of first appearance, as a dictionary of seen keys would.</summary>
public sealed class GroupIdsTests
{
    private static int[] Reference<T>(IReadOnlyList<T?> keys)
        where T : struct
    {
        var seen = new Dictionary<T, int>();
        return [.. keys.Select(k => k is { } v ? (seen.TryGetValue(v, out int g) ? g : seen[v] = seen.Count) : -1)];
    }

    [Theory]
    [InlineData(1_000, 50L)]          // a narrow span: a slot a value
    [InlineData(1_000, 1_000_003L)]   // values far apart: hashed
    [InlineData(200_000, 7_919L)]     // the hash table grows many times
    public void IntegerKeys_AreNumberedInOrderOfFirstAppearance(int rows, long spread)
    {
        var rng = new Random(rows + (int)spread);
        long[] values = [.. Enumerable.Range(0, rows).Select(_ => (rng.Next(rows / 4) * spread) - 3)];
        (int[] ids, int count, int[] first) = GroupIds.Of([new Int64Array.Builder().AppendRange(values).Build()], rows);
        int[] expected = Reference<long>([.. values.Select(v => (long?)v)]);
        Assert.Equal(expected, ids);
        Assert.Equal(expected.Max() + 1, count);
        Assert.Equal([.. Enumerable.Range(0, count).Select(g => System.Array.IndexOf(expected, g))], first);

        int[] narrow = [.. values.Select(v => (int)(v % 100_000))];
        (int[] ids32, _, _) = GroupIds.Of([new Int32Array.Builder().AppendRange(narrow).Build()], rows);
        Assert.Equal(Reference<int>([.. narrow.Select(v => (int?)v)]), ids32);
    }

    [Fact]
    public void IntegerKeysWithNulls_NumberTheOthers_AndGiveNullsMinusOne()
    {
        int?[] keys = [5, null, 7, 5, null, -2_000_000_000, 7];
        var builder = new Int32Array.Builder();
        foreach (int? k in keys)
        {
            if (k is { } v)
            {
                builder.Append(v);
            }
            else
            {
                builder.AppendNull();
            }
        }

        Assert.Equal([0, -1, 1, 0, -1, 2, 1], GroupIds.Of([builder.Build()], keys.Length).Ids);
    }

    [Fact]
    public void IntegerKeysSpanningEveryLong_AreHashed()
    {
        long[] keys = [long.MaxValue, long.MinValue, 0, long.MinValue, -1, long.MaxValue];
        (int[] ids, int count, _) = GroupIds.Of([new Int64Array.Builder().AppendRange(keys).Build()], keys.Length);
        Assert.Equal([0, 1, 2, 1, 3, 0], ids);
        Assert.Equal(4, count);
        long[] sortedKeys = [.. ((Int64Array)SortOrder.Sort(new Partition(new RecordBatch(new Schema([new Field("k", Apache.Arrow.Types.Int64Type.Default, false)], null), [new Int64Array.Builder().AppendRange(keys).Build()], keys.Length)), ["k"], [true]).Column("k")).Values];
        Assert.Equal([long.MinValue, long.MinValue, -1, 0, long.MaxValue, long.MaxValue], sortedKeys);
    }

    [Fact]
    public void DoubleKeys_TreatBothZerosAsOne_AndEveryNaNAsOne()
    {
        double otherNaN = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0001);
        double[] keys = [0.0, -0.0, double.NaN, 1.5, otherNaN, 1.5, -1.5];
        (int[] ids, int count, _) = GroupIds.Of([new DoubleArray.Builder().AppendRange(keys).Build()], keys.Length);
        Assert.Equal([0, 0, 1, 2, 1, 2, 3], ids);
        Assert.Equal(4, count);
    }

    [Fact]
    public void StringKeys_AreHashedByTheirBytes()
    {
        string?[] keys = ["é", "e", null, "", "é", "", "ee"];
        var builder = new StringArray.Builder();
        foreach (string? k in keys)
        {
            builder.Append(k);
        }

        Assert.Equal([0, 1, -1, 2, 0, 2, 3], GroupIds.Of([builder.Build()], keys.Length).Ids);
    }

    [Fact]
    public void ConcatenatedFixedWidthColumns_KeepValuesAndNulls_OfSlicedParts()
    {
        var a = new Int32Array.Builder().Append(1).AppendNull().Append(3).Build();
        var whole = new Int32Array.Builder().Append(10).Append(11).AppendNull().Append(13).Build();
        var sliced = (Int32Array)whole.Slice(1, 3); // 11, null, 13 at offset 1
        var schema = new Schema([new Field("x", Apache.Arrow.Types.Int32Type.Default, true)], null);
        Partition joined = Take.Concat([new Partition(new RecordBatch(schema, [a], 3)), new Partition(new RecordBatch(schema, [sliced], 3)), new Partition(new RecordBatch(schema, [new Int32Array.Builder().Append(7).Build()], 1))]);
        var x = Assert.IsType<Int32Array>(joined.Column("x"));
        Assert.Equal([1, null, 3, 11, null, 13, 7], Enumerable.Range(0, x.Length).Select(i => x.GetValue(i)));
        Assert.Equal(2, x.NullCount);
    }
}

/// <summary>Sorting by one integer column: the counting sort for narrow spans and the comparison sort for wide ones give the same stable order, nulls last.</summary>
public sealed class IntegerSortTests
{
    [Theory]
    [InlineData(500, 40L)]            // narrow: counting sort
    [InlineData(500, 1_000_000_007L)] // wide: comparison sort
    public void ByOneIntegerColumn_IsStable_WithNullsLast(int rows, long spread)
    {
        var rng = new Random(rows);
        long?[] keys = [.. Enumerable.Range(0, rows).Select(i => i % 11 == 5 ? (long?)null : (rng.Next(60) - 30) * spread)];
        var builder = new Int64Array.Builder();
        foreach (long? k in keys)
        {
            if (k is { } v)
            {
                builder.Append(v);
            }
            else
            {
                builder.AppendNull();
            }
        }

        var row = new Int32Array.Builder().AppendRange(Enumerable.Range(0, rows)).Build();
        var schema = new Schema([new Field("k", Apache.Arrow.Types.Int64Type.Default, true), new Field("row", Apache.Arrow.Types.Int32Type.Default, false)], null);
        Partition sorted = SortOrder.Sort(new Partition(new RecordBatch(schema, [builder.Build(), row], rows)), ["k"], [true]);
        int[] expected = [.. Enumerable.Range(0, rows).Where(i => keys[i] is not null).OrderBy(i => keys[i]!.Value).ThenBy(i => i), .. Enumerable.Range(0, rows).Where(i => keys[i] is null)];
        var rowsAfter = (Int32Array)sorted.Column("row");
        Assert.Equal(expected, Enumerable.Range(0, rows).Select(i => rowsAfter.GetValue(i)!.Value));
        Assert.Equal(keys.Count(k => k is null), sorted.Column("k").NullCount);
    }
}
