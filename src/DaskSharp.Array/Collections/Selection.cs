using DaskSharp.Graphs;

namespace DaskSharp.Arrays;

/// <summary>
/// Order statistics: quantiles, percentiles and medians (NumPy's default linear interpolation), and
/// top-k. Like Dask's <c>median</c>, each gathers the reduced axes into one chunk (rechunking) and
/// computes every output block from its whole slices; the other axes stay chunked.
/// </summary>
internal static class Selection
{
    /// <summary>Quantiles <paramref name="q"/> (0 to 1) over <paramref name="axes"/> (all when null); without <paramref name="scalarQ"/> the result has a leading axis of the quantiles.</summary>
    public static DaskArray<double> Quantiles<T>(DaskArray<T> x, double[] q, int[]? axes, bool keepDims, bool nan, bool scalarQ)
        where T : unmanaged
    {
        foreach (double p in q)
        {
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(q), $"Quantiles must be in the range [0, 1] (percentiles in [0, 100]), not {p}.");
            }
        }

        return OverSlices<T, double>(x, axes, keepDims, scalarQ ? null : q.Length, "quantile", QuantileFunctions<T>.Quantiles, BlockInput.Constant(q), BlockInput.Constant(nan), BlockInput.Constant(!scalarQ));
    }

    /// <summary>NumPy's median: the middle element, or the mean of the middle two; NaN for a slice with a NaN unless <paramref name="nan"/>.</summary>
    public static DaskArray<double> Median<T>(DaskArray<T> x, int[]? axes, bool keepDims, bool nan)
        where T : unmanaged =>
        OverSlices<T, double>(x, axes, keepDims, null, nan ? "nanmedian" : "median", QuantileFunctions<T>.Median, BlockInput.Constant(nan));

    public static DaskArray<T> TopK<T>(DaskArray<T> x, int k, int axis)
        where T : unmanaged => Top<T, T>(x, k, axis, QuantileFunctions<T>.TopK, "topk");

    public static DaskArray<long> ArgTopK<T>(DaskArray<T> x, int k, int axis)
        where T : unmanaged => Top<T, long>(x, k, axis, QuantileFunctions<T>.ArgTopK, "argtopk");

    /// <summary>The array, whose computation fails with <paramref name="message"/> where <paramref name="bad"/> holds anywhere.</summary>
    public static DaskArray<T> FailWhereAny<T>(DaskArray<T> x, DaskArray<bool> bad, string message)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        return ArrayBuilder.Blockwise<T>(
            "check", QuantileFunctions<T>.FailWhereAny, x.Chunks,
            [BlockInput.Aligned(x, x.Rank), BlockInput.Aligned(Rechunking.Rechunk(bad, x.Chunks), x.Rank), BlockInput.Constant(message)]);
    }

    private static DaskArray<TOut> OverSlices<T, TOut>(DaskArray<T> x, int[]? axes, bool keepDims, int? leading, string prefix, TaskFunction function, params BlockInput[] extras)
        where T : unmanaged
        where TOut : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        Chunks.RequireKnown(x.Chunks, prefix);
        int[] reduced = Axes.NormalizeMany(axes, x.Rank);
        DaskArray<T> whole = Rechunking.Rechunk(x, new Chunks([.. Enumerable.Range(0, x.Rank).Select(d => reduced.Contains(d) ? [x.Shape[d]] : x.Chunks.Sizes(d))]));
        int lead = leading is null ? 0 : 1;
        long[][] sizes = [.. (leading is { } n ? new[] { new long[] { n } } : []), .. Enumerable.Range(0, x.Rank).Select(d => reduced.Contains(d) ? [1L] : x.Chunks.Sizes(d))];
        DaskArray<TOut> kept = ArrayBuilder.Blockwise<TOut>(
            prefix, function, new Chunks(sizes),
            [BlockInput.Mapped(whole, [.. Enumerable.Range(lead, x.Rank)]), BlockInput.Constant(reduced), .. extras]);
        if (keepDims)
        {
            return kept;
        }

        long[] shape = [.. kept.Shape.Where((_, d) => d < lead || !reduced.Contains(d - lead))];
        return kept.Reshape(shape);
    }

    private static DaskArray<TOut> Top<T, TOut>(DaskArray<T> x, int k, int axis, TaskFunction function, string prefix)
        where T : unmanaged
        where TOut : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        Chunks.RequireKnown(x.Chunks, prefix);
        axis = Axes.Normalize(axis, x.Rank);
        if (k == 0 || Math.Abs((long)k) > x.Shape[axis])
        {
            throw new ArgumentOutOfRangeException(nameof(k), $"{prefix} needs 1 <= |k| <= {x.Shape[axis]} (the length of axis {axis}), not {k}.");
        }

        DaskArray<T> whole = Rechunking.Rechunk(x, new Chunks([.. Enumerable.Range(0, x.Rank).Select(d => d == axis ? [x.Shape[d]] : x.Chunks.Sizes(d))]));
        long[][] sizes = [.. Enumerable.Range(0, x.Rank).Select(d => d == axis ? [Math.Abs((long)k)] : x.Chunks.Sizes(d))];
        return ArrayBuilder.Blockwise<TOut>(prefix, function, new Chunks(sizes), [BlockInput.Aligned(whole, x.Rank), BlockInput.Constant(k), BlockInput.Constant(axis)]);
    }
}

/// <summary>The per-block functions of <see cref="Selection"/>: each slice along the reduced axes, in double.</summary>
internal static class QuantileFunctions<T>
    where T : unmanaged
{
    public static readonly TaskFunction Quantiles = TaskFunction.From((NDArray<T> block, int[] axes, double[] q, bool nan, bool leading) =>
        OverSlices(block, axes, q.Length, leading, (values, result) =>
        {
            for (int i = 0; i < q.Length; i++)
            {
                result[i] = Quantile(values, q[i]);
            }
        }, nan)).AsKernel();

    public static readonly TaskFunction Median = TaskFunction.From((NDArray<T> block, int[] axes, bool nan) =>
        OverSlices(block, axes, 1, false, (values, result) => result[0] = MedianOf(values), nan)).AsKernel();

    public static readonly TaskFunction TopK = TaskFunction.From((NDArray<T> block, int k, int axis) => Top(block, k, axis, indices: false)).AsKernel();

    public static readonly TaskFunction ArgTopK = TaskFunction.From((NDArray<T> block, int k, int axis) => Top(block, k, axis, indices: true)).AsKernel();

    public static readonly TaskFunction FailWhereAny = TaskFunction.From((NDArray<T> block, NDArray<bool> bad, string message) =>
        bad.AsContiguous().AsSpan().Contains(true) ? throw new ArgumentException(message) : block).AsKernel();

    /// <summary>
    /// Applies <paramref name="compute"/> to each slice along <paramref name="axes"/> (sorted, in
    /// double; NaN-free, or NaN results when it had one, unless <paramref name="skipNaN"/>). The
    /// result has the reduced axes as length 1, after a <paramref name="leading"/> axis of the <paramref name="count"/> results.
    /// </summary>
    private static NDArray<double> OverSlices(NDArray<T> block, int[] axes, int count, bool leading, SliceAction compute, bool skipNaN)
    {
        ArrayKernels<T> k = ArrayKernels<T>.Instance;
        int[] shape = block.ShapeArray;
        int[] kept = Reductions.KeptShape(shape, axes);
        int[] perm = [.. Enumerable.Range(0, shape.Length).Where(d => !axes.Contains(d)), .. axes];
        ReadOnlySpan<T> data = block.Transpose(perm).AsContiguous().AsSpan();
        int length = axes.Aggregate(1, (n, a) => n * shape[a]);
        int outer = length == 0 ? (int)NDArray<double>.ShapeSize(kept) : data.Length / length;
        int[] resultShape = leading ? [count, .. kept] : kept;
        var result = new NDArray<double>(resultShape);
        Span<double> r = result.AsSpan();
        var values = new double[length];
        var results = new double[count];
        for (int o = 0; o < outer; o++)
        {
            int n = 0;
            bool hasNaN = false;
            foreach (T v in data.Slice(o * length, length))
            {
                double d = k.ToDouble(v);
                if (double.IsNaN(d))
                {
                    hasNaN = true;
                    continue;
                }

                values[n++] = d;
            }

            if (n == 0 || (hasNaN && !skipNaN))
            {
                results.AsSpan().Fill(double.NaN);
            }
            else
            {
                Array.Sort(values, 0, n);
                compute(values.AsSpan(0, n), results);
            }

            for (int i = 0; i < count; i++)
            {
                r[(i * outer) + o] = results[i];
            }
        }

        return result;
    }

    /// <summary>NumPy 1.24's linear method: virtual index (n − 1)·q between its neighbours, by <c>_lerp</c>'s two-sided formula.</summary>
    private static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        int n = sorted.Length;
        double at = (n - 1) * q;
        if (at >= n - 1)
        {
            return sorted[n - 1];
        }

        int previous = (int)Math.Floor(at);
        double gamma = at - previous;
        double a = sorted[previous];
        double b = sorted[previous + 1];
        double diff = b - a;
        return gamma >= 0.5 ? b - (diff * (1 - gamma)) : a + (diff * gamma);
    }

    /// <summary>NumPy's median: the middle element, or the mean of the two middle ones.</summary>
    private static double MedianOf(ReadOnlySpan<double> sorted)
    {
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    private static object Top(NDArray<T> block, int k, int axis, bool indices)
    {
        ArrayKernels<T> kernels = ArrayKernels<T>.Instance;
        int[] shape = block.ShapeArray;
        int rank = shape.Length;
        int[] perm = [.. Enumerable.Range(0, rank).Where(d => d != axis), axis];
        ReadOnlySpan<T> data = block.Transpose(perm).AsContiguous().AsSpan();
        int length = shape[axis];
        int take = Math.Abs(k);
        int outer = length == 0 ? 0 : data.Length / length;
        var values = new T[outer * take];
        var positions = new long[outer * take];
        var order = new int[length];
        var keys = new double[length];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < length; i++)
            {
                order[i] = i;
                double v = kernels.ToDouble(data[(o * length) + i]);
                // Largest first for k > 0: sort by the negated value; NaN counts as the largest, as NumPy sorts it last.
                keys[i] = double.IsNaN(v) ? (k > 0 ? double.NegativeInfinity : double.PositiveInfinity) : (k > 0 ? -v : v);
            }

            Array.Sort(keys, order);
            for (int j = 0; j < take; j++)
            {
                values[(o * take) + j] = data[(o * length) + order[j]];
                positions[(o * take) + j] = order[j];
            }
        }

        int[] outShape = [.. perm.Select(d => d == axis ? take : shape[d])];
        int[] back = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            back[perm[d]] = d;
        }

        return indices
            ? NDArray<long>.FromArray(positions, outShape).Transpose(back).AsContiguous()
            : NDArray<T>.FromArray(values, outShape).Transpose(back).AsContiguous();
    }

    private delegate void SliceAction(ReadOnlySpan<double> sorted, double[] results);
}
