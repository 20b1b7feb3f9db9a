namespace DaskSharp.Arrays;

/// <summary>
/// Elementwise operations on whole arrays with NumPy broadcasting: the result is a new contiguous
/// array; inputs are read through their strides (a transposed input is first copied in tiles, so
/// every kernel call sees unit or zero strides).
/// </summary>
internal static class Elementwise
{
    public static NDArray<T> Binary<T>(NDArray<T> a, NDArray<T> b, BinaryOp op)
        where T : unmanaged
    {
        int[] shape = BroadcastShape(a.ShapeArray, b.ShapeArray);
        var result = NDArray<T>.Uninitialized(shape);
        ArrayKernels<T> k = ArrayKernels<T>.Instance;
        a = a.WithUnitInnerStride();
        b = b.WithUnitInnerStride();
        var runs = new RunIterator(shape, [BroadcastStrides(a, shape), BroadcastStrides(b, shape), result.StridesArray], [a.Offset, b.Offset, 0]);
        T[] x = a.Data;
        T[] y = b.Data;
        T[] d = result.Data;
        while (runs.MoveNext())
        {
            int n = runs.Length;
            Span<T> dest = d.AsSpan(runs.Offset(2), n);
            bool xs = runs.InnerStride(0) == 0 && n > 1;
            bool ys = runs.InnerStride(1) == 0 && n > 1;
            if (xs && ys)
            {
                k.Binary(op, x.AsSpan(runs.Offset(0), 1), y[runs.Offset(1)], dest[..1]);
                dest.Fill(dest[0]);
            }
            else if (ys)
            {
                k.Binary(op, x.AsSpan(runs.Offset(0), n), y[runs.Offset(1)], dest);
            }
            else if (xs)
            {
                k.Binary(op, x[runs.Offset(0)], y.AsSpan(runs.Offset(1), n), dest);
            }
            else
            {
                k.Binary(op, x.AsSpan(runs.Offset(0), n), y.AsSpan(runs.Offset(1), n), dest);
            }
        }

        return result;
    }

    public static NDArray<T> Binary<T>(NDArray<T> a, T scalar, BinaryOp op, bool scalarOnLeft)
        where T : unmanaged
    {
        a = a.AsContiguous();
        var result = NDArray<T>.Uninitialized(a.ShapeArray);
        ReadOnlySpan<T> x = a.AsSpan();
        if (scalarOnLeft)
        {
            ArrayKernels<T>.Instance.Binary(op, scalar, x, result.AsSpan());
        }
        else
        {
            ArrayKernels<T>.Instance.Binary(op, x, scalar, result.AsSpan());
        }

        return result;
    }

    public static NDArray<T> Unary<T>(NDArray<T> a, UnaryOp op)
        where T : unmanaged
    {
        a = a.AsContiguous();
        var result = NDArray<T>.Uninitialized(a.ShapeArray);
        ArrayKernels<T>.Instance.Unary(op, a.AsSpan(), result.AsSpan());
        return result;
    }

    public static NDArray<bool> Compare<T>(NDArray<T> a, NDArray<T> b, CompareOp op)
        where T : unmanaged
    {
        int[] shape = BroadcastShape(a.ShapeArray, b.ShapeArray);
        var result = NDArray<bool>.Uninitialized(shape);
        ArrayKernels<T> k = ArrayKernels<T>.Instance;
        a = a.WithUnitInnerStride();
        b = b.WithUnitInnerStride();
        var runs = new RunIterator(shape, [BroadcastStrides(a, shape), BroadcastStrides(b, shape), result.StridesArray], [a.Offset, b.Offset, 0]);
        while (runs.MoveNext())
        {
            int n = runs.Length;
            Span<bool> dest = result.Data.AsSpan(runs.Offset(2), n);
            bool xs = runs.InnerStride(0) == 0 && n > 1;
            bool ys = runs.InnerStride(1) == 0 && n > 1;
            if (ys && !xs)
            {
                k.Compare(op, a.Data.AsSpan(runs.Offset(0), n), b.Data[runs.Offset(1)], dest);
            }
            else if (xs && !ys)
            {
                k.Compare(op, a.Data[runs.Offset(0)], b.Data.AsSpan(runs.Offset(1), n), dest);
            }
            else if (xs && ys)
            {
                k.Compare(op, a.Data.AsSpan(runs.Offset(0), 1), b.Data.AsSpan(runs.Offset(1), 1), dest[..1]);
                dest.Fill(dest[0]);
            }
            else
            {
                k.Compare(op, a.Data.AsSpan(runs.Offset(0), n), b.Data.AsSpan(runs.Offset(1), n), dest);
            }
        }

        return result;
    }

    /// <summary>NumPy's <c>where(condition, x, y)</c> with broadcasting of all three.</summary>
    public static NDArray<T> Where<T>(NDArray<bool> condition, NDArray<T> a, NDArray<T> b)
        where T : unmanaged
    {
        int[] shape = BroadcastShape(BroadcastShape(condition.ShapeArray, a.ShapeArray), b.ShapeArray);
        var result = NDArray<T>.Uninitialized(shape);
        var runs = new RunIterator(
            shape,
            [BroadcastStrides(condition, shape), BroadcastStrides(a, shape), BroadcastStrides(b, shape)],
            [condition.Offset, a.Offset, b.Offset]);
        int o = 0;
        T[] d = result.Data;
        while (runs.MoveNext())
        {
            int n = runs.Length;
            int cs = runs.InnerStride(0);
            int xs = runs.InnerStride(1);
            int ys = runs.InnerStride(2);
            int co = runs.Offset(0);
            int xo = runs.Offset(1);
            int yo = runs.Offset(2);
            for (int i = 0; i < n; i++)
            {
                d[o++] = condition.Data[co + (i * cs)] ? a.Data[xo + (i * xs)] : b.Data[yo + (i * ys)];
            }
        }

        return result;
    }

    /// <summary>Each element converted to <typeparamref name="TOut"/>, as NumPy's <c>astype</c> (truncating toward zero).</summary>
    public static NDArray<TOut> Convert<TIn, TOut>(NDArray<TIn> a)
        where TIn : unmanaged
        where TOut : unmanaged
    {
        a = a.AsContiguous();
        var result = NDArray<TOut>.Uninitialized(a.ShapeArray);
        ArrayKernels<TIn> from = ArrayKernels<TIn>.Instance;
        ArrayKernels<TOut> to = ArrayKernels<TOut>.Instance;
        ReadOnlySpan<TIn> x = a.AsSpan();
        Span<TOut> d = result.AsSpan();
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = to.FromDouble(from.ToDouble(x[i]));
        }

        return result;
    }

    public static int[] BroadcastShape(int[] a, int[] b)
    {
        long[] shape = Axes.Broadcast(a.Select(v => (long)v).ToArray(), b.Select(v => (long)v).ToArray());
        return [.. shape.Select(v => (int)v)];
    }

    /// <summary>The operand's strides aligned to <paramref name="shape"/>, 0 along broadcast axes.</summary>
    public static int[] BroadcastStrides<T>(NDArray<T> a, int[] shape)
        where T : unmanaged
    {
        var strides = new int[shape.Length];
        int lead = shape.Length - a.Rank;
        for (int d = 0; d < a.Rank; d++)
        {
            strides[lead + d] = a.Shape[d] == 1 && shape[lead + d] != 1 ? 0 : a.Strides[d];
        }

        return strides;
    }
}
