using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// Which pieces of which input partitions make each new partition, as Dask's
/// <c>repartition_npartitions</c> and <c>repartition_size</c> decide: fewer partitions concatenate
/// neighbours; more split each partition by rows (unknown divisions) or cut it at interpolated
/// divisions (known divisions of a timestamp or numeric index); a size splits what is too big and
/// then concatenates neighbours up to it.
/// </summary>
public static class RepartitionLayout
{
    /// <summary><paramref name="input"/> in <paramref name="npartitions"/> partitions.</summary>
    public static FrameExpr ToCount(FrameExpr input, int npartitions)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(npartitions, 1);
        int n = input.NPartitions;
        string how = $"npartitions={npartitions}";
        if (npartitions == n)
        {
            return input;
        }

        if (npartitions < n)
        {
            // Boundaries at ⌊k·n/npartitions⌋, as Dask's int(k * ratio).
            int[] bounds = [.. Enumerable.Range(0, npartitions + 1).Select(k => (int)((long)k * n / npartitions))];
            return Concatenating(input, bounds, how, npartitions);
        }

        if (input.Divisions is { } divisions && input.Schema.Index is { } index && Interpolate(divisions, input.Schema.TypeOf(index), npartitions) is { } cuts)
        {
            return Cutting(input, index, cuts, how, npartitions);
        }

        // Dask: divmod(npartitions, n) pieces a partition, the remainder to the last.
        int each = npartitions / n;
        int[] splits = [.. Enumerable.Repeat(each, n)];
        splits[^1] += npartitions % n;
        return new Repartition(input, Split(splits), null, how, npartitions);
    }

    /// <summary>
    /// <paramref name="input"/> in partitions of at most <paramref name="bytes"/>, given each input
    /// partition's measured <paramref name="sizes"/> and <paramref name="rows"/>.
    /// </summary>
    public static FrameExpr ToSize(FrameExpr input, long bytes, IReadOnlyList<long> sizes, IReadOnlyList<long> rows, string how)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        int n = input.NPartitions;
        // 1. Split every partition larger than the size (into 1 + size // bytes pieces, at most one a row).
        int[] splits = [.. Enumerable.Range(0, n).Select(i => (int)Math.Clamp(1 + (sizes[i] / bytes), 1, Math.Max(1, rows[i])))];
        bool split = splits.Any(s => s > 1);
        List<IReadOnlyList<RepartitionPiece>> pieces = Split(splits);
        double[] pieceSizes = [.. Enumerable.Range(0, n).SelectMany(i => Enumerable.Repeat(sizes[i] / (double)splits[i], splits[i]))];

        // 2. Concatenate neighbours while they fit (Dask's iter_chunks).
        var outputs = new List<IReadOnlyList<RepartitionPiece>>();
        var bounds = new List<int> { 0 };
        var current = new List<RepartitionPiece>();
        double filled = 0;
        for (int p = 0; p < pieces.Count; p++)
        {
            if (current.Count > 0 && filled + pieceSizes[p] > bytes)
            {
                outputs.Add(current);
                bounds.Add(p);
                current = [];
                filled = 0;
            }

            current.AddRange(pieces[p]);
            filled += pieceSizes[p];
        }

        outputs.Add(current);
        bounds.Add(pieces.Count);
        IReadOnlyList<object>? divisions = !split && input.Divisions is { } d ? [.. bounds.Select(b => d[b])] : null;
        return outputs.Count == n && !split ? input : new Repartition(input, outputs, divisions, how);
    }

    private static Repartition Concatenating(FrameExpr input, int[] bounds, string how, int count)
    {
        var outputs = new List<IReadOnlyList<RepartitionPiece>>();
        for (int k = 0; k + 1 < bounds.Length; k++)
        {
            outputs.Add([.. Enumerable.Range(bounds[k], bounds[k + 1] - bounds[k]).Select(i => new RepartitionPiece(i, null))]);
        }

        IReadOnlyList<object>? divisions = input.Divisions is { } d ? [.. bounds.Select(b => d[b])] : null;
        return new Repartition(input, outputs, divisions, how, count);
    }

    private static List<IReadOnlyList<RepartitionPiece>> Split(int[] splits)
    {
        var outputs = new List<IReadOnlyList<RepartitionPiece>>();
        for (int i = 0; i < splits.Length; i++)
        {
            for (int k = 0; k < splits[i]; k++)
            {
                outputs.Add([new RepartitionPiece(i, splits[i] == 1 ? null : new RowSliceStep(k, splits[i]))]);
            }
        }

        return outputs;
    }

    /// <summary>Each new partition: the input partitions overlapping [cut(k), cut(k+1)) (the last closed), each cut to that range.</summary>
    private static Repartition Cutting(FrameExpr input, string index, object[] cuts, string how, int count)
    {
        IArrowType type = input.Schema.TypeOf(index);
        bool timestamp = type is TimestampType;
        object[] old = [.. input.Divisions!.Select(d => IndexLabels.Native(d, type, index))];
        var outputs = new List<IReadOnlyList<RepartitionPiece>>();
        for (int k = 0; k + 1 < cuts.Length; k++)
        {
            bool last = k + 2 == cuts.Length;
            var cut = new IndexRangeStep(index, timestamp, cuts[k], cuts[k + 1], upperInclusive: last);
            var pieces = new List<RepartitionPiece>();
            for (int i = 0; i + 1 < old.Length; i++)
            {
                bool lastInput = i + 2 == old.Length;
                // Input i holds [old(i), old(i+1)) (the last closed); it overlaps [lo, hi) when old(i) < hi and lo < old(i+1), or lo == old(i+1) for the closed last one.
                bool startsBefore = last ? IndexLabels.Compare(old[i], cuts[k + 1]) <= 0 : IndexLabels.Compare(old[i], cuts[k + 1]) < 0;
                bool endsAfter = lastInput ? IndexLabels.Compare(cuts[k], old[i + 1]) <= 0 : IndexLabels.Compare(cuts[k], old[i + 1]) < 0;
                if (startsBefore && endsAfter)
                {
                    pieces.Add(new RepartitionPiece(i, cut));
                }
            }

            outputs.Add(pieces);
        }

        return new Repartition(input, outputs, [.. cuts.Select(c => IndexLabels.Division(c, type))], how, count);
    }

    /// <summary>
    /// Dask's interpolated divisions (<c>np.interp</c> at k·n/npartitions), computed exactly; null for an
    /// index that is not a timestamp or number, or when integer divisions would repeat.
    /// </summary>
    private static object[]? Interpolate(IReadOnlyList<object> divisions, IArrowType type, int npartitions)
    {
        int n = divisions.Count - 1;
        var cuts = new object[npartitions + 1];
        for (int k = 0; k <= npartitions; k++)
        {
            long scaled = (long)k * n; // position k·n/npartitions = seg + rest/npartitions
            int seg = (int)Math.Min(scaled / npartitions, n - 1);
            long rest = scaled - ((long)seg * npartitions);
            object a = IndexLabels.Native(divisions[seg], type, "divisions"), b = IndexLabels.Native(divisions[seg + 1], type, "divisions");
            switch (type)
            {
                case TimestampType or Int64Type or Int32Type:
                    long lo = (long)a, hi = (long)b;
                    cuts[k] = (long)(lo + ((Int128)(hi - lo) * rest / npartitions));
                    if (k > 0 && (long)cuts[k] <= (long)cuts[k - 1])
                    {
                        return null;
                    }

                    break;
                case DoubleType or FloatType:
                    double x = (double)a, y = (double)b;
                    cuts[k] = x + ((y - x) * rest / npartitions);
                    break;
                default:
                    return null;
            }
        }

        return cuts;
    }
}
