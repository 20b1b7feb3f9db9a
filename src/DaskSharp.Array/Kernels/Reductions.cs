namespace DaskSharp.Arrays;

/// <summary>
/// Reductions along any set of axes. The output (with the reduced axes kept as length 1) is read
/// with stride 0 along reduced axes, so one pass over the input in memory order handles every axis
/// choice: a run along a reduced axis is reduced to one value (<c>TensorPrimitives.Sum</c> etc.),
/// a run along a kept axis is combined elementwise into the output run.
/// </summary>
internal static class Reductions
{
    public static NDArray<T> Reduce<T>(NDArray<T> a, ReduceOp op, int[] axes, bool keepDims)
        where T : unmanaged
    {
        ArrayKernels<T> k = ArrayKernels<T>.Instance;
        int[] keptShape = KeptShape(a.ShapeArray, axes);
        if (a.Size == 0 && op is ReduceOp.Min or ReduceOp.Max or ReduceOp.NanMin or ReduceOp.NanMax && axes.Any(ax => a.Shape[ax] == 0))
        {
            throw new ArgumentException($"zero-size array to reduction operation {op.ToString().ToLowerInvariant()} which has no identity");
        }

        NDArray<T> result = NDArray<T>.Full(k.Identity(op), keptShape);
        a = a.WithUnitInnerStride();

        int[] outStrides = OutputStrides(result, axes);
        var runs = new RunIterator(a.Shape, [a.StridesArray, outStrides], [a.Offset, 0]);
        T[] x = a.Data;
        T[] d = result.Data;
        while (runs.MoveNext())
        {
            int n = runs.Length;
            int o = runs.Offset(1);
            if (runs.InnerStride(1) == 0)
            {
                d[o] = k.Combine(op, d[o], k.Reduce(op, x.AsSpan(runs.Offset(0), n)));
            }
            else
            {
                k.Accumulate(op, d.AsSpan(o, n), x.AsSpan(runs.Offset(0), n));
            }
        }

        return keepDims ? result : DropAxes(result, axes);
    }

    /// <summary>The shape with reduced axes set to 1.</summary>
    public static int[] KeptShape(int[] shape, int[] axes)
    {
        var kept = (int[])shape.Clone();
        foreach (int ax in axes)
        {
            kept[ax] = 1;
        }

        return kept;
    }

    /// <summary>A keepdims result viewed without its reduced axes.</summary>
    public static NDArray<T> DropAxes<T>(NDArray<T> keep, int[] axes)
        where T : unmanaged
    {
        int[] shape = [.. keep.ShapeArray.Where((_, i) => !axes.Contains(i))];
        return keep.Reshape(shape);
    }

    public static BinaryOp AsBinary(ReduceOp op) => op switch
    {
        ReduceOp.Sum => BinaryOp.Add,
        ReduceOp.Prod => BinaryOp.Multiply,
        ReduceOp.Min => BinaryOp.Minimum,
        ReduceOp.Max => BinaryOp.Maximum,
        ReduceOp.NanSum => BinaryOp.Add, // partials hold no NaN
        ReduceOp.NanProd => BinaryOp.Multiply,
        ReduceOp.NanMin => BinaryOp.Fmin,
        ReduceOp.NanMax => BinaryOp.Fmax,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static int[] OutputStrides<T>(NDArray<T> result, int[] axes)
        where T : unmanaged
    {
        var strides = (int[])result.StridesArray.Clone();
        foreach (int ax in axes)
        {
            strides[ax] = 0;
        }

        return strides;
    }
}
