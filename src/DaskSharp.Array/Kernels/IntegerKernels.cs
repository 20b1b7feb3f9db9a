using System.Numerics;
using System.Numerics.Tensors;

namespace DaskSharp.Arrays;

/// <summary>Integer kernels: the numeric ones plus bitwise operations and shifts, on <see cref="TensorPrimitives"/> where it has them.</summary>
internal sealed class IntegerKernels<T> : NumberKernels<T>
    where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
{
    public override void Binary(BinaryOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
    {
        switch (op)
        {
            case BinaryOp.BitwiseAnd: TensorPrimitives.BitwiseAnd(x, y, destination); break;
            case BinaryOp.BitwiseOr: TensorPrimitives.BitwiseOr(x, y, destination); break;
            case BinaryOp.BitwiseXor: TensorPrimitives.Xor(x, y, destination); break;
            default: base.Binary(op, x, y, destination); break;
        }
    }

    public override void Unary(UnaryOp op, ReadOnlySpan<T> x, Span<T> destination)
    {
        if (op == UnaryOp.Invert)
        {
            TensorPrimitives.OnesComplement(x, destination);
            return;
        }

        base.Unary(op, x, destination);
    }

    protected override T Scalar(BinaryOp op, T x, T y) => op switch
    {
        BinaryOp.BitwiseAnd => x & y,
        BinaryOp.BitwiseOr => x | y,
        BinaryOp.BitwiseXor => x ^ y,
        BinaryOp.LeftShift => Shift(x, y, left: true),
        BinaryOp.RightShift => Shift(x, y, left: false),
        _ => base.Scalar(op, x, y),
    };

    /// <summary>NumPy's shifts: by the bit width or more gives 0 (or -1 for a negative number shifted right), unlike C#'s, which masks the count.</summary>
    private static T Shift(T x, T y, bool left)
    {
        int bits = System.Runtime.CompilerServices.Unsafe.SizeOf<T>() * 8;
        if (T.IsNegative(y))
        {
            throw new ArgumentException("negative shift count");
        }

        if (y >= T.CreateTruncating(bits))
        {
            return left || !T.IsNegative(x) ? T.Zero : T.Zero - T.One;
        }

        int n = int.CreateTruncating(y);
        return left ? x << n : x >> n;
    }
}
