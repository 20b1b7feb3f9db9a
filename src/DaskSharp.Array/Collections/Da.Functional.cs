using DaskSharp.Arrays;
using DaskSharp.Graphs;

namespace DaskSharp;

// The routines that take user functions (piecewise, apply_along_axis, apply_over_axes), sorted
// search, n-d histograms, NumPy's result_type, and the Bessel function i0.
public static partial class Da
{
    /// <summary>
    /// NumPy's <c>piecewise</c>: where condition i holds (the last that does, as NumPy assigns in order), function i of the
    /// array; elsewhere <paramref name="otherwise"/> of it, or zero.
    /// </summary>
    public static DaskArray<T> Piecewise<T>(DaskArray<T> x, IReadOnlyList<DaskArray<bool>> conditions, IReadOnlyList<Func<DaskArray<T>, DaskArray<T>>> functions, Func<DaskArray<T>, DaskArray<T>>? otherwise = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(functions);
        if (conditions.Count != functions.Count || conditions.Count == 0)
        {
            throw new ArgumentException($"Piecewise needs one function per condition (and at least one), not {conditions.Count} conditions and {functions.Count} functions.", nameof(functions));
        }

        // As NumPy assigns them in order, a later condition that holds wins.
        DaskArray<T> result = ZerosLike(Checked(x));
        for (int i = 0; i < conditions.Count; i++)
        {
            result = Where(conditions[i], functions[i](x), result);
        }

        return otherwise is null ? result : Where(AnyOf(conditions), result, otherwise(x));
    }

    /// <summary>
    /// <paramref name="function"/> applied to every 1-d slice along <paramref name="axis"/> (NumPy's
    /// <c>apply_along_axis</c>); each slice's result has <paramref name="length"/> elements (the
    /// slice's length by default), which take the axis' place. The axis is gathered into one chunk.
    /// </summary>
    public static DaskArray<TOut> ApplyAlongAxis<T, TOut>(Func<NDArray<T>, NDArray<TOut>> function, int axis, DaskArray<T> x, int? length = null)
        where T : unmanaged
        where TOut : unmanaged
    {
        ArgumentNullException.ThrowIfNull(function);
        int ax = Axes.Normalize(axis, Checked(x).Rank);
        long outLength = length ?? x.Shape[ax];
        DaskArray<T> whole = Rechunking.Rechunk(x, new Chunks([.. Enumerable.Range(0, x.Rank).Select(d => d == ax ? [x.Shape[d]] : x.Chunks.Sizes(d))]));
        var chunks = new Chunks([.. Enumerable.Range(0, x.Rank).Select(d => d == ax ? [outLength] : x.Chunks.Sizes(d))]);
        var apply = TaskFunction.From((NDArray<T> block, int along, long expected) => AlongAxis(block, along, (int)expected, function));
        return ArrayBuilder.Blockwise<TOut>(
            "apply-along-axis", apply, chunks, [BlockInput.Aligned(whole, x.Rank), BlockInput.Constant(ax), BlockInput.Constant(outLength)],
            token: System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(function));
    }

    /// <summary>
    /// NumPy's <c>apply_over_axes</c>: <paramref name="function"/>(array, axis) for each axis in turn,
    /// a reduced axis put back as length 1 so the rank stays.
    /// </summary>
    public static DaskArray<T> ApplyOverAxes<T>(Func<DaskArray<T>, int, DaskArray<T>> function, DaskArray<T> x, params int[] axes)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(axes);
        DaskArray<T> result = Checked(x);
        foreach (int axis in axes)
        {
            int ax = Axes.Normalize(axis, result.Rank);
            DaskArray<T> next = function(result, ax);
            result = next.Rank == result.Rank ? next
                : next.Rank == result.Rank - 1 ? next.ExpandDims(ax)
                : throw new ArgumentException($"The function changed the rank from {result.Rank} to {next.Rank}; it must keep it or reduce one axis.", nameof(function));
        }

        return result;
    }

    /// <summary>
    /// Where each of <paramref name="values"/> would go in the sorted 1-d array <paramref name="sorted"/>
    /// (NumPy's <c>searchsorted</c>): the count of elements below it (<paramref name="right"/>: at or below),
    /// summed over the sorted array's blocks as Dask does.
    /// </summary>
    public static DaskArray<long> SearchSorted<T>(DaskArray<T> sorted, DaskArray<T> values, bool right = false)
        where T : unmanaged
    {
        if (Checked(sorted).Rank != 1)
        {
            throw new ArgumentException($"SearchSorted needs a 1-d sorted array, not {sorted.Rank}-d.", nameof(sorted));
        }

        DaskArray<long>? total = null;
        for (int b = 0; b < sorted.NumBlocks[0]; b++)
        {
            DaskArray<T> block = sorted.Block(b);
            DaskArray<long> counts = right
                ? IndexedBlockwise.Two<T, T, long>(SearchFunctions<T>.CountAtOrBelow, "ij", Checked(values).Ravel().Reshape(1, values.Size), "ij", block.Reshape(1, block.Shape[0]).Rechunk(ChunkSpec.Explicit([1], [block.Shape[0]])), "ik")
                : IndexedBlockwise.Two<T, T, long>(SearchFunctions<T>.CountBelow, "ij", Checked(values).Ravel().Reshape(1, values.Size), "ij", block.Reshape(1, block.Shape[0]).Rechunk(ChunkSpec.Explicit([1], [block.Shape[0]])), "ik");
            total = total is null ? counts : total + counts;
        }

        return total!.Reshape(values.Shape);
    }

    /// <summary>
    /// Counts of the points (one column per dimension, as rows of <paramref name="sample"/>) in a grid of
    /// equal bins over the given ranges (NumPy's <c>histogramdd</c> with ranges, which Dask requires),
    /// and the edges per dimension; points outside the ranges are not counted.
    /// </summary>
    public static (DaskArray<double> Counts, double[][] Edges) HistogramDd<T>(DaskArray<T> sample, int[] bins, (double Min, double Max)[] ranges)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentNullException.ThrowIfNull(ranges);
        if (Checked(sample).Rank != 2 || sample.Shape[1] != bins.Length || bins.Length != ranges.Length)
        {
            throw new ArgumentException($"HistogramDd takes (points, dimensions) samples with one bin count and range per dimension, not shape {sample.Chunks.ShapeText()} with {bins.Length} bins and {ranges.Length} ranges.", nameof(sample));
        }

        double[][] edges = [.. bins.Select((n, d) => Enumerable.Range(0, n + 1).Select(i => Linspaced(ranges[d].Min, ranges[d].Max, n, i)).ToArray())];
        DaskArray<T> points = sample.Rechunk(ChunkSpec.Explicit(sample.Chunks.Sizes(0), [sample.Shape[1]]));
        var chunks = new Chunks([[.. Enumerable.Repeat(1L, points.NumBlocks[0])], .. bins.Select(n => new long[] { n })]);
        DaskArray<long> partial = ArrayBuilder.Blockwise<long>(
            "histogramdd", SearchFunctions<T>.HistogramDd, chunks,
            [BlockInput.Mapped(points, [0, 1]), BlockInput.Constant(edges.SelectMany(e => e).ToArray()), BlockInput.Constant(bins)]);
        return (partial.Reduce(ReduceOp.Sum, [0]).AsType<double>(), edges); // float64 counts, as NumPy's histogramdd
    }

    /// <summary>Counts of the points (x[i], y[i]) in bins × bins equal bins over the ranges (NumPy's <c>histogram2d</c> with ranges).</summary>
    public static (DaskArray<double> Counts, double[] XEdges, double[] YEdges) Histogram2d<T>(DaskArray<T> x, DaskArray<T> y, int bins, (double Min, double Max) xRange, (double Min, double Max) yRange)
        where T : unmanaged
    {
        DaskArray<T> sample = Stack([Checked(x).Ravel(), Checked(y).Ravel()], axis: 1);
        var (counts, edges) = HistogramDd(sample, [bins, bins], [xRange, yRange]);
        return (counts, edges[0], edges[1]);
    }

    /// <summary>NumPy's <c>result_type</c> of two element types: the dtype name of their arithmetic (<c>promote_types</c>).</summary>
    public static string ResultType<T1, T2>()
        where T1 : unmanaged
        where T2 : unmanaged => Arrays.Dtype.NameOf(TypePromotion.Binary(typeof(T1), typeof(T2)));

    /// <summary>The modified Bessel function of the first kind, order 0 (NumPy's <c>i0</c>, by the same Chebyshev series).</summary>
    public static DaskArray<double> I0(DaskArray<double> x) => ElementMaps.Map<double, double>(Checked(x), "i0", BesselI0.Of);

    private static DaskArray<bool> AnyOf(IReadOnlyList<DaskArray<bool>> conditions)
    {
        DaskArray<bool> any = conditions[0];
        for (int i = 1; i < conditions.Count; i++)
        {
            any = ElementwiseOps.Binary(any, conditions[i], BinaryOp.BitwiseOr);
        }

        return any;
    }

    private static NDArray<TOut> AlongAxis<T, TOut>(NDArray<T> block, int axis, int length, Func<NDArray<T>, NDArray<TOut>> function)
        where T : unmanaged
        where TOut : unmanaged
    {
        int[] perm = [.. Enumerable.Range(0, block.Rank).Where(d => d != axis), axis];
        NDArray<T> moved = block.Transpose(perm).AsContiguous();
        int n = block.Shape[axis];
        int outer = (int)(moved.Size / Math.Max(n, 1));
        var result = new TOut[outer * length];
        for (int o = 0; o < outer; o++)
        {
            NDArray<TOut> r = function(NDArray<T>.FromArray(moved.AsSpan().Slice(o * n, n).ToArray(), n));
            if (r.Size != length)
            {
                throw new InvalidOperationException($"apply_along_axis: the function returned {r.Size} elements for a slice, not the {length} declared.");
            }

            r.AsContiguous().AsSpan().CopyTo(result.AsSpan(o * length, length));
        }

        int[] outShape = [.. perm.Select(d => d == axis ? length : block.Shape[d])];
        int[] back = new int[perm.Length];
        for (int d = 0; d < perm.Length; d++)
        {
            back[perm[d]] = d;
        }

        return NDArray<TOut>.FromArray(result, outShape).Transpose(back).AsContiguous();
    }
}

/// <summary>The per-block functions of searchsorted and histogramdd.</summary>
internal static class SearchFunctions<T>
    where T : unmanaged
{
    public static readonly Func<NDArray<T>, NDArray<T>, NDArray<long>> CountBelow = (values, sorted) => Count(values, sorted, inclusive: false);

    public static readonly Func<NDArray<T>, NDArray<T>, NDArray<long>> CountAtOrBelow = (values, sorted) => Count(values, sorted, inclusive: true);

    public static readonly TaskFunction HistogramDd = TaskFunction.From((NDArray<T> points, double[] allEdges, int[] binCounts) =>
    {
        // The edges travel flat (bins + 1 per dimension): jagged arrays have no codec between processes.
        var edges = new double[binCounts.Length][];
        for (int d = 0, at = 0; d < binCounts.Length; at += binCounts[d] + 1, d++)
        {
            edges[d] = allEdges[at..(at + binCounts[d] + 1)];
        }

        ArrayKernels<T> k = ArrayKernels<T>.Instance;
        int dims = edges.Length;
        int[] shape = [1, .. edges.Select(e => e.Length - 1)];
        var counts = new NDArray<long>(shape);
        Span<long> c = counts.AsSpan();
        NDArray<T> p = points.AsContiguous();
        ReadOnlySpan<T> data = p.AsSpan();
        int rows = p.Shape[0];
        for (int r = 0; r < rows; r++)
        {
            int flat = 0;
            bool inside = true;
            for (int d = 0; d < dims && inside; d++)
            {
                double v = k.ToDouble(data[(r * dims) + d]);
                double[] e = edges[d];
                int bins = e.Length - 1;
                if (!(v >= e[0] && v <= e[^1]))
                {
                    inside = false;
                    break;
                }

                // The bin whose [edge, next edge) holds v; the last bin includes its right edge.
                int i = Math.Min((int)((v - e[0]) * (bins / (e[^1] - e[0]))), bins - 1);
                if (v < e[i])
                {
                    i--;
                }
                else if (v >= e[i + 1] && i != bins - 1)
                {
                    i++;
                }

                flat = (flat * bins) + i;
            }

            if (inside)
            {
                c[flat]++;
            }
        }

        return counts;
    }).AsKernel();

    private static NDArray<long> Count(NDArray<T> values, NDArray<T> sorted, bool inclusive)
    {
        ArrayKernels<T> k = ArrayKernels<T>.Instance;
        ReadOnlySpan<T> s = sorted.AsContiguous().AsSpan();
        ReadOnlySpan<T> v = values.AsContiguous().AsSpan();
        var result = new NDArray<long>(values.ShapeArray);
        Span<long> d = result.AsSpan();
        for (int i = 0; i < v.Length; i++)
        {
            double x = k.ToDouble(v[i]);
            int lo = 0;
            int hi = s.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                double m = k.ToDouble(s[mid]);
                // NaN sorts last, as in NumPy.
                bool before = !double.IsNaN(m) && (double.IsNaN(x) || (inclusive ? m <= x : m < x));
                if (before)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            d[i] = lo;
        }

        return result;
    }
}

/// <summary>NumPy's i0: Cephes' Chebyshev expansions of exp(−x)·I0(x) on [0, 8] and of exp(−x)·√x·I0(x) above.</summary>
internal static class BesselI0
{
    private static readonly double[] s_a =
    [
        -4.41534164647933937950E-18, 3.33079451882223809783E-17, -2.43127984654795469359E-16, 1.71539128555513303061E-15,
        -1.16853328779934516808E-14, 7.67618549860493561688E-14, -4.85644678311192946090E-13, 2.95505266312963983461E-12,
        -1.72682629144155570723E-11, 9.67580903537323691224E-11, -5.18979560163526290666E-10, 2.65982372468238665035E-9,
        -1.30002500998624804212E-8, 6.04699502254191894932E-8, -2.67079385394061173391E-7, 1.11738753912010371815E-6,
        -4.41673835845875056359E-6, 1.64484480707288970893E-5, -5.75419501008210370398E-5, 1.88502885095841655729E-4,
        -5.76375574538582365885E-4, 1.63947561694133579842E-3, -4.32430999505057594430E-3, 1.05464603945949983183E-2,
        -2.37374148058994688156E-2, 4.93052842396707084878E-2, -9.49010970480476444210E-2, 1.71620901522208775349E-1,
        -3.04682672343198398683E-1, 6.76795274409476084995E-1,
    ];

    private static readonly double[] s_b =
    [
        -7.23318048787475395456E-18, -4.83050448594418207126E-18, 4.46562142029675999901E-17, 3.46122286769746109310E-17,
        -2.82762398051658348494E-16, -3.42548561967721913462E-16, 1.77256013305652638360E-15, 3.81168066935262242075E-15,
        -9.55484669882830764870E-15, -4.15056934728722208663E-14, 1.54008621752140982691E-14, 3.85277838274214270114E-13,
        7.18012445138366623367E-13, -1.79417853150680611778E-12, -1.32158118404477131188E-11, -3.14991652796324136454E-11,
        1.18891471078464383424E-11, 4.94060238822496958910E-10, 3.39623202570838634515E-9, 2.26666899049817806459E-8,
        2.04891858946906374183E-7, 2.89137052083475648297E-6, 6.88975834691682398426E-5, 3.36911647825569408990E-3,
        8.04490411014108831608E-1,
    ];

    public static double Of(double x)
    {
        x = Math.Abs(x);
        return x <= 8.0
            ? Math.Exp(x) * Chebyshev((x / 2.0) - 2, s_a)
            : Math.Exp(x) * Chebyshev((32.0 / x) - 2.0, s_b) / Math.Sqrt(x);
    }

    private static double Chebyshev(double x, double[] coefficients)
    {
        double b0 = coefficients[0];
        double b1 = 0.0;
        double b2 = 0.0;
        for (int i = 1; i < coefficients.Length; i++)
        {
            b2 = b1;
            b1 = b0;
            b0 = (x * b1) - b2 + coefficients[i];
        }

        return 0.5 * (b0 - b2);
    }
}
