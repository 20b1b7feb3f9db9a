using DaskSharp.Arrays.Fusion;
using DaskSharp.Graphs;

namespace DaskSharp.Arrays;

/// <summary>
/// The per-block functions array tasks call. They are plain static methods (no captured state), so
/// their tokens are stable and they ship to workers as function references; each is wrapped once.
/// </summary>
internal static class ChunkFunctions<T>
    where T : unmanaged
{
    // The elementwise functions are expressions, so fusion builds one expression evaluated in tiles.
    public static readonly TaskFunction Binary = new TileKernel<T>(
        "binary", [typeof(NDArray<T>), typeof(NDArray<T>), typeof(BinaryOp)], new BinaryNode<T>(2, new ParameterNode<T>(0), new ParameterNode<T>(1)));

    public static readonly TaskFunction BinaryScalarRight = new TileKernel<T>(
        "binary", [typeof(NDArray<T>), typeof(T), typeof(BinaryOp)], new ScalarNode<T>(2, 1, scalarOnLeft: false, new ParameterNode<T>(0)));

    public static readonly TaskFunction BinaryScalarLeft = new TileKernel<T>(
        "binary", [typeof(T), typeof(NDArray<T>), typeof(BinaryOp)], new ScalarNode<T>(2, 0, scalarOnLeft: true, new ParameterNode<T>(1)));

    public static readonly TaskFunction Unary = new TileKernel<T>(
        "unary", [typeof(NDArray<T>), typeof(UnaryOp)], new UnaryNode<T>(1, new ParameterNode<T>(0)));

    public static readonly TaskFunction Compare = TaskFunction.From((NDArray<T> a, NDArray<T> b, CompareOp op) => Elementwise.Compare(a, b, op)).AsKernel();

    public static readonly TaskFunction CompareScalar = TaskFunction.From((NDArray<T> a, T s, CompareOp op) => Elementwise.Compare(a, NDArray<T>.Scalar(s), op)).AsKernel();

    public static readonly TaskFunction Transpose = new TileKernel<T>(
        "transpose", [typeof(NDArray<T>), typeof(int[])], new TransposeNode<T>(1, new ParameterNode<T>(0)));

    public static readonly TaskFunction Where = TaskFunction.From((NDArray<bool> c, NDArray<T> a, NDArray<T> b) => Elementwise.Where(c, a, b)).AsKernel();

    public static readonly TaskFunction Full = TaskFunction.From((int[] shape, T value) => NDArray<T>.Full(value, shape)).AsKernel();

    public static readonly TaskFunction Rechunk = TaskFunction.From((NDArray<T>[] parts, RechunkPlan plan) => plan.Assemble(parts)).AsKernel();

    public static readonly TaskFunction GetItem = TaskFunction.From((NDArray<T> block, long[] plan) => Slicing.View(block, plan)).AsKernel();

    public static readonly TaskFunction Reshape = TaskFunction.From((NDArray<T> a, int[] shape) => a.Reshape(shape)).AsKernel();
}

/// <summary>Conversions between element types, per block.</summary>
internal static class ConvertFunctions<TIn, TOut>
    where TIn : unmanaged
    where TOut : unmanaged
{
    public static readonly TaskFunction Convert = TaskFunction.From((NDArray<TIn> a) => Elementwise.Convert<TIn, TOut>(a)).AsKernel();
}
