using System.Runtime.InteropServices;
using Apache.Arrow;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>The four kinds of join pandas' <c>merge</c> knows.</summary>
public enum JoinHow
{
    /// <summary>Rows whose keys are on both sides.</summary>
    Inner,

    /// <summary>Every left row, with its matches or nulls.</summary>
    Left,

    /// <summary>Every right row, with its matches or nulls.</summary>
    Right,

    /// <summary>Every row of both sides.</summary>
    Outer,
}

/// <summary>
/// A hash join of two partitions' key columns into take-indices for both sides (-1: no row, the
/// columns are null there). Keys are first factorised, column by column, through one hash table
/// over both sides (left first, then right), so equal keys get equal dense ids whatever their
/// Arrow type (int32 with int64, ints with floats, dictionary with plain strings); null keys
/// match each other and NaN counts as null, as in pandas' merge. The rows of each side are then
/// laid out by id (a counting sort), and the output is walked in pandas' order: left and right
/// joins in the preserved side's row order, inner and outer grouped by key in order of first
/// appearance (left's keys first, then the right's own), left rows before right within a key.
/// </summary>
internal static class HashJoin
{
    /// <summary>The rows of the left and of the right for each output row, in pandas' order.</summary>
    public static (int[] Left, int[] Right) Indices(IReadOnlyList<IArrowArray> leftKeys, IReadOnlyList<IArrowArray> rightKeys, JoinHow how)
    {
        if (leftKeys.Count != rightKeys.Count || leftKeys.Count == 0)
        {
            throw new ArgumentException($"A join needs the same number of key columns on both sides (at least one); it has {leftKeys.Count} and {rightKeys.Count}.");
        }

        if (leftKeys.Count == 1 && how is (JoinHow.Inner or JoinHow.Left) && KeyIds.IsInteger(leftKeys[0]) && KeyIds.IsInteger(rightKeys[0]))
        {
            return Probe(leftKeys[0], IntegerKeyIndex.Of(rightKeys[0]), how);
        }

        int nl = leftKeys[0].Length, nr = rightKeys[0].Length;
        (int[] ids, int count) = Ids(leftKeys, rightKeys);

        ReadOnlySpan<int> lid = ids.AsSpan(0, nl), rid = ids.AsSpan(nl, nr);
        var leftRows = new RowsById(lid, count);
        var rightRows = new RowsById(rid, count);
        var outLeft = new List<int>(Math.Max(nl, nr));
        var outRight = new List<int>(Math.Max(nl, nr));
        switch (how)
        {
            case JoinHow.Left:
                Preserving(lid, rightRows, outLeft, outRight);
                break;
            case JoinHow.Right:
                Preserving(rid, leftRows, outRight, outLeft);
                break;
            default:
                for (int id = 0; id < count; id++)
                {
                    ReadOnlySpan<int> ls = leftRows.Of(id), rs = rightRows.Of(id);
                    if (ls.Length > 0 && rs.Length > 0)
                    {
                        foreach (int l in ls)
                        {
                            foreach (int r in rs)
                            {
                                outLeft.Add(l);
                                outRight.Add(r);
                            }
                        }
                    }
                    else if (how == JoinHow.Outer)
                    {
                        foreach (int l in ls)
                        {
                            outLeft.Add(l);
                            outRight.Add(-1);
                        }

                        foreach (int r in rs)
                        {
                            outLeft.Add(-1);
                            outRight.Add(r);
                        }
                    }
                }

                break;
        }

        return ([.. outLeft], [.. outRight]);
    }

    /// <summary>Dense ids of the keys of the left's rows then the right's (equal keys, as a join matches them, one id), and how many distinct keys.</summary>
    public static (int[] Ids, int Count) Ids(IReadOnlyList<IArrowArray> leftKeys, IReadOnlyList<IArrowArray> rightKeys)
    {
        (int[] ids, int count) = KeyIds.Factorise(leftKeys[0], rightKeys[0]);
        for (int k = 1; k < leftKeys.Count; k++)
        {
            (int[] next, int nextCount) = KeyIds.Factorise(leftKeys[k], rightKeys[k]);
            (ids, count) = Combine(ids, next, nextCount);
        }

        return (ids, count);
    }

    /// <summary>Which rows of the right have a match on the left (the small side's flags of a broadcast join).</summary>
    public static bool[] RightMatched(IReadOnlyList<IArrowArray> leftKeys, IReadOnlyList<IArrowArray> rightKeys)
    {
        (int[] _, int[] right) = Indices(leftKeys, rightKeys, JoinHow.Inner);
        var matched = new bool[rightKeys[0].Length];
        foreach (int r in right)
        {
            matched[r] = true;
        }

        return matched;
    }

    // One integer key against the right's index (built once per right column): the left rows
    // probe it. Left joins walk the left in row order; inner joins group by key in order of first
    // appearance on the left, the order the general path gives (its ids number the left's keys first).
    private static (int[] Left, int[] Right) Probe(IArrowArray leftKey, IntegerKeyIndex right, JoinHow how)
    {
        ReadOnlySpan<long> keys = Numeric.Longs(leftKey);
        bool nulls = leftKey.NullCount > 0;
        var match = new int[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            match[i] = nulls && !leftKey.IsValid(i) ? right.NullId : right.Find(keys[i]);
        }

        if (how == JoinHow.Left)
        {
            long total = 0;
            foreach (int id in match)
            {
                total += id < 0 ? 1 : right.Rows(id).Length;
            }

            var outLeft = new int[checked((int)total)];
            var outRight = new int[outLeft.Length];
            int at = 0;
            for (int row = 0; row < match.Length; row++)
            {
                if (match[row] < 0)
                {
                    outLeft[at] = row;
                    outRight[at++] = -1;
                    continue;
                }

                foreach (int r in right.Rows(match[row]))
                {
                    outLeft[at] = row;
                    outRight[at++] = r;
                }
            }

            return (outLeft, outRight);
        }

        // Inner: the matched left rows grouped by their key's first appearance, in row order within a key.
        var group = new int[right.Count];
        group.AsSpan().Fill(-1);
        var matchedRows = new List<int>(match.Length);
        var matchedGroups = new List<int>(match.Length);
        var idOfGroup = new List<int>();
        for (int row = 0; row < match.Length; row++)
        {
            int id = match[row];
            if (id < 0)
            {
                continue;
            }

            if (group[id] < 0)
            {
                group[id] = idOfGroup.Count;
                idOfGroup.Add(id);
            }

            matchedRows.Add(row);
            matchedGroups.Add(group[id]);
        }

        var byGroup = new RowsById(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(matchedGroups), idOfGroup.Count);
        long outputs = 0;
        for (int g = 0; g < idOfGroup.Count; g++)
        {
            outputs += (long)byGroup.Of(g).Length * right.Rows(idOfGroup[g]).Length;
        }

        var left = new int[checked((int)outputs)];
        var rightRows = new int[left.Length];
        int o = 0;
        for (int g = 0; g < idOfGroup.Count; g++)
        {
            ReadOnlySpan<int> rs = right.Rows(idOfGroup[g]);
            foreach (int m in byGroup.Of(g))
            {
                foreach (int r in rs)
                {
                    left[o] = matchedRows[m];
                    rightRows[o++] = r;
                }
            }
        }

        return (left, rightRows);
    }

    // Every row of the preserved side in order, each with its matches on the other side (or -1).
    private static void Preserving(ReadOnlySpan<int> keptIds, RowsById other, List<int> kept, List<int> matched)
    {
        for (int row = 0; row < keptIds.Length; row++)
        {
            ReadOnlySpan<int> ms = other.Of(keptIds[row]);
            if (ms.Length == 0)
            {
                kept.Add(row);
                matched.Add(-1);
                continue;
            }

            foreach (int m in ms)
            {
                kept.Add(row);
                matched.Add(m);
            }
        }
    }

    // Two columns' ids into one id of the pair, numbered in order of first appearance.
    private static (int[] Ids, int Count) Combine(int[] a, int[] b, int bCount)
    {
        var pairs = new Dictionary<long, int>();
        var ids = new int[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            ref int g = ref CollectionsMarshal.GetValueRefOrAddDefault(pairs, ((long)a[i] * bCount) + b[i], out bool exists);
            if (!exists)
            {
                g = pairs.Count - 1;
            }

            ids[i] = g;
        }

        return (ids, pairs.Count);
    }
}
