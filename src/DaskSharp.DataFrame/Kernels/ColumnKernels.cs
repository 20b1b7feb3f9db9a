using System.Numerics;
using System.Numerics.Tensors;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Plan;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// Whole-column arithmetic, comparisons and logic, column with column or column with a constant.
/// pandas' rules: int with int stays int64 except true division (float64); with a float, float64;
/// a row with a null on either side is null; strings compare with strings.
/// </summary>
internal static class ColumnKernels
{
    public static bool IsComparison(BinaryOperator op) => op is >= BinaryOperator.Equal and <= BinaryOperator.GreaterOrEqual;

    public static bool IsLogical(BinaryOperator op) => op is BinaryOperator.And or BinaryOperator.Or;

    public static bool IsText(IArrowType t) => t is StringType or LargeStringType or DictionaryType { ValueType: StringType };

    /// <summary>The result type of <paramref name="op"/> on these operand types.</summary>
    /// <exception cref="ArgumentException">naming the expression and both types when they do not fit.</exception>
    public static IArrowType ResultType(BinaryOperator op, IArrowType left, IArrowType right, ColumnExpr expression)
    {
        if (IsLogical(op))
        {
            return left is BooleanType && right is BooleanType ? BooleanType.Default : throw Mismatch(op, left, right, expression);
        }

        if (IsComparison(op))
        {
            bool fits = (Numeric.IsNumeric(left) && Numeric.IsNumeric(right)) || (IsText(left) && IsText(right))
                || (left is BooleanType && right is BooleanType && op is BinaryOperator.Equal or BinaryOperator.NotEqual)
                || (left is TimestampType && right is TimestampType);
            return fits ? BooleanType.Default : throw Mismatch(op, left, right, expression);
        }

        if (!Numeric.IsNumeric(left) || !Numeric.IsNumeric(right))
        {
            throw Mismatch(op, left, right, expression);
        }

        return op != BinaryOperator.Divide && Numeric.IsInteger(left) && Numeric.IsInteger(right) ? Int64Type.Default : DoubleType.Default;
    }

    private static ArgumentException Mismatch(BinaryOperator op, IArrowType left, IArrowType right, ColumnExpr expression) =>
        new($"Cannot apply '{Binary.Symbol(op)}' to {Dtype.Name(left)} and {Dtype.Name(right)} in {expression}.");

    /// <summary><paramref name="op"/> row by row; <paramref name="right"/> may be a constant (<see cref="Literal"/>'s value) instead of a column.</summary>
    public static IArrowArray Apply(BinaryOperator op, IArrowArray left, IArrowArray? right, object? constant = null)
    {
        IArrowType lt = left.Data.DataType;
        IArrowType rt = right?.Data.DataType ?? ConstantType(constant!);
        (byte[]? validity, int nulls) = Numeric.BothValid(left, right);
        int n = left.Length;
        if (IsLogical(op))
        {
            var a = (BooleanArray)left;
            var result = new bool[n];
            bool c = constant is bool cb && cb;
            for (int i = 0; i < n; i++)
            {
                bool x = a.GetValue(i) == true, y = right is BooleanArray b ? b.GetValue(i) == true : c;
                result[i] = op == BinaryOperator.And ? x && y : x || y;
            }

            return ArrayBuild.Boolean(result, validity, nulls);
        }

        if (IsComparison(op) && !IsText(lt) && lt is not BooleanType)
        {
            byte[] bits = (Numeric.IsInteger(lt) || lt is TimestampType) && (Numeric.IsInteger(rt) || rt is TimestampType)
                ? CompareBits.Compare(op, Numeric.Longs(left), right is null ? default : Numeric.Longs(right), constant is DateTime t && lt is TimestampType tt ? Timestamps.FromDateTime(t, tt) : constant is long l ? l : 0, right is null)
                : CompareBits.Compare(op, Numeric.Doubles(left), right is null ? default : Numeric.Doubles(right), constant is null ? 0 : Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture), right is null);
            return new BooleanArray(new ArrowBuffer(bits), validity is null ? ArrowBuffer.Empty : new ArrowBuffer(validity), n, nulls, 0);
        }

        if (IsComparison(op))
        {
            bool[] result = new bool[n];
            if (IsText(lt))
            {
                CompareText(op, left, right, constant as string, result);
            }
            else
            {
                var a = (BooleanArray)left;
                for (int i = 0; i < n; i++)
                {
                    bool y = right is BooleanArray b ? b.GetValue(i) == true : constant is true;
                    result[i] = (a.GetValue(i) == true) == y ^ op == BinaryOperator.NotEqual;
                }
            }

            return ArrayBuild.Boolean(result, validity, nulls);
        }

        if (op is BinaryOperator.Modulo or BinaryOperator.FloorDivide)
        {
            return FloorArithmetic.Apply(op, left, right, constant, validity, nulls);
        }

        if (op != BinaryOperator.Divide && Numeric.IsInteger(lt) && Numeric.IsInteger(rt))
        {
            var values = new long[n];
            Arithmetic(op, Numeric.Longs(left), right is null ? default : Numeric.Longs(right), constant is long l ? l : 0, right is null, values);
            return ArrayBuild.Primitive(Int64Type.Default, values, n, validity, nulls);
        }

        var doubles = new double[n];
        Arithmetic(op, Numeric.Doubles(left), right is null ? default : Numeric.Doubles(right), constant is null ? 0 : Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture), right is null, doubles);
        return ArrayBuild.Primitive(DoubleType.Default, doubles, n, validity, nulls);
    }

    public static BooleanArray Not(BooleanArray a)
    {
        var result = new bool[a.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = a.GetValue(i) != true;
        }

        (byte[]? validity, int nulls) = Numeric.BothValid(a, null);
        return ArrayBuild.Boolean(result, validity, nulls);
    }

    private static IArrowType ConstantType(object constant) => constant switch
    {
        double => DoubleType.Default,
        long => Int64Type.Default,
        string => StringType.Default,
        DateTime => Timestamps.Naive,
        _ => BooleanType.Default,
    };

    // TensorPrimitives picks the widest vectors the machine has.
    private static void Arithmetic<T>(BinaryOperator op, ReadOnlySpan<T> a, ReadOnlySpan<T> b, T constant, bool scalar, Span<T> result)
        where T : INumber<T>
    {
        switch (op)
        {
            case BinaryOperator.Add when scalar: TensorPrimitives.Add(a, constant, result); break;
            case BinaryOperator.Add: TensorPrimitives.Add(a, b, result); break;
            case BinaryOperator.Subtract when scalar: TensorPrimitives.Subtract(a, constant, result); break;
            case BinaryOperator.Subtract: TensorPrimitives.Subtract(a, b, result); break;
            case BinaryOperator.Multiply when scalar: TensorPrimitives.Multiply(a, constant, result); break;
            case BinaryOperator.Multiply: TensorPrimitives.Multiply(a, b, result); break;
            case BinaryOperator.Divide when scalar: TensorPrimitives.Divide(a, constant, result); break;
            default: TensorPrimitives.Divide(a, b, result); break;
        }
    }

    private static void CompareText(BinaryOperator op, IArrowArray left, IArrowArray? right, string? constant, Span<bool> result)
    {
        if (right is null && left is DictionaryArray dict)
        {
            // Compare the dictionary once, then look each row's code up.
            var words = (StringArray)dict.Dictionary;
            var hit = new bool[words.Length];
            for (int w = 0; w < words.Length; w++)
            {
                hit[w] = Holds(op, string.CompareOrdinal(words.GetString(w), constant));
            }

            ReadOnlySpan<int> codes = ((Int32Array)dict.Indices).Values;
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = hit[codes[i]];
            }

            return;
        }

        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Holds(op, string.CompareOrdinal(Text.Get(left, i), right is null ? constant : Text.Get(right, i)));
        }
    }

    private static bool Holds(BinaryOperator op, int order) => op switch
    {
        BinaryOperator.Equal => order == 0,
        BinaryOperator.NotEqual => order != 0,
        BinaryOperator.Less => order < 0,
        BinaryOperator.LessOrEqual => order <= 0,
        BinaryOperator.Greater => order > 0,
        _ => order >= 0,
    };
}

/// <summary>Reading string columns, plain or dictionary-encoded.</summary>
internal static class Text
{
    public static string? Get(IArrowArray array, int i) => array switch
    {
        StringArray s => s.GetString(i),
        DictionaryArray d => ((StringArray)d.Dictionary).GetString(((Int32Array)d.Indices).Values[i]),
        _ => throw new ArgumentException($"A string column was expected, not {Dtype.Name(array.Data.DataType)}."),
    };
}
