using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan.Operators;
using FsCheck.Xunit;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// Hash-shuffle merges of random frames (2 to 5 partitions a side, so neither is small) pair exactly
/// the rows a LINQ reference pairs, for every kind: two keys, the left's int64 and plain strings,
/// the right's float64 (NaN for missing, which meets the left's nulls) and dictionary strings, so
/// the rows only meet if both sides hash equal keys of different types alike.
/// </summary>
public sealed class MergeShufflePropertyTests
{
    private sealed record Side(long?[] K, string?[] S);

    private static Side Random(System.Random random)
    {
        int n = random.Next(10, 40); // at least as many rows as partitions, so both sides keep 2 or more
        var k = new long?[n];
        var s = new string?[n];
        for (int i = 0; i < n; i++)
        {
            k[i] = random.Next(6) == 0 ? null : random.Next(5);
            s[i] = random.Next(6) == 0 ? null : ((char)('a' + random.Next(3))).ToString();
        }

        return new Side(k, s);
    }

    private static DaskDataFrame Left(Side side, int partitions)
    {
        var kb = new Int64Array.Builder();
        var sb = new StringArray.Builder();
        foreach ((long? k, string? s) in side.K.Zip(side.S))
        {
            if (k is { } v) { kb.Append(v); } else { kb.AppendNull(); }
            if (s is null) { sb.AppendNull(); } else { sb.Append(s); }
        }

        var schema = new Schema([new Field("k", Int64Type.Default, true), new Field("s", StringType.Default, true), new Field("a", Int64Type.Default, false)], null);
        IArrowArray ids = new Int64Array.Builder().AppendRange(Enumerable.Range(0, side.K.Length).Select(i => (long)i)).Build();
        return Dd.FromArrow(new RecordBatch(schema, [kb.Build(), sb.Build(), ids], side.K.Length), partitions);
    }

    private static DaskDataFrame Right(Side side, int partitions)
    {
        var kb = new DoubleArray.Builder();
        var codes = new Int32Array.Builder();
        string[] words = ["c", "a", "b"];
        foreach ((long? k, string? s) in side.K.Zip(side.S))
        {
            kb.Append(k is { } v ? v : double.NaN);
            if (s is null) { codes.AppendNull(); } else { codes.Append(System.Array.IndexOf(words, s)); }
        }

        var dictionary = new DictionaryArray(new DictionaryType(Int32Type.Default, StringType.Default, false), codes.Build(), new StringArray.Builder().AppendRange(words).Build());
        var schema = new Schema([new Field("k", DoubleType.Default, true), new Field("s", dictionary.Data.DataType, true), new Field("b", Int64Type.Default, false)], null);
        IArrowArray ids = new Int64Array.Builder().AppendRange(Enumerable.Range(0, side.K.Length).Select(i => (long)i)).Build();
        return Dd.FromArrow(new RecordBatch(schema, [kb.Build(), dictionary, ids], side.K.Length), partitions);
    }

    /// <summary>The (left row, right row) pairs of the merge, -1 for none, by LINQ: nulls equal nulls.</summary>
    private static List<(long, long)> Reference(Side l, Side r, string how)
    {
        var inner = (from i in Enumerable.Range(0, l.K.Length)
                     from j in Enumerable.Range(0, r.K.Length)
                     where l.K[i] == r.K[j] && l.S[i] == r.S[j]
                     select ((long)i, (long)j)).ToList();
        IEnumerable<(long, long)> pairs = inner;
        if (how is "left" or "outer")
        {
            pairs = pairs.Concat(Enumerable.Range(0, l.K.Length).Where(i => !inner.Any(p => p.Item1 == i)).Select(i => ((long)i, -1L)));
        }

        if (how is "right" or "outer")
        {
            pairs = pairs.Concat(Enumerable.Range(0, r.K.Length).Where(j => !inner.Any(p => p.Item2 == j)).Select(j => (-1L, (long)j)));
        }

        return [.. pairs.Order()];
    }

    [Property(MaxTest = 40)]
    public void EveryKind_PairsTheRowsLinqPairs(int seed)
    {
        var random = new System.Random(seed);
        Side l = Random(random), r = Random(random);
        int lp = random.Next(2, 6), rp = random.Next(2, 6);
        foreach (string how in new[] { "inner", "left", "right", "outer" })
        {
            DaskDataFrame merged = Left(l, lp).Merge(Right(r, rp), how: how, on: ["k", "s"]);
            Assert.IsType<ShuffleJoin>(merged.Plan);
            LocalFrame result = merged.Compute("sync");
            List<(long, long)> pairs = [.. result.Values("a").Zip(result.Values("b")).Select(p => ((long?)p.First ?? -1, (long?)p.Second ?? -1)).Order()];
            Assert.Equal(Reference(l, r, how), pairs);
        }
    }
}
