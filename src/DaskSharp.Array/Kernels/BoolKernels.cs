namespace DaskSharp.Arrays;

/// <summary>Boolean arrays: comparisons' results, masks, Any/All (Max/Min), and logical and/or as Minimum/Maximum.</summary>
internal sealed class BoolKernels : ArrayKernels<bool>
{
    public override string DtypeName => "bool";

    public override bool IsFloatingPoint => false;

    public override void Binary(BinaryOp op, ReadOnlySpan<bool> x, ReadOnlySpan<bool> y, Span<bool> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Scalar(op, x[i], y[i]);
        }
    }

    public override void Binary(BinaryOp op, ReadOnlySpan<bool> x, bool y, Span<bool> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Scalar(op, x[i], y);
        }
    }

    public override void Binary(BinaryOp op, bool x, ReadOnlySpan<bool> y, Span<bool> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Scalar(op, x, y[i]);
        }
    }

    public override void Unary(UnaryOp op, ReadOnlySpan<bool> x, Span<bool> destination)
    {
        if (op is not (UnaryOp.Invert or UnaryOp.Abs or UnaryOp.Square or UnaryOp.Sign))
        {
            throw new NotSupportedException($"{op} is not defined for bool arrays.");
        }

        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = op == UnaryOp.Invert ? !x[i] : x[i];
        }
    }

    public override void Compare(CompareOp op, ReadOnlySpan<bool> x, ReadOnlySpan<bool> y, Span<bool> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Compare(op, x[i], y[i]);
        }
    }

    public override void Compare(CompareOp op, ReadOnlySpan<bool> x, bool y, Span<bool> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Compare(op, x[i], y);
        }
    }

    public override void Compare(CompareOp op, bool x, ReadOnlySpan<bool> y, Span<bool> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Compare(op, x, y[i]);
        }
    }

    public override bool Reduce(ReduceOp op, ReadOnlySpan<bool> x) => op switch
    {
        ReduceOp.Max or ReduceOp.Sum => x.Contains(true),
        ReduceOp.Min or ReduceOp.Prod => !x.Contains(false),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public override bool Combine(ReduceOp op, bool a, bool b) => op is ReduceOp.Max or ReduceOp.Sum ? a | b : a & b;

    public override bool Identity(ReduceOp op) => op is ReduceOp.Min or ReduceOp.Prod;

    public override double SumAsDouble(ReadOnlySpan<bool> x) => x.Count(true);

    public override double SumSquaredDeviations(ReadOnlySpan<bool> x, double mean)
    {
        double ones = x.Count(true);
        return (ones * (1 - mean) * (1 - mean)) + ((x.Length - ones) * mean * mean);
    }

    public override double ToDouble(bool value) => value ? 1 : 0;

    public override bool FromDouble(double value) => value != 0;

    public override bool IsNaN(bool value) => false;

    private static bool Scalar(BinaryOp op, bool x, bool y) => op switch
    {
        BinaryOp.Maximum or BinaryOp.Fmax or BinaryOp.Add or BinaryOp.BitwiseOr => x | y,
        BinaryOp.Minimum or BinaryOp.Fmin or BinaryOp.Multiply or BinaryOp.BitwiseAnd => x & y,
        BinaryOp.BitwiseXor => x ^ y,
        _ => throw new NotSupportedException($"{op} is not defined for bool arrays."),
    };

    private static bool Compare(CompareOp op, bool x, bool y) => op switch
    {
        CompareOp.Equal => x == y,
        CompareOp.NotEqual => x != y,
        CompareOp.Less => !x & y,
        CompareOp.LessOrEqual => !x | y,
        CompareOp.Greater => x & !y,
        CompareOp.GreaterOrEqual => x | !y,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
