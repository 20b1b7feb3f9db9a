using DaskSharp.Arrays;

namespace DaskSharp;

// Elementwise arithmetic and comparisons with NumPy broadcasting. Shapes are checked when the
// expression is built; operands with different chunks are first rechunked to a common refinement
// (Dask's unify_chunks). Division, and the bitwise and logical operators, depend on the element
// type: they are in DaskArrayOperators. Comparisons, == and != too, give DaskArray<bool>, so
// `if (x == y)` does not compile (it would only compare references).
public sealed partial class DaskArray<TValue>
{
    /// <summary>Elementwise sum with broadcasting.</summary>
    public static DaskArray<TValue> operator +(DaskArray<TValue> a, DaskArray<TValue> b) => ElementwiseOps.Binary(a, b, BinaryOp.Add);

    /// <summary>Elementwise difference with broadcasting.</summary>
    public static DaskArray<TValue> operator -(DaskArray<TValue> a, DaskArray<TValue> b) => ElementwiseOps.Binary(a, b, BinaryOp.Subtract);

    /// <summary>Elementwise product with broadcasting.</summary>
    public static DaskArray<TValue> operator *(DaskArray<TValue> a, DaskArray<TValue> b) => ElementwiseOps.Binary(a, b, BinaryOp.Multiply);

    /// <summary>Elementwise remainder (sign of the divisor) with broadcasting.</summary>
    public static DaskArray<TValue> operator %(DaskArray<TValue> a, DaskArray<TValue> b) => ElementwiseOps.Binary(a, b, BinaryOp.Remainder);

    /// <summary>Adds a scalar.</summary>
    public static DaskArray<TValue> operator +(DaskArray<TValue> a, TValue b) => ElementwiseOps.Scalar(a, b, BinaryOp.Add, scalarOnLeft: false);

    /// <summary>Adds to a scalar.</summary>
    public static DaskArray<TValue> operator +(TValue a, DaskArray<TValue> b) => ElementwiseOps.Scalar(b, a, BinaryOp.Add, scalarOnLeft: true);

    /// <summary>Subtracts a scalar.</summary>
    public static DaskArray<TValue> operator -(DaskArray<TValue> a, TValue b) => ElementwiseOps.Scalar(a, b, BinaryOp.Subtract, scalarOnLeft: false);

    /// <summary>Subtracts from a scalar.</summary>
    public static DaskArray<TValue> operator -(TValue a, DaskArray<TValue> b) => ElementwiseOps.Scalar(b, a, BinaryOp.Subtract, scalarOnLeft: true);

    /// <summary>Multiplies by a scalar.</summary>
    public static DaskArray<TValue> operator *(DaskArray<TValue> a, TValue b) => ElementwiseOps.Scalar(a, b, BinaryOp.Multiply, scalarOnLeft: false);

    /// <summary>Multiplies a scalar.</summary>
    public static DaskArray<TValue> operator *(TValue a, DaskArray<TValue> b) => ElementwiseOps.Scalar(b, a, BinaryOp.Multiply, scalarOnLeft: true);

    /// <summary>Remainder by a scalar (the sign of the divisor, as NumPy's).</summary>
    public static DaskArray<TValue> operator %(DaskArray<TValue> a, TValue b) => ElementwiseOps.Scalar(a, b, BinaryOp.Remainder, scalarOnLeft: false);

    /// <summary>Remainder of a scalar (the sign of the divisor, as NumPy's).</summary>
    public static DaskArray<TValue> operator %(TValue a, DaskArray<TValue> b) => ElementwiseOps.Scalar(b, a, BinaryOp.Remainder, scalarOnLeft: true);

    /// <summary>Elementwise equality with broadcasting (NumPy's <c>==</c>): a boolean array, not a bool.</summary>
    public static DaskArray<bool> operator ==(DaskArray<TValue> a, DaskArray<TValue> b) => ElementwiseOps.Compare(a, b, CompareOp.Equal);

    /// <summary>Elementwise inequality with broadcasting (NumPy's <c>!=</c>): a boolean array, not a bool.</summary>
    public static DaskArray<bool> operator !=(DaskArray<TValue> a, DaskArray<TValue> b) => ElementwiseOps.Compare(a, b, CompareOp.NotEqual);

    /// <summary>Elementwise equality with a scalar.</summary>
    public static DaskArray<bool> operator ==(DaskArray<TValue> a, TValue b) => ElementwiseOps.CompareScalar(a, b, CompareOp.Equal);

    /// <summary>Elementwise inequality with a scalar.</summary>
    public static DaskArray<bool> operator !=(DaskArray<TValue> a, TValue b) => ElementwiseOps.CompareScalar(a, b, CompareOp.NotEqual);

    /// <summary>Elementwise equality of a scalar.</summary>
    public static DaskArray<bool> operator ==(TValue a, DaskArray<TValue> b) => ElementwiseOps.CompareScalar(b, a, CompareOp.Equal);

    /// <summary>Elementwise inequality of a scalar.</summary>
    public static DaskArray<bool> operator !=(TValue a, DaskArray<TValue> b) => ElementwiseOps.CompareScalar(b, a, CompareOp.NotEqual);

    /// <summary>Scalar <c>&lt;</c> each element.</summary>
    public static DaskArray<bool> operator <(TValue a, DaskArray<TValue> b) => ElementwiseOps.CompareScalar(b, a, CompareOp.Greater);

    /// <summary>Scalar <c>&gt;</c> each element.</summary>
    public static DaskArray<bool> operator >(TValue a, DaskArray<TValue> b) => ElementwiseOps.CompareScalar(b, a, CompareOp.Less);

    /// <summary>Scalar <c>&lt;=</c> each element.</summary>
    public static DaskArray<bool> operator <=(TValue a, DaskArray<TValue> b) => ElementwiseOps.CompareScalar(b, a, CompareOp.GreaterOrEqual);

    /// <summary>Scalar <c>&gt;=</c> each element.</summary>
    public static DaskArray<bool> operator >=(TValue a, DaskArray<TValue> b) => ElementwiseOps.CompareScalar(b, a, CompareOp.LessOrEqual);

    /// <summary>Reference equality: two lazy arrays are the same object (<c>==</c> compares elements).</summary>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <inheritdoc/>
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    /// <summary>Python's and NumPy's <c>//</c>: the quotient rounded down (integers: 0 for x // 0).</summary>
    public DaskArray<TValue> FloorDivide(DaskArray<TValue> other) => ElementwiseOps.Binary(this, other, BinaryOp.FloorDivide);

    /// <summary><c>//</c> by a scalar.</summary>
    public DaskArray<TValue> FloorDivide(TValue divisor) => ElementwiseOps.Scalar(this, divisor, BinaryOp.FloorDivide, scalarOnLeft: false);

    /// <summary>NumPy's <c>mod</c>/<c>remainder</c>: the sign of the divisor (as <c>%</c>).</summary>
    public DaskArray<TValue> Mod(DaskArray<TValue> other) => ElementwiseOps.Binary(this, other, BinaryOp.Remainder);

    /// <summary>NumPy's <c>mod</c> by a scalar.</summary>
    public DaskArray<TValue> Mod(TValue divisor) => ElementwiseOps.Scalar(this, divisor, BinaryOp.Remainder, scalarOnLeft: false);

    /// <summary>Negation.</summary>
    public static DaskArray<TValue> operator -(DaskArray<TValue> a) => ElementwiseOps.Unary(a, UnaryOp.Negate);

    /// <summary>Elementwise <c>&lt;</c>.</summary>
    public static DaskArray<bool> operator <(DaskArray<TValue> a, DaskArray<TValue> b) => ElementwiseOps.Compare(a, b, CompareOp.Less);

    /// <summary>Elementwise <c>&gt;</c>.</summary>
    public static DaskArray<bool> operator >(DaskArray<TValue> a, DaskArray<TValue> b) => ElementwiseOps.Compare(a, b, CompareOp.Greater);

    /// <summary>Elementwise <c>&lt;=</c>.</summary>
    public static DaskArray<bool> operator <=(DaskArray<TValue> a, DaskArray<TValue> b) => ElementwiseOps.Compare(a, b, CompareOp.LessOrEqual);

    /// <summary>Elementwise <c>&gt;=</c>.</summary>
    public static DaskArray<bool> operator >=(DaskArray<TValue> a, DaskArray<TValue> b) => ElementwiseOps.Compare(a, b, CompareOp.GreaterOrEqual);

    /// <summary>Elementwise <c>&lt;</c> against a scalar.</summary>
    public static DaskArray<bool> operator <(DaskArray<TValue> a, TValue b) => ElementwiseOps.CompareScalar(a, b, CompareOp.Less);

    /// <summary>Elementwise <c>&gt;</c> against a scalar.</summary>
    public static DaskArray<bool> operator >(DaskArray<TValue> a, TValue b) => ElementwiseOps.CompareScalar(a, b, CompareOp.Greater);

    /// <summary>Elementwise <c>&lt;=</c> against a scalar.</summary>
    public static DaskArray<bool> operator <=(DaskArray<TValue> a, TValue b) => ElementwiseOps.CompareScalar(a, b, CompareOp.LessOrEqual);

    /// <summary>Elementwise <c>&gt;=</c> against a scalar.</summary>
    public static DaskArray<bool> operator >=(DaskArray<TValue> a, TValue b) => ElementwiseOps.CompareScalar(a, b, CompareOp.GreaterOrEqual);

    /// <summary>Elementwise equality (NumPy's <c>==</c>).</summary>
    public DaskArray<bool> Equal(DaskArray<TValue> other) => ElementwiseOps.Compare(this, other, CompareOp.Equal);

    /// <summary>Elementwise inequality (NumPy's <c>!=</c>).</summary>
    public DaskArray<bool> NotEqual(DaskArray<TValue> other) => ElementwiseOps.Compare(this, other, CompareOp.NotEqual);

    /// <summary>Any elementwise operation with broadcasting.</summary>
    public DaskArray<TValue> Apply(BinaryOp op, DaskArray<TValue> other) => ElementwiseOps.Binary(this, other, op);

    /// <summary>Any elementwise function.</summary>
    public DaskArray<TValue> Apply(UnaryOp op) => ElementwiseOps.Unary(this, op);

    /// <summary>Each element converted to <typeparamref name="TOut"/> (NumPy's <c>astype</c>).</summary>
    public DaskArray<TOut> AsType<TOut>()
        where TOut : unmanaged =>
        typeof(TOut) == typeof(TValue)
            ? (DaskArray<TOut>)(object)this
            : ArrayBuilder.Blockwise<TOut>("astype", ConvertFunctions<TValue, TOut>.Convert, Chunks, [BlockInput.Aligned(this, Rank)]);
}

/// <summary>The graph-building side of elementwise operations.</summary>
internal static class ElementwiseOps
{
    public static DaskArray<T> Binary<T>(DaskArray<T> a, DaskArray<T> b, BinaryOp op)
        where T : unmanaged
    {
        var (x, y, chunks) = Unify(a, b);
        return ArrayBuilder.Blockwise<T>(
            Prefix(op), ChunkFunctions<T>.Binary, chunks,
            [BlockInput.Aligned(x, chunks.Rank), BlockInput.Aligned(y, chunks.Rank), BlockInput.Constant(op)]);
    }

    public static DaskArray<T> Scalar<T>(DaskArray<T> a, T scalar, BinaryOp op, bool scalarOnLeft)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        BlockInput array = BlockInput.Aligned(a, a.Rank);
        return scalarOnLeft
            ? ArrayBuilder.Blockwise<T>(Prefix(op), ChunkFunctions<T>.BinaryScalarLeft, a.Chunks, [BlockInput.Constant(scalar), array, BlockInput.Constant(op)])
            : ArrayBuilder.Blockwise<T>(Prefix(op), ChunkFunctions<T>.BinaryScalarRight, a.Chunks, [array, BlockInput.Constant(scalar), BlockInput.Constant(op)]);
    }

    public static DaskArray<T> Unary<T>(DaskArray<T> a, UnaryOp op)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        if (!ArrayKernels<T>.Instance.IsFloatingPoint && !IsIntegerUnary(op, typeof(T) == typeof(bool)))
        {
            throw new NotSupportedException($"{op} needs a floating-point array, not {a.Dtype}; use AsType<double>() first.");
        }

        return ArrayBuilder.Blockwise<T>(op.ToString().ToLowerInvariant(), ChunkFunctions<T>.Unary, a.Chunks, [BlockInput.Aligned(a, a.Rank), BlockInput.Constant(op)]);
    }

    public static DaskArray<bool> Compare<T>(DaskArray<T> a, DaskArray<T> b, CompareOp op)
        where T : unmanaged
    {
        var (x, y, chunks) = Unify(a, b);
        return ArrayBuilder.Blockwise<bool>(
            Prefix(op), ChunkFunctions<T>.Compare, chunks,
            [BlockInput.Aligned(x, chunks.Rank), BlockInput.Aligned(y, chunks.Rank), BlockInput.Constant(op)]);
    }

    public static DaskArray<bool> CompareScalar<T>(DaskArray<T> a, T scalar, CompareOp op)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        return ArrayBuilder.Blockwise<bool>(
            Prefix(op), ChunkFunctions<T>.CompareScalar, a.Chunks,
            [BlockInput.Aligned(a, a.Rank), BlockInput.Constant(scalar), BlockInput.Constant(op)]);
    }

    public static DaskArray<T> Where<T>(DaskArray<bool> condition, DaskArray<T> a, DaskArray<T> b)
        where T : unmanaged
    {
        var (c, x, y, chunks) = Unify3(condition, a, b);
        return ArrayBuilder.Blockwise<T>(
            "where", ChunkFunctions<T>.Where, chunks,
            [BlockInput.Aligned(c, chunks.Rank), BlockInput.Aligned(x, chunks.Rank), BlockInput.Aligned(y, chunks.Rank)]);
    }

    /// <summary>Broadcasts two shapes and aligns the operands' chunks (rechunking to a common refinement where they differ).</summary>
    public static (DaskArray<TA> A, DaskArray<TB> B, Chunks Chunks) Unify<TA, TB>(DaskArray<TA> a, DaskArray<TB> b)
        where TA : unmanaged
        where TB : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        Chunks.RequireKnown(a.Chunks, "broadcast");
        Chunks.RequireKnown(b.Chunks, "broadcast");
        long[] shape = Axes.Broadcast(a.Shape, b.Shape);
        long[][] target = TargetChunks(shape, [(a.Shape, a.Chunks), (b.Shape, b.Chunks)]);
        return (Align(a, shape.Length, target), Align(b, shape.Length, target), new Chunks(target));
    }

    private static (DaskArray<bool>, DaskArray<T>, DaskArray<T>, Chunks) Unify3<T>(DaskArray<bool> c, DaskArray<T> a, DaskArray<T> b)
        where T : unmanaged
    {
        long[] shape = Axes.Broadcast(Axes.Broadcast(c.Shape, a.Shape), b.Shape);
        long[][] target = TargetChunks(shape, [(c.Shape, c.Chunks), (a.Shape, a.Chunks), (b.Shape, b.Chunks)]);
        return (Align(c, shape.Length, target), Align(a, shape.Length, target), Align(b, shape.Length, target), new Chunks(target));
    }

    /// <summary>Per output axis: the common refinement of the chunks of every operand that spans it (not broadcast).</summary>
    private static long[][] TargetChunks(long[] shape, (long[] Shape, Chunks Chunks)[] operands)
    {
        var target = new long[shape.Length][];
        for (int d = 0; d < shape.Length; d++)
        {
            long[]? chunks = null;
            foreach (var (s, c) in operands)
            {
                int axis = d - (shape.Length - s.Length);
                if (axis < 0 || (s[axis] == 1 && shape[d] != 1))
                {
                    continue; // broadcast along this axis
                }

                long[] own = c.Sizes(axis);
                chunks = chunks is null ? own : (chunks.AsSpan().SequenceEqual(own) ? chunks : Rechunking.CommonRefinement(chunks, own));
            }

            target[d] = chunks ?? [shape[d]];
        }

        return target;
    }

    private static DaskArray<T> Align<T>(DaskArray<T> x, int rank, long[][] target)
        where T : unmanaged
    {
        int lead = rank - x.Rank;
        var sizes = new long[x.Rank][];
        for (int d = 0; d < x.Rank; d++)
        {
            sizes[d] = x.Shape[d] == 1 && target[lead + d].Sum() != 1 ? [1] : target[lead + d];
        }

        return Rechunking.Rechunk(x, new Chunks(sizes));
    }

    private static bool IsIntegerUnary(UnaryOp op, bool isBool) =>
        isBool ? op is UnaryOp.Invert or UnaryOp.Abs or UnaryOp.Square or UnaryOp.Sign
        : op is UnaryOp.Negate or UnaryOp.Abs or UnaryOp.Square or UnaryOp.Sign or UnaryOp.Invert or UnaryOp.Rint or UnaryOp.Floor or UnaryOp.Ceil or UnaryOp.Trunc;

    private static string Prefix(BinaryOp op) => op switch
    {
        BinaryOp.Add => "add",
        BinaryOp.Subtract => "sub",
        BinaryOp.Multiply => "mul",
        BinaryOp.Divide => "truediv",
        BinaryOp.Remainder => "mod",
        BinaryOp.Maximum => "maximum",
        BinaryOp.Minimum => "minimum",
        BinaryOp.Power => "power",
        BinaryOp.FloorDivide => "floordiv",
        _ => op.ToString().ToLowerInvariant(),
    };

    private static string Prefix(CompareOp op) => op switch
    {
        CompareOp.Equal => "eq",
        CompareOp.NotEqual => "ne",
        CompareOp.Less => "lt",
        CompareOp.LessOrEqual => "le",
        CompareOp.Greater => "gt",
        _ => "ge",
    };
}
