using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;
using FsCheck.Xunit;

namespace DaskSharp.DataFrame.Tests;

/// <summary>The hash join's take-indices equal a nested-loop reference in pandas' order, on random keys with nulls and repeats.</summary>
public sealed class HashJoinPropertyTests
{
    private sealed record Side(long?[] K, string?[] S);

    // Int keys 0..3 and string keys a..c, each null 1 time in 5, so keys repeat and nulls meet nulls.
    private static Side Random(System.Random random)
    {
        int n = random.Next(0, 25);
        var k = new long?[n];
        var s = new string?[n];
        for (int i = 0; i < n; i++)
        {
            k[i] = random.Next(5) == 0 ? null : random.Next(4);
            s[i] = random.Next(5) == 0 ? null : ((char)('a' + random.Next(3))).ToString();
        }

        return new Side(k, s);
    }

    // The left's keys as int64 and plain strings; the right's as int32 and dictionary-encoded strings.
    private static IArrowArray[] LeftKeys(Side side)
    {
        var kb = new Int64Array.Builder();
        var sb = new StringArray.Builder();
        for (int i = 0; i < side.K.Length; i++)
        {
            if (side.K[i] is { } k) { kb.Append(k); } else { kb.AppendNull(); }
            if (side.S[i] is { } s) { sb.Append(s); } else { sb.AppendNull(); }
        }

        return [kb.Build(), sb.Build()];
    }

    private static IArrowArray[] RightKeys(Side side)
    {
        var kb = new Int32Array.Builder();
        var codes = new Int32Array.Builder();
        string[] words = ["c", "a", "b", "unused"];
        for (int i = 0; i < side.K.Length; i++)
        {
            if (side.K[i] is { } k) { kb.Append((int)k); } else { kb.AppendNull(); }
            if (side.S[i] is { } s) { codes.Append(System.Array.IndexOf(words, s)); } else { codes.AppendNull(); }
        }

        var dictionary = new DictionaryArray(new DictionaryType(Int32Type.Default, StringType.Default, false), codes.Build(), new StringArray.Builder().AppendRange(words).Build());
        return [kb.Build(), dictionary];
    }

    private static (long?, string?) KeyOf(Side side, int row) => (side.K[row], side.S[row]);

    /// <summary>pandas' merge by nested loops: preserved-side order for left/right; for inner/outer, keys in order of first appearance (left's, then the right's own), left rows before right.</summary>
    private static List<(int, int)> Reference(Side l, Side r, JoinHow how)
    {
        var pairs = new List<(int, int)>();
        int[] Matches(Side side, (long?, string?) key) => [.. Enumerable.Range(0, side.K.Length).Where(i => KeyOf(side, i).Equals(key))];
        switch (how)
        {
            case JoinHow.Left:
                for (int i = 0; i < l.K.Length; i++)
                {
                    int[] m = Matches(r, KeyOf(l, i));
                    pairs.AddRange(m.Length == 0 ? [(i, -1)] : m.Select(j => (i, j)));
                }

                return pairs;
            case JoinHow.Right:
                for (int j = 0; j < r.K.Length; j++)
                {
                    int[] m = Matches(l, KeyOf(r, j));
                    pairs.AddRange(m.Length == 0 ? [(-1, j)] : m.Select(i => (i, j)));
                }

                return pairs;
        }

        var keys = Enumerable.Range(0, l.K.Length).Select(i => KeyOf(l, i)).Concat(Enumerable.Range(0, r.K.Length).Select(j => KeyOf(r, j))).Distinct().ToList();
        foreach (var key in keys)
        {
            int[] ls = Matches(l, key), rs = Matches(r, key);
            if (ls.Length > 0 && rs.Length > 0)
            {
                pairs.AddRange(ls.SelectMany(i => rs.Select(j => (i, j))));
            }
            else if (how == JoinHow.Outer)
            {
                pairs.AddRange(ls.Select(i => (i, -1)).Concat(rs.Select(j => (-1, j))));
            }
        }

        return pairs;
    }

    [Property(MaxTest = 80)]
    public void TwoKeyJoins_OfEveryKind_MatchTheNestedLoopReference(int seed)
    {
        var random = new System.Random(seed);
        Side l = Random(random), r = Random(random);
        foreach (JoinHow how in Enum.GetValues<JoinHow>())
        {
            (int[] left, int[] right) = HashJoin.Indices(LeftKeys(l), RightKeys(r), how);
            Assert.Equal(Reference(l, r, how), left.Zip(right).ToList());
        }
    }

    [Property(MaxTest = 80)]
    public void OneIntKey_WithFloatsOnTheRight_MatchesByValue_NaNAsNull(int seed)
    {
        var random = new System.Random(seed);
        Side l = Random(random), r = Random(random);
        var doubles = new DoubleArray.Builder();
        foreach (long? k in r.K)
        {
            doubles.Append(k is { } v ? v : double.NaN); // NaN is pandas' missing float: it matches the left's nulls
        }

        DoubleArray floats = doubles.Build();
        Side lk = l with { S = new string?[l.K.Length] }, rk = r with { S = new string?[r.K.Length] };
        foreach (JoinHow how in Enum.GetValues<JoinHow>())
        {
            (int[] left, int[] right) = HashJoin.Indices([LeftKeys(l)[0]], [floats], how);
            Assert.Equal(Reference(lk, rk, how), left.Zip(right).ToList());
        }
    }
}
