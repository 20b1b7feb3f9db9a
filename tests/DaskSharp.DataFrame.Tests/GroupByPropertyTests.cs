using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;
using FsCheck.Xunit;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// first, last, nunique, dropna and splitOut against a LINQ reference, on random data with nulls
/// in every column and many repeated keys, in random partitionings.
/// </summary>
public sealed class GroupByPropertyTests
{
    private static (RecordBatch Table, long?[] K, string?[] S, double?[] V) Random(int seed) =>
        RandomTable.Make(seed, maxRows: 160, keys: 9, letters: 4, valueSteps: 6, step: 0.5, nullOneIn: 6, valueNullOneIn: 5);

    // pandas' order of keys: ascending, nulls last.
    private static int Compare(string? a, string? b) => a is null || b is null ? (a is null).CompareTo(b is null) : string.CompareOrdinal(a, b);

    private static int Compare(long? a, long? b) => a is null || b is null ? (a is null).CompareTo(b is null) : a.Value.CompareTo(b.Value);

    [Property(MaxTest = 80)]
    public void FirstLastNUnique_ByTwoKeys_MatchLinq(int seed, bool dropna, byte pieces)
    {
        var (table, k, s, v) = Random(seed);
        int splitOut = 1 + (pieces % 4);
        DaskDataFrame df = Dd.FromArrow(table, npartitions: 1 + (Math.Abs(seed) % 8));
        DaskDataFrame result = df.GroupBy(["s", "k"], dropna).Agg([("f", "v", "first"), ("l", "v", "last"), ("n", "v", "nunique"), ("c", "v", "count"), ("rows", "v", "size")], splitOut);
        Assert.Equal(splitOut, result.NPartitions);
        LocalFrame computed = result.Compute(splitOut % 2 == 0 ? "threads" : "sync");
        LocalFrame r = new(DataFrames.Kernels.SortOrder.Sort(computed.Data, ["s", "k"], [true, true]));

        var groups = Enumerable.Range(0, k.Length).Where(i => !dropna || (k[i] is not null && s[i] is not null))
            .GroupBy(i => (s[i], k[i])).ToList();
        groups.Sort((a, b) => Compare(a.Key.Item1, b.Key.Item1) is var c && c != 0 ? c : Compare(a.Key.Item2, b.Key.Item2));
        Assert.Equal(groups.Count, r.Length); // a key in two output partitions would be two rows
        Assert.Equal(groups.Select(g => (object?)g.Key.Item1), r.Values("s"));
        Assert.Equal(groups.Select(g => (object?)g.Key.Item2), r.Values("k"));
        Assert.Equal(groups.Select(g => (object?)g.Select(i => v[i]).FirstOrDefault(x => x is not null)), r.Values("f"));
        Assert.Equal(groups.Select(g => (object?)g.Select(i => v[i]).LastOrDefault(x => x is not null)), r.Values("l"));
        Assert.Equal(groups.Select(g => (object?)(long)g.Where(i => v[i] is not null).Select(i => v[i]).Distinct().Count()), r.Values("n"));
        Assert.Equal(groups.Select(g => (object?)(long)g.Count(i => v[i] is not null)), r.Values("c"));
        Assert.Equal(groups.Select(g => (object?)(long)g.Count()), r.Values("rows"));
    }

    [Property(MaxTest = 60)]
    public void StringFirstLastNUnique_ByOneKey_WithSplitOut_MatchLinq(int seed, byte pieces)
    {
        var (table, k, s, _) = Random(seed);
        int splitOut = 1 + (pieces % 5);
        DaskDataFrame split = Dd.FromArrow(table, npartitions: 1 + (Math.Abs(seed) % 7)).GroupBy("k")["s"].Agg(["first", "last", "nunique"], splitOut);
        var keysSeen = new HashSet<long>();
        for (int p = 0; p < splitOut; p++)
        {
            foreach (long key in GroupByMoreTests.Partition(split, p).Values("k").Cast<long>())
            {
                Assert.True(keysSeen.Add(key), $"key {key} is in two output partitions");
            }
        }

        LocalFrame r = GroupByMoreTests.Sorted(split.Compute("sync"));
        var groups = Enumerable.Range(0, k.Length).Where(i => k[i] is not null).GroupBy(i => k[i]!.Value).OrderBy(g => g.Key).ToList();
        Assert.Equal(groups.Select(g => (object?)g.Key), r.Values("k"));
        Assert.Equal(groups.Select(g => (object?)g.Select(i => s[i]).FirstOrDefault(x => x is not null)), r.Values("first"));
        Assert.Equal(groups.Select(g => (object?)g.Select(i => s[i]).LastOrDefault(x => x is not null)), r.Values("last"));
        Assert.Equal(groups.Select(g => (object?)(long)g.Where(i => s[i] is not null).Select(i => s[i]).Distinct().Count()), r.Values("nunique"));
    }

    [Property(MaxTest = 60)]
    public void DescribeAndValueCounts_MatchLinq(int seed)
    {
        var (table, _, s, v) = Random(seed);
        DaskDataFrame df = Dd.FromArrow(table, npartitions: 1 + (Math.Abs(seed) % 6));
        double[] x = [.. v.Where(d => d is not null).Select(d => d!.Value).Order()];
        if (x.Length > 0)
        {
            object?[] d = df.Describe().Compute("sync").Values("v");
            double Linear(double q)
            {
                double h = (x.Length - 1) * q;
                int lo = (int)Math.Floor(h);
                return h == lo ? x[lo] : x[lo] + ((h - lo) * (x[lo + 1] - x[lo]));
            }

            Assert.Equal([(double)x.Length, x.Min(), Linear(0.25), Linear(0.5), Linear(0.75), x.Max()], new[] { d[0], d[3], d[4], d[5], d[6], d[7] });
        }

        LocalFrame counts = df["s"].ValueCounts().Compute("sync");
        var expected = s.Where(t => t is not null).GroupBy(t => t!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(g => (object?)g.Key), counts.Values("s"));
        Assert.Equal(expected.Select(g => (object?)(long)g.Count()), counts.Values("count"));
        Assert.Equal((long)expected.Count, df["s"].NUnique().Compute("sync"));
    }

    [Property(MaxTest = 60)]
    public void DropDuplicates_KeepsTheFirstOrLastRowOfEachKey_MatchLinq(int seed, bool last)
    {
        var (table, k, s, v) = Random(seed);
        DaskDataFrame df = Dd.FromArrow(table, npartitions: 1 + (Math.Abs(seed) % 5));
        LocalFrame r = FrameReductionTests.Sorted(df.DropDuplicates(subset: ["k", "s"], keep: last ? "last" : "first").Compute("sync"), "k");
        r = new LocalFrame(DataFrames.Kernels.SortOrder.Sort(r.Data, ["k", "s"], [true, true]));
        var kept = Enumerable.Range(0, k.Length).GroupBy(i => (k[i], s[i])).Select(g => last ? g.Last() : g.First()).ToList();
        kept.Sort((a, b) => Compare(k[a], k[b]) is var c && c != 0 ? c : Compare(s[a], s[b]));
        Assert.Equal(kept.Select(i => (object?)k[i]), r.Values("k"));
        Assert.Equal(kept.Select(i => (object?)s[i]), r.Values("s"));
        Assert.Equal(kept.Select(i => (object?)v[i]), r.Values("v"));
    }

    [Property(MaxTest = 60)]
    public void SortByOneKey_IsStable_NullsLast_AsTheLinqOrder(int seed)
    {
        var (table, k, s, v) = Random(seed);
        var partition = new Partition(table);
        int[] rows = [.. Enumerable.Range(0, k.Length)];
        foreach ((string column, int[] expected) in new[]
        {
            ("k", rows.OrderBy(i => k[i] is null).ThenBy(i => k[i] ?? 0).ToArray()),
            ("s", rows.OrderBy(i => s[i] is null).ThenBy(i => s[i] ?? string.Empty, StringComparer.Ordinal).ToArray()),
            ("v", rows.OrderBy(i => v[i] is null).ThenBy(i => v[i] ?? 0).ToArray()),
        })
        {
            // Each row's original position rides along in "s" and "v", so the whole row order is checked.
            LocalFrame sorted = new(DataFrames.Kernels.SortOrder.Sort(partition, [column], [true]));
            Assert.Equal(expected.Select(i => (object?)k[i]), sorted.Values("k"));
            Assert.Equal(expected.Select(i => (object?)s[i]), sorted.Values("s"));
            Assert.Equal(expected.Select(i => (object?)v[i]), sorted.Values("v"));
        }
    }
}
