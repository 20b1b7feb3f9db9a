using DaskSharp.Arrays.Fusion;
using DaskSharp.Graphs;

namespace DaskSharp.Arrays;

/// <summary>Partial result of a mean: per-element sums (in double) and how many elements each sums.</summary>
internal sealed record MeanPartial(NDArray<double> Sum, long Count);

/// <summary>
/// Partial result of a variance: per-element count, mean and sum of squared deviations (M2), combined
/// with Chan et al.'s pairwise formula so that no precision is lost to large means.
/// </summary>
internal sealed record MomentsPartial(NDArray<double> Mean, NDArray<double> M2, long Count);

/// <summary>The chunk, combine and aggregate functions of the array reductions.</summary>
internal static class ReductionFunctions<T>
    where T : unmanaged
{
    // One chunk, combine and aggregate function per operation, made once. Chunk steps are reductions
    // over an expression, so fusion folds the expression into them.
    private static readonly TaskFunction?[] s_chunk = new TaskFunction?[Enum.GetValues<ReduceOp>().Length];
    private static readonly TaskFunction?[] s_combine = new TaskFunction?[s_chunk.Length];
    private static readonly TaskFunction?[] s_aggregate = new TaskFunction?[s_chunk.Length];

    public static TaskFunction Chunk(ReduceOp op) => s_chunk[(int)op] ??= ChunkKernel(op);

    public static TaskFunction Combine(ReduceOp op) => s_combine[(int)op] ??= TaskFunction.From((NDArray<T>[] parts) => Fold(parts, op)).AsKernel();

    public static TaskFunction Aggregate(ReduceOp op) => s_aggregate[(int)op] ??=
        TaskFunction.From((NDArray<T>[] parts, int[] axes, bool keepDims) => Finish(Fold(parts, op), axes, keepDims)).AsKernel();

    public static readonly TaskFunction MeanChunk = typeof(T) == typeof(double)
        ? new TileReduceKernel<double>("mean", [typeof(NDArray<double>), typeof(int[])], ReduceOp.Sum, axes: 1, mean: true, new ParameterNode<double>(0))
        : TaskFunction.From((NDArray<T> x, int[] axes) =>
            new MeanPartial(Reductions.Reduce(AsDouble(x), ReduceOp.Sum, axes, keepDims: true), CountOf(x, axes))).AsKernel();

    public static readonly TaskFunction MeanCombine = TaskFunction.From((MeanPartial[] parts) => CombineMeans(parts)).AsKernel();

    public static readonly TaskFunction MeanAggregate = TaskFunction.From((MeanPartial[] parts, int[] axes, bool keepDims) =>
    {
        MeanPartial total = CombineMeans(parts);
        return Finish(FromDouble(Elementwise.Binary(total.Sum, (double)total.Count, BinaryOp.Divide, scalarOnLeft: false)), axes, keepDims);
    }).AsKernel();

    public static readonly TaskFunction MomentsChunk = TaskFunction.From((NDArray<T> x, int[] axes) => Moments(AsDouble(x), axes)).AsKernel();

    public static readonly TaskFunction MomentsCombine = TaskFunction.From((MomentsPartial[] parts) => CombineMoments(parts)).AsKernel();

    /// <summary>Variance with <c>ddof</c> (passed through the axes literal's companion, see <see cref="VarianceAggregate"/>).</summary>
    public static TaskFunction VarianceAggregate(int ddof, bool sqrt) => TaskFunction.From((MomentsPartial[] parts, int[] axes, bool keepDims) =>
    {
        MomentsPartial m = CombineMoments(parts);
        NDArray<double> variance = Elementwise.Binary(m.M2, (double)Math.Max(m.Count - ddof, 0), BinaryOp.Divide, scalarOnLeft: false);
        return Finish(FromDouble(sqrt ? Elementwise.Unary(variance, UnaryOp.Sqrt) : variance), axes, keepDims);
    }).AsKernel();

    private static TileReduceKernel<T> ChunkKernel(ReduceOp op) =>
        new(op.ToString().ToLowerInvariant(), [typeof(NDArray<T>), typeof(int[])], op, axes: 1, mean: false, new ParameterNode<T>(0));

    private static NDArray<T> Fold(NDArray<T>[] parts, ReduceOp op)
    {
        NDArray<T> acc = parts[0];
        for (int i = 1; i < parts.Length; i++)
        {
            acc = Elementwise.Binary(acc, parts[i], Reductions.AsBinary(op));
        }

        return acc;
    }

    private static NDArray<TR> Finish<TR>(NDArray<TR> keep, int[] axes, bool keepDims)
        where TR : unmanaged => keepDims ? keep : Reductions.DropAxes(keep, axes);

    private static NDArray<double> AsDouble(NDArray<T> x) => typeof(T) == typeof(double) ? (NDArray<double>)(object)x : Elementwise.Convert<T, double>(x);

    private static NDArray<T> FromDouble(NDArray<double> x) => typeof(T) == typeof(double) ? (NDArray<T>)(object)x : Elementwise.Convert<double, T>(x);

    private static long CountOf(NDArray<T> x, int[] axes) => axes.Aggregate(1L, (n, a) => n * x.Shape[a]);

    private static MeanPartial CombineMeans(MeanPartial[] parts)
    {
        NDArray<double> sum = parts[0].Sum;
        long count = parts[0].Count;
        for (int i = 1; i < parts.Length; i++)
        {
            sum = Elementwise.Binary(sum, parts[i].Sum, BinaryOp.Add);
            count += parts[i].Count;
        }

        return new MeanPartial(sum, count);
    }

    private static MomentsPartial Moments(NDArray<double> x, int[] axes)
    {
        long n = axes.Aggregate(1L, (c, a) => c * x.Shape[a]);
        NDArray<double> mean = Elementwise.Binary(Reductions.Reduce(x, ReduceOp.Sum, axes, keepDims: true), (double)Math.Max(n, 1), BinaryOp.Divide, scalarOnLeft: false);
        NDArray<double> deviation = Elementwise.Binary(x, mean, BinaryOp.Subtract);
        NDArray<double> m2 = Reductions.Reduce(Elementwise.Binary(deviation, deviation, BinaryOp.Multiply), ReduceOp.Sum, axes, keepDims: true);
        return new MomentsPartial(mean, m2, n);
    }

    private static MomentsPartial CombineMoments(MomentsPartial[] parts)
    {
        MomentsPartial acc = parts[0];
        for (int i = 1; i < parts.Length; i++)
        {
            MomentsPartial b = parts[i];
            long n = acc.Count + b.Count;
            if (b.Count == 0)
            {
                continue;
            }

            if (acc.Count == 0)
            {
                acc = b;
                continue;
            }

            // Chan et al.: delta = mb - ma; mean = ma + delta * nb / n; M2 = M2a + M2b + delta² * na * nb / n.
            NDArray<double> delta = Elementwise.Binary(b.Mean, acc.Mean, BinaryOp.Subtract);
            NDArray<double> mean = Elementwise.Binary(acc.Mean, Elementwise.Binary(delta, (double)b.Count / n, BinaryOp.Multiply, scalarOnLeft: false), BinaryOp.Add);
            NDArray<double> correction = Elementwise.Binary(Elementwise.Binary(delta, delta, BinaryOp.Multiply), (double)acc.Count * b.Count / n, BinaryOp.Multiply, scalarOnLeft: false);
            NDArray<double> m2 = Elementwise.Binary(Elementwise.Binary(acc.M2, b.M2, BinaryOp.Add), correction, BinaryOp.Add);
            acc = new MomentsPartial(mean, m2, n);
        }

        return acc;
    }
}
