using DaskSharp.Arrays;

namespace DaskSharp;

/// <summary>
/// The reductions whose element type NumPy promotes (<see cref="TypePromotion"/>): sums and products
/// of bools and narrow integers are int64, means, variances, medians, averages and moments of
/// integers are float64. Each input type with its own result type has its own overloads (bool,
/// int and long, the types comparisons and counts produce); the generic forms serve the types whose
/// result keeps their type (double, float, Half, and long sums), and refuse, naming the NumPy type
/// and the call that gives it, one that would not. Every reduction takes no axis (a lazy scalar),
/// one axis or several, and keepDims.
/// </summary>
public static class DaskArrayReductions
{
    extension<T>(DaskArray<T> x)
        where T : unmanaged
    {
        /// <summary>Sum of every element: a lazy scalar (bool and int arrays have int64 overloads).</summary>
        public DaskScalar<T> Sum() => new(Same(x, TypePromotion.Sum, "Sum").Reduce(ReduceOp.Sum, null));

        /// <summary>Sum over one axis.</summary>
        public DaskArray<T> Sum(int axis, bool keepDims = false, int? splitEvery = null) => Same(x, TypePromotion.Sum, "Sum").Reduce(ReduceOp.Sum, [axis], keepDims, splitEvery);

        /// <summary>Sum over several axes (all when null).</summary>
        public DaskArray<T> Sum(int[]? axes, bool keepDims = false, int? splitEvery = null) => Same(x, TypePromotion.Sum, "Sum").Reduce(ReduceOp.Sum, axes, keepDims, splitEvery);

        /// <summary>Product of every element: a lazy scalar (bool and int arrays have int64 overloads).</summary>
        public DaskScalar<T> Prod() => new(Same(x, TypePromotion.Sum, "Prod").Reduce(ReduceOp.Prod, null));

        /// <summary>Product over one axis.</summary>
        public DaskArray<T> Prod(int axis, bool keepDims = false, int? splitEvery = null) => Same(x, TypePromotion.Sum, "Prod").Reduce(ReduceOp.Prod, [axis], keepDims, splitEvery);

        /// <summary>Product over several axes (all when null).</summary>
        public DaskArray<T> Prod(int[]? axes, bool keepDims = false, int? splitEvery = null) => Same(x, TypePromotion.Sum, "Prod").Reduce(ReduceOp.Prod, axes, keepDims, splitEvery);

        /// <summary>Sum treating NaN as zero of every element: a lazy scalar (bool and int arrays have int64 overloads).</summary>
        public DaskScalar<T> NanSum() => new(Same(x, TypePromotion.Sum, "NanSum").Reduce(ReduceOp.NanSum, null));

        /// <summary>Sum treating NaN as zero over one axis.</summary>
        public DaskArray<T> NanSum(int axis, bool keepDims = false, int? splitEvery = null) => Same(x, TypePromotion.Sum, "NanSum").Reduce(ReduceOp.NanSum, [axis], keepDims, splitEvery);

        /// <summary>Sum treating NaN as zero over several axes (all when null).</summary>
        public DaskArray<T> NanSum(int[]? axes, bool keepDims = false, int? splitEvery = null) => Same(x, TypePromotion.Sum, "NanSum").Reduce(ReduceOp.NanSum, axes, keepDims, splitEvery);

        /// <summary>Product treating NaN as one of every element: a lazy scalar (bool and int arrays have int64 overloads).</summary>
        public DaskScalar<T> NanProd() => new(Same(x, TypePromotion.Sum, "NanProd").Reduce(ReduceOp.NanProd, null));

        /// <summary>Product treating NaN as one over one axis.</summary>
        public DaskArray<T> NanProd(int axis, bool keepDims = false, int? splitEvery = null) => Same(x, TypePromotion.Sum, "NanProd").Reduce(ReduceOp.NanProd, [axis], keepDims, splitEvery);

        /// <summary>Product treating NaN as one over several axes (all when null).</summary>
        public DaskArray<T> NanProd(int[]? axes, bool keepDims = false, int? splitEvery = null) => Same(x, TypePromotion.Sum, "NanProd").Reduce(ReduceOp.NanProd, axes, keepDims, splitEvery);

        /// <summary>Cumulative sum of the flattened array.</summary>
        public DaskArray<T> CumSum() => CumulativeReduction<T>.CumSum(Same(x, TypePromotion.Sum, "CumSum").Ravel(), 0);

        /// <summary>Cumulative sum along <paramref name="axis"/>.</summary>
        public DaskArray<T> CumSum(int axis) => CumulativeReduction<T>.CumSum(Same(x, TypePromotion.Sum, "CumSum"), axis);

        /// <summary>Cumulative product of the flattened array.</summary>
        public DaskArray<T> CumProd() => CumulativeReduction<T>.CumProd(Same(x, TypePromotion.Sum, "CumProd").Ravel(), 0);

        /// <summary>Cumulative product along <paramref name="axis"/>.</summary>
        public DaskArray<T> CumProd(int axis) => CumulativeReduction<T>.CumProd(Same(x, TypePromotion.Sum, "CumProd"), axis);

        /// <summary>Cumulative sum treating NaN as zero of the flattened array.</summary>
        public DaskArray<T> NanCumSum() => CumulativeReduction<T>.CumSum(NaNAs(Same(x, TypePromotion.Sum, "NanCumSum"), 0).Ravel(), 0);

        /// <summary>Cumulative sum treating NaN as zero along <paramref name="axis"/>.</summary>
        public DaskArray<T> NanCumSum(int axis) => CumulativeReduction<T>.CumSum(NaNAs(Same(x, TypePromotion.Sum, "NanCumSum"), 0), axis);

        /// <summary>Cumulative product treating NaN as one of the flattened array.</summary>
        public DaskArray<T> NanCumProd() => CumulativeReduction<T>.CumProd(NaNAs(Same(x, TypePromotion.Sum, "NanCumProd"), 1).Ravel(), 0);

        /// <summary>Cumulative product treating NaN as one along <paramref name="axis"/>.</summary>
        public DaskArray<T> NanCumProd(int axis) => CumulativeReduction<T>.CumProd(NaNAs(Same(x, TypePromotion.Sum, "NanCumProd"), 1), axis);

        /// <summary>Sum of the <paramref name="offset"/>-th diagonal of a 2-d array (NumPy's <c>trace</c>): a lazy scalar.</summary>
        public DaskScalar<T> Trace(int offset = 0) => new(Same(x, TypePromotion.Sum, "Trace").Diagonal(offset).Reduce(ReduceOp.Sum, null));

        /// <summary>Mean of every element: a lazy scalar (integer arrays have float64 overloads).</summary>
        public DaskScalar<T> Mean() => new(Same(Same(x, TypePromotion.Mean, "Mean"), TypePromotion.Mean, "Mean").MeanOver(null, false, null));

        /// <summary>Mean over one axis.</summary>
        public DaskArray<T> Mean(int axis, bool keepDims = false, int? splitEvery = null) => Same(Same(x, TypePromotion.Mean, "Mean"), TypePromotion.Mean, "Mean").MeanOver([axis], keepDims, splitEvery);

        /// <summary>Mean over several axes (all when null).</summary>
        public DaskArray<T> Mean(int[]? axes, bool keepDims = false, int? splitEvery = null) => Same(Same(x, TypePromotion.Mean, "Mean"), TypePromotion.Mean, "Mean").MeanOver(axes, keepDims, splitEvery);

        /// <summary>Mean ignoring NaN of every element: a lazy scalar (integer arrays have float64 overloads).</summary>
        public DaskScalar<T> NanMean() => new(Statistics.NanMean(Same(x, TypePromotion.Mean, "NanMean"), null, false));

        /// <summary>Mean ignoring NaN over one axis.</summary>
        public DaskArray<T> NanMean(int axis, bool keepDims = false) => Statistics.NanMean(Same(x, TypePromotion.Mean, "NanMean"), [axis], keepDims);

        /// <summary>Mean ignoring NaN over several axes (all when null).</summary>
        public DaskArray<T> NanMean(int[]? axes, bool keepDims = false) => Statistics.NanMean(Same(x, TypePromotion.Mean, "NanMean"), axes, keepDims);

        /// <summary>Variance of every element with <paramref name="ddof"/> delta degrees of freedom: a lazy scalar.</summary>
        public DaskScalar<T> Var(int ddof = 0) => new(Same(x, TypePromotion.Mean, "Var").Moments("var", null, ddof, false, null, false));

        /// <summary>Variance over one axis with <paramref name="ddof"/> delta degrees of freedom.</summary>
        public DaskArray<T> Var(int axis, int ddof = 0, bool keepDims = false, int? splitEvery = null) => Same(x, TypePromotion.Mean, "Var").Moments("var", [axis], ddof, keepDims, splitEvery, false);

        /// <summary>Variance over several axes (all when null) with <paramref name="ddof"/> delta degrees of freedom.</summary>
        public DaskArray<T> Var(int[]? axes, int ddof = 0, bool keepDims = false, int? splitEvery = null) => Same(x, TypePromotion.Mean, "Var").Moments("var", axes, ddof, keepDims, splitEvery, false);

        /// <summary>Standard deviation of every element with <paramref name="ddof"/> delta degrees of freedom: a lazy scalar.</summary>
        public DaskScalar<T> Std(int ddof = 0) => new(Same(x, TypePromotion.Mean, "Std").Moments("std", null, ddof, false, null, true));

        /// <summary>Standard deviation over one axis with <paramref name="ddof"/> delta degrees of freedom.</summary>
        public DaskArray<T> Std(int axis, int ddof = 0, bool keepDims = false, int? splitEvery = null) => Same(x, TypePromotion.Mean, "Std").Moments("std", [axis], ddof, keepDims, splitEvery, true);

        /// <summary>Standard deviation over several axes (all when null) with <paramref name="ddof"/> delta degrees of freedom.</summary>
        public DaskArray<T> Std(int[]? axes, int ddof = 0, bool keepDims = false, int? splitEvery = null) => Same(x, TypePromotion.Mean, "Std").Moments("std", axes, ddof, keepDims, splitEvery, true);

        /// <summary>Variance ignoring NaN of every element with <paramref name="ddof"/> delta degrees of freedom: a lazy scalar.</summary>
        public DaskScalar<T> NanVar(int ddof = 0) => new(Statistics.NanVar(Same(x, TypePromotion.Mean, "NanVar"), null, ddof, false, false));

        /// <summary>Variance ignoring NaN over one axis with <paramref name="ddof"/> delta degrees of freedom.</summary>
        public DaskArray<T> NanVar(int axis, int ddof = 0, bool keepDims = false) => Statistics.NanVar(Same(x, TypePromotion.Mean, "NanVar"), [axis], ddof, keepDims, false);

        /// <summary>Variance ignoring NaN over several axes (all when null) with <paramref name="ddof"/> delta degrees of freedom.</summary>
        public DaskArray<T> NanVar(int[]? axes, int ddof = 0, bool keepDims = false) => Statistics.NanVar(Same(x, TypePromotion.Mean, "NanVar"), axes, ddof, keepDims, false);

        /// <summary>Standard deviation ignoring NaN of every element with <paramref name="ddof"/> delta degrees of freedom: a lazy scalar.</summary>
        public DaskScalar<T> NanStd(int ddof = 0) => new(Statistics.NanVar(Same(x, TypePromotion.Mean, "NanStd"), null, ddof, false, true));

        /// <summary>Standard deviation ignoring NaN over one axis with <paramref name="ddof"/> delta degrees of freedom.</summary>
        public DaskArray<T> NanStd(int axis, int ddof = 0, bool keepDims = false) => Statistics.NanVar(Same(x, TypePromotion.Mean, "NanStd"), [axis], ddof, keepDims, true);

        /// <summary>Standard deviation ignoring NaN over several axes (all when null) with <paramref name="ddof"/> delta degrees of freedom.</summary>
        public DaskArray<T> NanStd(int[]? axes, int ddof = 0, bool keepDims = false) => Statistics.NanVar(Same(x, TypePromotion.Mean, "NanStd"), axes, ddof, keepDims, true);

        /// <summary>Median of every element: a lazy scalar.</summary>
        public DaskScalar<T> Median() => new(FromDouble<T>(Selection.Median(Same(x, TypePromotion.Mean, "Median"), null, false, nan: false)));

        /// <summary>Median along one axis (gathered into one chunk, as Dask's).</summary>
        public DaskArray<T> Median(int axis, bool keepDims = false) => FromDouble<T>(Selection.Median(Same(x, TypePromotion.Mean, "Median"), [axis], keepDims, nan: false));

        /// <summary>Median over several axes (all when null).</summary>
        public DaskArray<T> Median(int[]? axes, bool keepDims = false) => FromDouble<T>(Selection.Median(Same(x, TypePromotion.Mean, "Median"), axes, keepDims, nan: false));

        /// <summary>Median ignoring NaN of every element: a lazy scalar.</summary>
        public DaskScalar<T> NanMedian() => new(FromDouble<T>(Selection.Median(Same(x, TypePromotion.Mean, "NanMedian"), null, false, nan: true)));

        /// <summary>Median ignoring NaN along one axis (gathered into one chunk, as Dask's).</summary>
        public DaskArray<T> NanMedian(int axis, bool keepDims = false) => FromDouble<T>(Selection.Median(Same(x, TypePromotion.Mean, "NanMedian"), [axis], keepDims, nan: true));

        /// <summary>Median ignoring NaN over several axes (all when null).</summary>
        public DaskArray<T> NanMedian(int[]? axes, bool keepDims = false) => FromDouble<T>(Selection.Median(Same(x, TypePromotion.Mean, "NanMedian"), axes, keepDims, nan: true));

        /// <summary>Mean of every element, or weighted by <paramref name="weights"/> (NumPy's <c>average</c>): a lazy scalar.</summary>
        public DaskScalar<T> Average(DaskArray<T>? weights = null) => new(Statistics.Average(Same(x, TypePromotion.Mean, "Average"), weights, null, false));

        /// <summary>Mean along <paramref name="axis"/> weighted by <paramref name="weights"/> (the array's shape, or 1-d along the axis).</summary>
        public DaskArray<T> Average(int axis, DaskArray<T>? weights = null, bool keepDims = false) => Statistics.Average(Same(x, TypePromotion.Mean, "Average"), weights, axis, keepDims);

        /// <summary>The <paramref name="order"/>-th central moment of every element (Dask's <c>moment</c>): a lazy scalar.</summary>
        public DaskScalar<T> Moment(int order, int ddof = 0) => new(Statistics.Moment(Same(x, TypePromotion.Mean, "Moment"), order, null, false, ddof));

        /// <summary>The <paramref name="order"/>-th central moment along one axis.</summary>
        public DaskArray<T> Moment(int order, int axis, bool keepDims = false, int ddof = 0) => Statistics.Moment(Same(x, TypePromotion.Mean, "Moment"), order, [axis], keepDims, ddof);

        /// <summary>The <paramref name="order"/>-th central moment over several axes (all when null).</summary>
        public DaskArray<T> Moment(int order, int[]? axes, bool keepDims = false, int ddof = 0) => Statistics.Moment(Same(x, TypePromotion.Mean, "Moment"), order, axes, keepDims, ddof);
    }

    extension(DaskArray<bool> x)
    {
        /// <summary>Sum of every element, in int64 as NumPy's: a lazy scalar.</summary>
        public DaskScalar<long> Sum() => x.AsType<long>().Sum();

        /// <summary>Sum over one axis, in int64.</summary>
        public DaskArray<long> Sum(int axis, bool keepDims = false, int? splitEvery = null) => x.AsType<long>().Sum(axis, keepDims, splitEvery);

        /// <summary>Sum over several axes (all when null), in int64.</summary>
        public DaskArray<long> Sum(int[]? axes, bool keepDims = false, int? splitEvery = null) => x.AsType<long>().Sum(axes, keepDims, splitEvery);

        /// <summary>Product of every element, in int64 as NumPy's: a lazy scalar.</summary>
        public DaskScalar<long> Prod() => x.AsType<long>().Prod();

        /// <summary>Product over one axis, in int64.</summary>
        public DaskArray<long> Prod(int axis, bool keepDims = false, int? splitEvery = null) => x.AsType<long>().Prod(axis, keepDims, splitEvery);

        /// <summary>Product over several axes (all when null), in int64.</summary>
        public DaskArray<long> Prod(int[]? axes, bool keepDims = false, int? splitEvery = null) => x.AsType<long>().Prod(axes, keepDims, splitEvery);

        /// <summary>Sum treating NaN as zero of every element, in int64 as NumPy's: a lazy scalar.</summary>
        public DaskScalar<long> NanSum() => x.AsType<long>().NanSum();

        /// <summary>Sum treating NaN as zero over one axis, in int64.</summary>
        public DaskArray<long> NanSum(int axis, bool keepDims = false, int? splitEvery = null) => x.AsType<long>().NanSum(axis, keepDims, splitEvery);

        /// <summary>Sum treating NaN as zero over several axes (all when null), in int64.</summary>
        public DaskArray<long> NanSum(int[]? axes, bool keepDims = false, int? splitEvery = null) => x.AsType<long>().NanSum(axes, keepDims, splitEvery);

        /// <summary>Product treating NaN as one of every element, in int64 as NumPy's: a lazy scalar.</summary>
        public DaskScalar<long> NanProd() => x.AsType<long>().NanProd();

        /// <summary>Product treating NaN as one over one axis, in int64.</summary>
        public DaskArray<long> NanProd(int axis, bool keepDims = false, int? splitEvery = null) => x.AsType<long>().NanProd(axis, keepDims, splitEvery);

        /// <summary>Product treating NaN as one over several axes (all when null), in int64.</summary>
        public DaskArray<long> NanProd(int[]? axes, bool keepDims = false, int? splitEvery = null) => x.AsType<long>().NanProd(axes, keepDims, splitEvery);

        /// <summary>Sum of the <paramref name="offset"/>-th diagonal, in int64: a lazy scalar.</summary>
        public DaskScalar<long> Trace(int offset = 0) => x.AsType<long>().Trace(offset);

        /// <summary>Cumulative sum of the flattened array, in int64.</summary>
        public DaskArray<long> CumSum() => x.AsType<long>().CumSum();

        /// <summary>Cumulative sum along <paramref name="axis"/>, in int64.</summary>
        public DaskArray<long> CumSum(int axis) => x.AsType<long>().CumSum(axis);

        /// <summary>Cumulative product of the flattened array, in int64.</summary>
        public DaskArray<long> CumProd() => x.AsType<long>().CumProd();

        /// <summary>Cumulative product along <paramref name="axis"/>, in int64.</summary>
        public DaskArray<long> CumProd(int axis) => x.AsType<long>().CumProd(axis);

        /// <summary>Cumulative sum treating NaN as zero of the flattened array, in int64.</summary>
        public DaskArray<long> NanCumSum() => x.AsType<long>().NanCumSum();

        /// <summary>Cumulative sum treating NaN as zero along <paramref name="axis"/>, in int64.</summary>
        public DaskArray<long> NanCumSum(int axis) => x.AsType<long>().NanCumSum(axis);

        /// <summary>Cumulative product treating NaN as one of the flattened array, in int64.</summary>
        public DaskArray<long> NanCumProd() => x.AsType<long>().NanCumProd();

        /// <summary>Cumulative product treating NaN as one along <paramref name="axis"/>, in int64.</summary>
        public DaskArray<long> NanCumProd(int axis) => x.AsType<long>().NanCumProd(axis);

        /// <summary>Mean of every element, in float64 as NumPy's: a lazy scalar.</summary>
        public DaskScalar<double> Mean() => x.AsType<double>().Mean();

        /// <summary>Mean over one axis, in float64.</summary>
        public DaskArray<double> Mean(int axis, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Mean(axis, keepDims, splitEvery);

        /// <summary>Mean over several axes (all when null), in float64.</summary>
        public DaskArray<double> Mean(int[]? axes, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Mean(axes, keepDims, splitEvery);

        /// <summary>Mean ignoring NaN of every element, in float64 as NumPy's: a lazy scalar.</summary>
        public DaskScalar<double> NanMean() => x.AsType<double>().NanMean();

        /// <summary>Mean ignoring NaN over one axis, in float64.</summary>
        public DaskArray<double> NanMean(int axis, bool keepDims = false) => x.AsType<double>().NanMean(axis, keepDims);

        /// <summary>Mean ignoring NaN over several axes (all when null), in float64.</summary>
        public DaskArray<double> NanMean(int[]? axes, bool keepDims = false) => x.AsType<double>().NanMean(axes, keepDims);

        /// <summary>Variance of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> Var(int ddof = 0) => x.AsType<double>().Var(ddof);

        /// <summary>Variance over one axis, in float64.</summary>
        public DaskArray<double> Var(int axis, int ddof = 0, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Var(axis, ddof, keepDims, splitEvery);

        /// <summary>Variance over several axes (all when null), in float64.</summary>
        public DaskArray<double> Var(int[]? axes, int ddof = 0, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Var(axes, ddof, keepDims, splitEvery);

        /// <summary>Standard deviation of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> Std(int ddof = 0) => x.AsType<double>().Std(ddof);

        /// <summary>Standard deviation over one axis, in float64.</summary>
        public DaskArray<double> Std(int axis, int ddof = 0, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Std(axis, ddof, keepDims, splitEvery);

        /// <summary>Standard deviation over several axes (all when null), in float64.</summary>
        public DaskArray<double> Std(int[]? axes, int ddof = 0, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Std(axes, ddof, keepDims, splitEvery);

        /// <summary>Variance ignoring NaN of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> NanVar(int ddof = 0) => x.AsType<double>().NanVar(ddof);

        /// <summary>Variance ignoring NaN over one axis, in float64.</summary>
        public DaskArray<double> NanVar(int axis, int ddof = 0, bool keepDims = false) => x.AsType<double>().NanVar(axis, ddof, keepDims);

        /// <summary>Variance ignoring NaN over several axes (all when null), in float64.</summary>
        public DaskArray<double> NanVar(int[]? axes, int ddof = 0, bool keepDims = false) => x.AsType<double>().NanVar(axes, ddof, keepDims);

        /// <summary>Standard deviation ignoring NaN of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> NanStd(int ddof = 0) => x.AsType<double>().NanStd(ddof);

        /// <summary>Standard deviation ignoring NaN over one axis, in float64.</summary>
        public DaskArray<double> NanStd(int axis, int ddof = 0, bool keepDims = false) => x.AsType<double>().NanStd(axis, ddof, keepDims);

        /// <summary>Standard deviation ignoring NaN over several axes (all when null), in float64.</summary>
        public DaskArray<double> NanStd(int[]? axes, int ddof = 0, bool keepDims = false) => x.AsType<double>().NanStd(axes, ddof, keepDims);

        /// <summary>Median of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> Median() => x.AsType<double>().Median();

        /// <summary>Median along one axis, in float64.</summary>
        public DaskArray<double> Median(int axis, bool keepDims = false) => x.AsType<double>().Median(axis, keepDims);

        /// <summary>Median over several axes (all when null), in float64.</summary>
        public DaskArray<double> Median(int[]? axes, bool keepDims = false) => x.AsType<double>().Median(axes, keepDims);

        /// <summary>Median ignoring NaN of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> NanMedian() => x.AsType<double>().NanMedian();

        /// <summary>Median ignoring NaN along one axis, in float64.</summary>
        public DaskArray<double> NanMedian(int axis, bool keepDims = false) => x.AsType<double>().NanMedian(axis, keepDims);

        /// <summary>Median ignoring NaN over several axes (all when null), in float64.</summary>
        public DaskArray<double> NanMedian(int[]? axes, bool keepDims = false) => x.AsType<double>().NanMedian(axes, keepDims);

        /// <summary>Mean of every element, or weighted by <paramref name="weights"/>, in float64: a lazy scalar.</summary>
        public DaskScalar<double> Average(DaskArray<double>? weights = null) => x.AsType<double>().Average(weights);

        /// <summary>Weighted mean along <paramref name="axis"/>, in float64.</summary>
        public DaskArray<double> Average(int axis, DaskArray<double>? weights = null, bool keepDims = false) => x.AsType<double>().Average(axis, weights, keepDims);

        /// <summary>The <paramref name="order"/>-th central moment of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> Moment(int order, int ddof = 0) => x.AsType<double>().Moment(order, ddof);

        /// <summary>The <paramref name="order"/>-th central moment along one axis, in float64.</summary>
        public DaskArray<double> Moment(int order, int axis, bool keepDims = false, int ddof = 0) => x.AsType<double>().Moment(order, axis, keepDims, ddof);

        /// <summary>The <paramref name="order"/>-th central moment over several axes, in float64.</summary>
        public DaskArray<double> Moment(int order, int[]? axes, bool keepDims = false, int ddof = 0) => x.AsType<double>().Moment(order, axes, keepDims, ddof);
    }

    extension(DaskArray<int> x)
    {
        /// <summary>Sum of every element, in int64 as NumPy's: a lazy scalar.</summary>
        public DaskScalar<long> Sum() => x.AsType<long>().Sum();

        /// <summary>Sum over one axis, in int64.</summary>
        public DaskArray<long> Sum(int axis, bool keepDims = false, int? splitEvery = null) => x.AsType<long>().Sum(axis, keepDims, splitEvery);

        /// <summary>Sum over several axes (all when null), in int64.</summary>
        public DaskArray<long> Sum(int[]? axes, bool keepDims = false, int? splitEvery = null) => x.AsType<long>().Sum(axes, keepDims, splitEvery);

        /// <summary>Product of every element, in int64 as NumPy's: a lazy scalar.</summary>
        public DaskScalar<long> Prod() => x.AsType<long>().Prod();

        /// <summary>Product over one axis, in int64.</summary>
        public DaskArray<long> Prod(int axis, bool keepDims = false, int? splitEvery = null) => x.AsType<long>().Prod(axis, keepDims, splitEvery);

        /// <summary>Product over several axes (all when null), in int64.</summary>
        public DaskArray<long> Prod(int[]? axes, bool keepDims = false, int? splitEvery = null) => x.AsType<long>().Prod(axes, keepDims, splitEvery);

        /// <summary>Sum treating NaN as zero of every element, in int64 as NumPy's: a lazy scalar.</summary>
        public DaskScalar<long> NanSum() => x.AsType<long>().NanSum();

        /// <summary>Sum treating NaN as zero over one axis, in int64.</summary>
        public DaskArray<long> NanSum(int axis, bool keepDims = false, int? splitEvery = null) => x.AsType<long>().NanSum(axis, keepDims, splitEvery);

        /// <summary>Sum treating NaN as zero over several axes (all when null), in int64.</summary>
        public DaskArray<long> NanSum(int[]? axes, bool keepDims = false, int? splitEvery = null) => x.AsType<long>().NanSum(axes, keepDims, splitEvery);

        /// <summary>Product treating NaN as one of every element, in int64 as NumPy's: a lazy scalar.</summary>
        public DaskScalar<long> NanProd() => x.AsType<long>().NanProd();

        /// <summary>Product treating NaN as one over one axis, in int64.</summary>
        public DaskArray<long> NanProd(int axis, bool keepDims = false, int? splitEvery = null) => x.AsType<long>().NanProd(axis, keepDims, splitEvery);

        /// <summary>Product treating NaN as one over several axes (all when null), in int64.</summary>
        public DaskArray<long> NanProd(int[]? axes, bool keepDims = false, int? splitEvery = null) => x.AsType<long>().NanProd(axes, keepDims, splitEvery);

        /// <summary>Sum of the <paramref name="offset"/>-th diagonal, in int64: a lazy scalar.</summary>
        public DaskScalar<long> Trace(int offset = 0) => x.AsType<long>().Trace(offset);

        /// <summary>Cumulative sum of the flattened array, in int64.</summary>
        public DaskArray<long> CumSum() => x.AsType<long>().CumSum();

        /// <summary>Cumulative sum along <paramref name="axis"/>, in int64.</summary>
        public DaskArray<long> CumSum(int axis) => x.AsType<long>().CumSum(axis);

        /// <summary>Cumulative product of the flattened array, in int64.</summary>
        public DaskArray<long> CumProd() => x.AsType<long>().CumProd();

        /// <summary>Cumulative product along <paramref name="axis"/>, in int64.</summary>
        public DaskArray<long> CumProd(int axis) => x.AsType<long>().CumProd(axis);

        /// <summary>Cumulative sum treating NaN as zero of the flattened array, in int64.</summary>
        public DaskArray<long> NanCumSum() => x.AsType<long>().NanCumSum();

        /// <summary>Cumulative sum treating NaN as zero along <paramref name="axis"/>, in int64.</summary>
        public DaskArray<long> NanCumSum(int axis) => x.AsType<long>().NanCumSum(axis);

        /// <summary>Cumulative product treating NaN as one of the flattened array, in int64.</summary>
        public DaskArray<long> NanCumProd() => x.AsType<long>().NanCumProd();

        /// <summary>Cumulative product treating NaN as one along <paramref name="axis"/>, in int64.</summary>
        public DaskArray<long> NanCumProd(int axis) => x.AsType<long>().NanCumProd(axis);

        /// <summary>Mean of every element, in float64 as NumPy's: a lazy scalar.</summary>
        public DaskScalar<double> Mean() => x.AsType<double>().Mean();

        /// <summary>Mean over one axis, in float64.</summary>
        public DaskArray<double> Mean(int axis, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Mean(axis, keepDims, splitEvery);

        /// <summary>Mean over several axes (all when null), in float64.</summary>
        public DaskArray<double> Mean(int[]? axes, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Mean(axes, keepDims, splitEvery);

        /// <summary>Mean ignoring NaN of every element, in float64 as NumPy's: a lazy scalar.</summary>
        public DaskScalar<double> NanMean() => x.AsType<double>().NanMean();

        /// <summary>Mean ignoring NaN over one axis, in float64.</summary>
        public DaskArray<double> NanMean(int axis, bool keepDims = false) => x.AsType<double>().NanMean(axis, keepDims);

        /// <summary>Mean ignoring NaN over several axes (all when null), in float64.</summary>
        public DaskArray<double> NanMean(int[]? axes, bool keepDims = false) => x.AsType<double>().NanMean(axes, keepDims);

        /// <summary>Variance of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> Var(int ddof = 0) => x.AsType<double>().Var(ddof);

        /// <summary>Variance over one axis, in float64.</summary>
        public DaskArray<double> Var(int axis, int ddof = 0, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Var(axis, ddof, keepDims, splitEvery);

        /// <summary>Variance over several axes (all when null), in float64.</summary>
        public DaskArray<double> Var(int[]? axes, int ddof = 0, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Var(axes, ddof, keepDims, splitEvery);

        /// <summary>Standard deviation of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> Std(int ddof = 0) => x.AsType<double>().Std(ddof);

        /// <summary>Standard deviation over one axis, in float64.</summary>
        public DaskArray<double> Std(int axis, int ddof = 0, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Std(axis, ddof, keepDims, splitEvery);

        /// <summary>Standard deviation over several axes (all when null), in float64.</summary>
        public DaskArray<double> Std(int[]? axes, int ddof = 0, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Std(axes, ddof, keepDims, splitEvery);

        /// <summary>Variance ignoring NaN of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> NanVar(int ddof = 0) => x.AsType<double>().NanVar(ddof);

        /// <summary>Variance ignoring NaN over one axis, in float64.</summary>
        public DaskArray<double> NanVar(int axis, int ddof = 0, bool keepDims = false) => x.AsType<double>().NanVar(axis, ddof, keepDims);

        /// <summary>Variance ignoring NaN over several axes (all when null), in float64.</summary>
        public DaskArray<double> NanVar(int[]? axes, int ddof = 0, bool keepDims = false) => x.AsType<double>().NanVar(axes, ddof, keepDims);

        /// <summary>Standard deviation ignoring NaN of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> NanStd(int ddof = 0) => x.AsType<double>().NanStd(ddof);

        /// <summary>Standard deviation ignoring NaN over one axis, in float64.</summary>
        public DaskArray<double> NanStd(int axis, int ddof = 0, bool keepDims = false) => x.AsType<double>().NanStd(axis, ddof, keepDims);

        /// <summary>Standard deviation ignoring NaN over several axes (all when null), in float64.</summary>
        public DaskArray<double> NanStd(int[]? axes, int ddof = 0, bool keepDims = false) => x.AsType<double>().NanStd(axes, ddof, keepDims);

        /// <summary>Median of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> Median() => x.AsType<double>().Median();

        /// <summary>Median along one axis, in float64.</summary>
        public DaskArray<double> Median(int axis, bool keepDims = false) => x.AsType<double>().Median(axis, keepDims);

        /// <summary>Median over several axes (all when null), in float64.</summary>
        public DaskArray<double> Median(int[]? axes, bool keepDims = false) => x.AsType<double>().Median(axes, keepDims);

        /// <summary>Median ignoring NaN of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> NanMedian() => x.AsType<double>().NanMedian();

        /// <summary>Median ignoring NaN along one axis, in float64.</summary>
        public DaskArray<double> NanMedian(int axis, bool keepDims = false) => x.AsType<double>().NanMedian(axis, keepDims);

        /// <summary>Median ignoring NaN over several axes (all when null), in float64.</summary>
        public DaskArray<double> NanMedian(int[]? axes, bool keepDims = false) => x.AsType<double>().NanMedian(axes, keepDims);

        /// <summary>Mean of every element, or weighted by <paramref name="weights"/>, in float64: a lazy scalar.</summary>
        public DaskScalar<double> Average(DaskArray<double>? weights = null) => x.AsType<double>().Average(weights);

        /// <summary>Weighted mean along <paramref name="axis"/>, in float64.</summary>
        public DaskArray<double> Average(int axis, DaskArray<double>? weights = null, bool keepDims = false) => x.AsType<double>().Average(axis, weights, keepDims);

        /// <summary>The <paramref name="order"/>-th central moment of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> Moment(int order, int ddof = 0) => x.AsType<double>().Moment(order, ddof);

        /// <summary>The <paramref name="order"/>-th central moment along one axis, in float64.</summary>
        public DaskArray<double> Moment(int order, int axis, bool keepDims = false, int ddof = 0) => x.AsType<double>().Moment(order, axis, keepDims, ddof);

        /// <summary>The <paramref name="order"/>-th central moment over several axes, in float64.</summary>
        public DaskArray<double> Moment(int order, int[]? axes, bool keepDims = false, int ddof = 0) => x.AsType<double>().Moment(order, axes, keepDims, ddof);
    }

    extension(DaskArray<long> x)
    {
        /// <summary>Mean of every element, in float64 as NumPy's: a lazy scalar.</summary>
        public DaskScalar<double> Mean() => x.AsType<double>().Mean();

        /// <summary>Mean over one axis, in float64.</summary>
        public DaskArray<double> Mean(int axis, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Mean(axis, keepDims, splitEvery);

        /// <summary>Mean over several axes (all when null), in float64.</summary>
        public DaskArray<double> Mean(int[]? axes, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Mean(axes, keepDims, splitEvery);

        /// <summary>Mean ignoring NaN of every element, in float64 as NumPy's: a lazy scalar.</summary>
        public DaskScalar<double> NanMean() => x.AsType<double>().NanMean();

        /// <summary>Mean ignoring NaN over one axis, in float64.</summary>
        public DaskArray<double> NanMean(int axis, bool keepDims = false) => x.AsType<double>().NanMean(axis, keepDims);

        /// <summary>Mean ignoring NaN over several axes (all when null), in float64.</summary>
        public DaskArray<double> NanMean(int[]? axes, bool keepDims = false) => x.AsType<double>().NanMean(axes, keepDims);

        /// <summary>Variance of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> Var(int ddof = 0) => x.AsType<double>().Var(ddof);

        /// <summary>Variance over one axis, in float64.</summary>
        public DaskArray<double> Var(int axis, int ddof = 0, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Var(axis, ddof, keepDims, splitEvery);

        /// <summary>Variance over several axes (all when null), in float64.</summary>
        public DaskArray<double> Var(int[]? axes, int ddof = 0, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Var(axes, ddof, keepDims, splitEvery);

        /// <summary>Standard deviation of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> Std(int ddof = 0) => x.AsType<double>().Std(ddof);

        /// <summary>Standard deviation over one axis, in float64.</summary>
        public DaskArray<double> Std(int axis, int ddof = 0, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Std(axis, ddof, keepDims, splitEvery);

        /// <summary>Standard deviation over several axes (all when null), in float64.</summary>
        public DaskArray<double> Std(int[]? axes, int ddof = 0, bool keepDims = false, int? splitEvery = null) => x.AsType<double>().Std(axes, ddof, keepDims, splitEvery);

        /// <summary>Variance ignoring NaN of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> NanVar(int ddof = 0) => x.AsType<double>().NanVar(ddof);

        /// <summary>Variance ignoring NaN over one axis, in float64.</summary>
        public DaskArray<double> NanVar(int axis, int ddof = 0, bool keepDims = false) => x.AsType<double>().NanVar(axis, ddof, keepDims);

        /// <summary>Variance ignoring NaN over several axes (all when null), in float64.</summary>
        public DaskArray<double> NanVar(int[]? axes, int ddof = 0, bool keepDims = false) => x.AsType<double>().NanVar(axes, ddof, keepDims);

        /// <summary>Standard deviation ignoring NaN of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> NanStd(int ddof = 0) => x.AsType<double>().NanStd(ddof);

        /// <summary>Standard deviation ignoring NaN over one axis, in float64.</summary>
        public DaskArray<double> NanStd(int axis, int ddof = 0, bool keepDims = false) => x.AsType<double>().NanStd(axis, ddof, keepDims);

        /// <summary>Standard deviation ignoring NaN over several axes (all when null), in float64.</summary>
        public DaskArray<double> NanStd(int[]? axes, int ddof = 0, bool keepDims = false) => x.AsType<double>().NanStd(axes, ddof, keepDims);

        /// <summary>Median of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> Median() => x.AsType<double>().Median();

        /// <summary>Median along one axis, in float64.</summary>
        public DaskArray<double> Median(int axis, bool keepDims = false) => x.AsType<double>().Median(axis, keepDims);

        /// <summary>Median over several axes (all when null), in float64.</summary>
        public DaskArray<double> Median(int[]? axes, bool keepDims = false) => x.AsType<double>().Median(axes, keepDims);

        /// <summary>Median ignoring NaN of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> NanMedian() => x.AsType<double>().NanMedian();

        /// <summary>Median ignoring NaN along one axis, in float64.</summary>
        public DaskArray<double> NanMedian(int axis, bool keepDims = false) => x.AsType<double>().NanMedian(axis, keepDims);

        /// <summary>Median ignoring NaN over several axes (all when null), in float64.</summary>
        public DaskArray<double> NanMedian(int[]? axes, bool keepDims = false) => x.AsType<double>().NanMedian(axes, keepDims);

        /// <summary>Mean of every element, or weighted by <paramref name="weights"/>, in float64: a lazy scalar.</summary>
        public DaskScalar<double> Average(DaskArray<double>? weights = null) => x.AsType<double>().Average(weights);

        /// <summary>Weighted mean along <paramref name="axis"/>, in float64.</summary>
        public DaskArray<double> Average(int axis, DaskArray<double>? weights = null, bool keepDims = false) => x.AsType<double>().Average(axis, weights, keepDims);

        /// <summary>The <paramref name="order"/>-th central moment of every element, in float64: a lazy scalar.</summary>
        public DaskScalar<double> Moment(int order, int ddof = 0) => x.AsType<double>().Moment(order, ddof);

        /// <summary>The <paramref name="order"/>-th central moment along one axis, in float64.</summary>
        public DaskArray<double> Moment(int order, int axis, bool keepDims = false, int ddof = 0) => x.AsType<double>().Moment(order, axis, keepDims, ddof);

        /// <summary>The <paramref name="order"/>-th central moment over several axes, in float64.</summary>
        public DaskArray<double> Moment(int order, int[]? axes, bool keepDims = false, int ddof = 0) => x.AsType<double>().Moment(order, axes, keepDims, ddof);
    }

    private static DaskArray<T> Same<T>(DaskArray<T> x, Func<Type, Type> rule, string operation)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        TypePromotion.RequireSame<T>(rule, operation);
        return x;
    }

    /// <summary>The array with NaN replaced by <paramref name="value"/> (the identity of a NaN-ignoring cumulative reduction).</summary>
    private static DaskArray<T> NaNAs<T>(DaskArray<T> x, double value)
        where T : unmanaged =>
        ArrayKernels<T>.Instance.IsFloatingPoint ? Da.Where(x.IsNaN(), ArrayKernels<T>.Instance.FromDouble(value), x) : x;

    private static DaskArray<T> FromDouble<T>(DaskArray<double> x)
        where T : unmanaged => x.AsType<T>();
}
