using DaskSharp.Graphs;

namespace DaskSharp.Arrays;

/// <summary>
/// The per-block functions array tasks call. They are plain static methods (no captured state), so
/// their tokens are stable and they ship to workers as function references; each is wrapped once.
/// </summary>
internal static class ChunkFunctions<T>
    where T : unmanaged
{
    public static readonly TaskFunction Binary = TaskFunction.From((NDArray<T> a, NDArray<T> b, BinaryOp op) => Elementwise.Binary(a, b, op)).AsKernel();

    public static readonly TaskFunction BinaryScalarRight = TaskFunction.From((NDArray<T> a, T s, BinaryOp op) => Elementwise.Binary(a, s, op, scalarOnLeft: false)).AsKernel();

    public static readonly TaskFunction BinaryScalarLeft = TaskFunction.From((T s, NDArray<T> a, BinaryOp op) => Elementwise.Binary(a, s, op, scalarOnLeft: true)).AsKernel();

    public static readonly TaskFunction Unary = TaskFunction.From((NDArray<T> a, UnaryOp op) => Elementwise.Unary(a, op)).AsKernel();

    public static readonly TaskFunction Compare = TaskFunction.From((NDArray<T> a, NDArray<T> b, CompareOp op) => Elementwise.Compare(a, b, op)).AsKernel();

    public static readonly TaskFunction CompareScalar = TaskFunction.From((NDArray<T> a, T s, CompareOp op) => Elementwise.Compare(a, NDArray<T>.Scalar(s), op)).AsKernel();

    public static readonly TaskFunction Transpose = TaskFunction.From((NDArray<T> a, int[] axes) => a.Transpose(axes)).AsKernel();

    public static readonly TaskFunction Where = TaskFunction.From((NDArray<bool> c, NDArray<T> a, NDArray<T> b) => Elementwise.Where(c, a, b)).AsKernel();

    public static readonly TaskFunction Full = TaskFunction.From((int[] shape, T value) => NDArray<T>.Full(value, shape)).AsKernel();

    public static readonly TaskFunction Rechunk = TaskFunction.From((NDArray<T>[] parts, RechunkPlan plan) => plan.Assemble(parts)).AsKernel();

    public static readonly TaskFunction Reshape = TaskFunction.From((NDArray<T> a, int[] shape) => a.Reshape(shape)).AsKernel();
}

/// <summary>Conversions between element types, per block.</summary>
internal static class ConvertFunctions<TIn, TOut>
    where TIn : unmanaged
    where TOut : unmanaged
{
    public static readonly TaskFunction Convert = TaskFunction.From((NDArray<TIn> a) => Elementwise.Convert<TIn, TOut>(a)).AsKernel();
}
