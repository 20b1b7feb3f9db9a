using DaskSharp.Arrays;
using DaskSharp.Graphs;

namespace DaskSharp.Array.Tests.Executors;

/// <summary>
/// Every operation of the public <see cref="DaskArray{T}"/> API, each as a small lazy expression over
/// uneven chunks (so blocks differ in shape and reductions combine partials from several blocks).
/// The executor matrix computes each on every executor; the round-trip test sends every value each
/// one makes through the registry.
/// </summary>
internal static class ArrayCases
{
    // 12 × 10 in chunks of 5 × 4: blocks of 5, 5, 2 rows and 4, 4, 2 columns.
    private static DaskArray<double> X => Da.Random.DefaultRng(42).Random((12, 10), chunks: (5, 4));

    private static DaskArray<double> Y => Da.Random.DefaultRng(7).Uniform(-1, 1, (12, 10), chunks: (4, 5));

    private static DaskArray<long> I => Da.Random.DefaultRng(3).Integers(-5, 20, (12, 10), chunks: (5, 4));

    private static DaskArray<double> Tall => Da.Random.DefaultRng(11).Random((30, 4), chunks: (10, 4));

    private static NDArray<double> MovingSum(NDArray<double> b)
    {
        var result = new NDArray<double>(b.Shape.ToArray());
        for (int i = 0; i < b.Shape[0]; i++)
        {
            for (int j = 0; j < b.Shape[1]; j++)
            {
                result[i, j] = b[i, j] + (i > 0 ? b[i - 1, j] : 0) + (j > 0 ? b[i, j - 1] : 0);
            }
        }

        return result;
    }

    /// <summary>Each case: its name and the collections it computes.</summary>
    public static IReadOnlyDictionary<string, Func<IDaskCollection[]>> Lazy { get; } = new Dictionary<string, Func<IDaskCollection[]>>
    {
        // Creation
        ["Zeros"] = () => [Da.Zeros<double>((7, 5), chunks: 3)],
        ["Ones"] = () => [Da.Ones<long>((7, 5), chunks: 3)],
        ["Full"] = () => [Da.Full((7, 5), 2.5f, chunks: 3)],
        ["Arange"] = () => [Da.Arange(-3, 17, 0.5, chunks: 7)],
        ["Linspace"] = () => [Da.Linspace(0, 1, 23, chunks: 5)],
        ["FromArray"] = () => [Da.FromArray(NDArray<int>.FromArray([.. Enumerable.Range(0, 60)], 6, 10), chunks: (4, 3))],
        ["FromArray1d"] = () => [Da.FromArray(new[] { 1.5, 2.5, -3, 4, 5 }, chunks: 2)],
        ["FromArray2d"] = () => [Da.FromArray(new long[,] { { 1, 2, 3 }, { 4, 5, 6 } }, chunks: (1, 2))],
        ["FromDelayed"] = () => [Da.FromDelayed(Dask.Delayed((int n) => NDArray<double>.FromArray([.. Enumerable.Range(0, n * 2).Select(i => i * 0.25)], n, 2))(3), (3, 2))],
        ["Random"] = () => [X],
        ["Uniform"] = () => [Y],
        ["Normal"] = () => [Da.Random.DefaultRng(5).Normal(1, 2, (9, 8), chunks: (4, 3))],
        ["Integers"] = () => [I],

        // Elementwise
        ["Add"] = () => [X + Y],
        ["Subtract"] = () => [X - 2.0],
        ["Multiply"] = () => [3.0 * X],
        ["Divide"] = () => [X / (Y + 2.0)],
        ["Modulo"] = () => [X % 0.3],
        ["Negate"] = () => [-Y],
        ["IntegerArithmetic"] = () => [(I * 3) - (I % 4) + I.FloorDivide(2)],
        ["Abs"] = () => [Y.Abs()],
        ["Sqrt"] = () => [X.Sqrt()],
        ["Exp"] = () => [Y.Exp()],
        ["Log"] = () => [X.Log()],
        ["Sin"] = () => [Y.Sin()],
        ["Cos"] = () => [Y.Cos()],
        ["Tanh"] = () => [Y.Tanh()],
        ["PowerScalar"] = () => [Y.Power(3)],
        ["PowerArrays"] = () => [Da.Power(X, Y)],
        ["Clip"] = () => [Y.Clip(-0.5, 0.25)],
        ["Maximum"] = () => [Da.Maximum(X, Y)],
        ["Minimum"] = () => [Da.Minimum(X, Y)],
        ["ApplyBinary"] = () => [X.Apply(BinaryOp.Multiply, Y)],
        ["ApplyUnary"] = () => [Y.Apply(UnaryOp.Abs)],
        ["AsTypeFloat"] = () => [Y.AsType<float>()],
        ["AsTypeLong"] = () => [(Y * 10.0).AsType<long>()],
        ["Greater"] = () => [X > Y],
        ["LessScalar"] = () => [X < 0.5],
        ["GreaterEqualScalar"] = () => [I >= 7L],
        ["LessEqual"] = () => [X <= Y],
        ["Equal"] = () => [I.Equal(I % 3)],
        ["NotEqual"] = () => [I.NotEqual(I % 3)],
        ["IsNaN"] = () => [(X - 0.5).Sqrt().IsNaN()],
        ["IsFinite"] = () => [(X - 0.5).Log().IsFinite()],
        ["Where"] = () => [Da.Where(X > 0.5, X, Y)],
        ["Chain"] = () => [((X + X.T.T) - X.Mean(axis: 0)).Abs()],

        // Reductions
        ["Sum"] = () => [X.Sum()],
        ["SumAxis0"] = () => [X.Sum(axis: 0)],
        ["SumAxis1KeepDims"] = () => [X.Sum(axis: 1, keepDims: true)],
        ["SumAxes"] = () => [X.Sum(axes: [0, 1])],
        ["SumSplitEvery"] = () => [Da.Random.DefaultRng(1).Random(100, chunks: 7).Sum(axis: 0, splitEvery: 2)],
        ["SumIntegers"] = () => [I.Sum(axis: 0)],
        ["Prod"] = () => [(X + 0.5).Prod()],
        ["ProdAxis"] = () => [(X + 0.5).Prod(axis: 1)],
        ["Min"] = () => [Y.Min()],
        ["MinAxis"] = () => [Y.Min(axis: 0)],
        ["Max"] = () => [Y.Max()],
        ["MaxAxis"] = () => [I.Max(axis: 1)],
        ["Mean"] = () => [X.Mean()],
        ["MeanAxis"] = () => [X.Mean(axis: 1)],
        ["MeanAxes"] = () => [X.Mean(axes: [0, 1], keepDims: true)],
        ["Var"] = () => [X.Var()],
        ["VarAxis"] = () => [X.Var(axis: 0, ddof: 1)],
        ["Std"] = () => [Y.Std()],
        ["StdAxis"] = () => [Y.Std(axis: 1)],
        ["ArgMax"] = () => [X.ArgMax()],
        ["ArgMaxAxis"] = () => [X.ArgMax(axis: 1)],
        ["ArgMin"] = () => [Y.ArgMin()],
        ["ArgMinAxis0"] = () => [Y.ArgMin(axis: 0)],
        ["ArgMinLong"] = () => [I.ArgMin(axis: 0, keepDims: true)],
        ["CumSumAxis0"] = () => [X.CumSum(axis: 0)],
        ["CumSumAxis1"] = () => [I.CumSum(axis: 1)],
        ["NanSum"] = () => [(X - 0.3).Sqrt().NanSum()],
        ["NanMean"] = () => [(X - 0.3).Sqrt().NanMean()],
        ["Any"] = () => [(X > 0.95).Any()],
        ["All"] = () => [(X > 0.01).All()],
        ["AnyAxis"] = () => [(X > 0.9).Any(axis: 0)],
        ["AllAxis"] = () => [(X > 0.1).All(axis: 1)],
        ["Reduce"] = () => [Y.Reduce(ReduceOp.Max, [1])],

        // NumPy's promotions and the reductions and functions of the array API (NumPyApiTests checks their values)
        ["BoolSumPromoted"] = () => [(X > 0.5).Sum(axis: 0)],
        ["IntTrueDivide"] = () => [I / (I + 6L)],
        ["IntMeanPromoted"] = () => [I.Mean(axis: 1)],
        ["NanMeanAxis"] = () => [(X - 0.3).Sqrt().NanMean(axis: 0)],
        ["NanVarAxis"] = () => [(X - 0.3).Sqrt().NanVar(axis: 1, ddof: 1)],
        ["NanArgMaxAxis"] = () => [(X - 0.3).Sqrt().NanArgMax(axis: 0)],
        ["MedianAxis"] = () => [Y.Median(axis: 1)],
        ["PercentileSeveral"] = () => [X.Percentile([5, 50, 99], axis: 0)],
        ["TopK"] = () => [Y.TopK(3, axis: 0), Y.ArgTopK(-2, axis: 1)],
        ["CumProd"] = () => [(X + 0.5).CumProd(axis: 1)],
        ["Histogram"] = () => [Da.Histogram(Y, 7, -1, 1).Counts],
        ["BitwiseAndShift"] = () => [(I & 6L) << 1L, ~(X > 0.5)],
        ["RoundAndTrig"] = () => [(Y * 3.0).Round(1), Y.ArcTan(), Da.ArcTan2(X, Y)],
        ["Distributions"] = () => [Da.Random.DefaultRng(5).Laplace(0, 1, (9, 8), chunks: (4, 3)), Da.Random.DefaultRng(5).Geometric(0.4, (9, 8), chunks: (4, 3))],
        ["Rearranging"] = () => [X.Rot90(), X.Roll(3, axis: 1), Da.Tril(X, -1), Da.Diag(X), X.Diff(axis: 0)],

        ["SearchAndHistogramDd"] = () => [Da.SearchSorted(Da.Arange(0.0, 10, 1, chunks: 3), X * 10.0), Da.Histogram2d(X, Y, 3, (0, 1), (-1, 1)).Counts],
        ["PushAndArgWhere"] = () => [(X - 0.4).Sqrt().Push(axis: 0), Da.ArgWhere(X > 0.8), Da.Unique(I)],
        ["Permutation"] = () => [Da.Random.DefaultRng(3).Permutation(40)],

        // Indexing
        ["Slice"] = () => [X[2.., ..^2]],
        ["SliceStep"] = () => [X[SliceIndex.Slice(1, 11, 3), SliceIndex.All]],
        ["Integer"] = () => [X[3]],
        ["Mask"] = () => [X[X > 0.5]],
        ["MaskOfIntegers"] = () => [I[I > 10]],
        ["Take"] = () => [X.Take([8, 1, 2, -1, 0], axis: 0)],
        ["TakeAxis1"] = () => [Y.Take([9, 0, 4], axis: 1)],
        ["Block"] = () => [X.Block(1, 2)],
        ["Blocks"] = () => [X.Blocks[2, 0]],
        ["Transpose"] = () => [X.T],
        ["TransposeAxes"] = () => [Da.Random.DefaultRng(2).Random((4, 5, 6), chunks: (2, 3, 4)).Transpose(2, 0, 1)],

        // Shape
        ["Reshape"] = () => [X.Reshape(10, 12)],
        ["ReshapeTo3d"] = () => [X.Reshape(2, 6, 10)],
        ["Ravel"] = () => [X.Ravel()],
        ["Squeeze"] = () => [X[SliceIndex.Slice(2, 3), SliceIndex.All].Squeeze()],
        ["ExpandDims"] = () => [X.ExpandDims(1)],
        ["Rechunk"] = () => [X.Rechunk((3, 7))],
        ["RechunkAuto"] = () => [X.Rechunk(6)],
        ["Concatenate"] = () => [Da.Concatenate([X, Y], axis: 0)],
        ["ConcatenateAxis1"] = () => [Da.Concatenate([X, Y, X], axis: 1)],
        ["Stack"] = () => [Da.Stack([X, Y], axis: 1)],

        // Linear algebra
        ["MatMul"] = () => [X.MatMul(Y.T)],
        ["MatMulSplitEvery"] = () => [X.T.MatMul(Y, splitEvery: 2)],
        ["Dot"] = () => [X.Dot(Y.T)],
        ["TensorDot"] = () => [X.TensorDot(Y, [0, 1], [0, 1])],
        ["QrQ"] = () => [Linalg.Qr(Tall).Q],
        ["QrR"] = () => [Linalg.Qr(Tall).R],
        ["SvdU"] = () => [Linalg.Svd(Tall).U],
        ["SvdS"] = () => [Linalg.Svd(Tall).S],
        ["SvdVt"] = () => [Linalg.Svd(Tall).Vt],

        // User functions
        ["MapBlocks"] = () => [X.MapBlocks(b => b * 2.0 + 1.0)],
        ["MapBlocksWithInfo"] = () => [X.MapBlocks((b, info) => b + (double)((info.BlockIndex[0] * 10) + info.BlockIndex[1]))],
        ["MapBlocksNewShape"] = () => [X.MapBlocks(b => NDArray<double>.FromArray([b.ToArray().Sum()], 1, 1), blockShape: [1, 1])],
        ["MapBlocksCapturingAChunk"] = () =>
        {
            NDArray<double> weights = NDArray<double>.FromArray([2.5, -1], 2);
            return [X.MapBlocks(b => (b * weights[0]) + weights[1])];
        },
        ["MapOverlapReflect"] = () => [X.MapOverlap(MovingSum, [1, 1])],
        ["MapOverlapPeriodic"] = () => [X.MapOverlap(MovingSum, [2, 1], Boundary.Periodic)],
        ["MapOverlapConstant"] = () => [X.MapOverlap(MovingSum, [1, 2], Boundary.Constant, constant: 100)],
        ["MapOverlapNone"] = () => [I.MapOverlap(b => b + 1, [1, 1], Boundary.None)],
        ["BlockwiseTwo"] = () => [Da.Blockwise((NDArray<double> p, NDArray<double> q) => p - q.T, "ij", X, "ij", Da.Random.DefaultRng(9).Random((10, 12), chunks: (4, 5)), "ji")],
        ["BlockwiseOne"] = () => [Da.Blockwise((NDArray<double> p) => p.T, "ji", X, "ij")],

        // Several results of one graph, sharing work
        ["Several"] = () => [X.Sum(), X.Mean(axis: 0), X.ArgMax(), X.Rechunk(6).T],
    };
}
