using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>The static functions join tasks call (a task travels as a reference to one of them, the spec and partitions).</summary>
internal static class JoinTasks
{
    private static readonly Schema s_flags = new([new Field("matched", BooleanType.Default, false)], null);

    /// <summary>Big partition <paramref name="big"/> joined with the whole small side.</summary>
    public static Partition Join(JoinSpec spec, int pairHow, bool smallIsRight, Partition big, Partition small) =>
        smallIsRight ? spec.Apply(big, small, (JoinHow)pairHow) : spec.Apply(small, big, (JoinHow)pairHow);

    /// <summary>Which small rows <paramref name="big"/> matches: one bool column, a row per small row.</summary>
    public static Partition Matched(JoinSpec spec, bool smallIsRight, Partition big, Partition small)
    {
        bool[] matched = smallIsRight
            ? HashJoin.RightMatched([.. spec.LeftKeys.Select(big.Column)], [.. spec.RightKeys.Select(small.Column)])
            : HashJoin.RightMatched([.. spec.RightKeys.Select(big.Column)], [.. spec.LeftKeys.Select(small.Column)]);
        return new Partition(new RecordBatch(s_flags, [ArrayBuild.Boolean(matched, null, 0)], matched.Length));
    }

    /// <summary>The small rows no big partition matched, the big side's columns null.</summary>
    public static Partition Unmatched(JoinSpec spec, bool smallIsRight, Partition emptyBig, Partition small, Partition[] flags)
    {
        var rows = new List<int>();
        for (int r = 0; r < small.Length; r++)
        {
            bool any = false;
            foreach (Partition f in flags)
            {
                any |= ((BooleanArray)f.Batch.Column(0)).GetValue(r) == true;
            }

            if (!any)
            {
                rows.Add(r);
            }
        }

        int[] smallRows = [.. rows], none = new int[smallRows.Length];
        none.AsSpan().Fill(-1);
        return smallIsRight ? spec.Assemble(emptyBig, small, none, smallRows) : spec.Assemble(small, emptyBig, smallRows, none);
    }

    /// <summary>Partition i of the left joined with partition i of the right.</summary>
    public static Partition Pair(JoinSpec spec, Partition left, Partition right) => spec.Apply(left, right, spec.How);

    /// <summary>The rows of <paramref name="parts"/> that <paramref name="cut"/> keeps, concatenated in order; <paramref name="empty"/> when there are no parts.</summary>
    public static Partition Slice(PartitionProgram cut, Partition empty, Partition[] parts) => parts.Length == 0 ? empty : Take.Concat([.. parts.Select(cut.Run)]);

    /// <summary>
    /// The last partition of a repartition to divisions: the rows <paramref name="cut"/> keeps, then
    /// the rows of <paramref name="last"/> (the input's last partition, where SetIndex puts them)
    /// whose index is null or NaN, which no range holds: an index join matches them with each other.
    /// </summary>
    public static Partition SliceWithNulls(PartitionProgram cut, Partition empty, Partition[] parts, Partition last)
    {
        IArrowArray index = last.Column(last.Index!);
        var rows = new List<int>();
        for (int i = 0; i < index.Length; i++)
        {
            if (!ArrayBuild.IsValid(index, i) || index is DoubleArray d && double.IsNaN(d.Values[i]) || index is FloatArray f && float.IsNaN(f.Values[i]))
            {
                rows.Add(i);
            }
        }

        return Take.Concat([Slice(cut, empty, parts), Take.Rows(last, [.. rows])]);
    }
}
