using DaskSharp.Graphs;

namespace DaskSharp.Arrays;

/// <summary>The per-block functions of the predicates and binning that take constants (sets, bins, tolerances).</summary>
internal static class ConstantFunctions
{
    public static TaskFunction IsIn<T>()
        where T : unmanaged => Holder<T>.IsIn;

    public static TaskFunction Digitize<T>()
        where T : unmanaged => Holder<T>.Digitize;

    public static TaskFunction IsClose<T>()
        where T : unmanaged => Holder<T>.IsClose;

    private static class Holder<T>
        where T : unmanaged
    {
        public static readonly TaskFunction IsIn = TaskFunction.From((NDArray<T> block, T[] set) =>
        {
            var members = new HashSet<T>(set);
            ReadOnlySpan<T> values = block.AsContiguous().AsSpan();
            var result = new NDArray<bool>(block.ShapeArray);
            Span<bool> d = result.AsSpan();
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = members.Contains(values[i]);
            }

            return result;
        }).AsKernel();

        public static readonly TaskFunction Digitize = TaskFunction.From((NDArray<T> block, double[] bins, bool right) =>
        {
            ArrayKernels<T> k = ArrayKernels<T>.Instance;
            ReadOnlySpan<T> values = block.AsContiguous().AsSpan();
            var result = new NDArray<long>(block.ShapeArray);
            Span<long> d = result.AsSpan();
            for (int i = 0; i < d.Length; i++)
            {
                double v = k.ToDouble(values[i]);
                // NumPy: searchsorted(bins, x, side = right ? 'left' : 'right'); NaN sorts last.
                int lo = 0;
                int hi = bins.Length;
                while (lo < hi)
                {
                    int mid = (lo + hi) >>> 1;
                    bool before = double.IsNaN(v) || (right ? bins[mid] < v : bins[mid] <= v);
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
        }).AsKernel();

        /// <summary>NumPy's isclose: |a − b| ≤ atol + rtol·|b| for finite values, equal infinities, and NaN equal to NaN when asked.</summary>
        public static readonly TaskFunction IsClose = TaskFunction.From((NDArray<T> a, NDArray<T> b, double rtol, double atol, bool equalNaN) =>
        {
            ArrayKernels<T> k = ArrayKernels<T>.Instance;
            int[] shape = Elementwise.BroadcastShape(a.ShapeArray, b.ShapeArray);
            var all = NDArray<bool>.Full(true, shape);
            ReadOnlySpan<T> x = Elementwise.Where(all, a, a).AsSpan();
            ReadOnlySpan<T> y = Elementwise.Where(all, b, b).AsSpan();
            var result = new NDArray<bool>(shape);
            Span<bool> d = result.AsSpan();
            for (int i = 0; i < d.Length; i++)
            {
                double p = k.ToDouble(x[i]);
                double q = k.ToDouble(y[i]);
                d[i] = double.IsFinite(p) && double.IsFinite(q)
                    ? Math.Abs(p - q) <= atol + (rtol * Math.Abs(q))
                    : p == q || (equalNaN && double.IsNaN(p) && double.IsNaN(q));
            }

            return result;
        }).AsKernel();
    }
}
