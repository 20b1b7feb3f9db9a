using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>The primitive aggregations a group-by's partial, combine and final steps are made of.</summary>
public enum AggregateOp
{
    /// <summary>Sum of the non-null values (0 for none, as pandas).</summary>
    Sum,

    /// <summary>Number of non-null values.</summary>
    Count,

    /// <summary>Smallest non-null value (null for none).</summary>
    Min,

    /// <summary>Largest non-null value (null for none).</summary>
    Max,

    /// <summary>Number of rows, nulls included (needs no column).</summary>
    Size,

    /// <summary>Sum of the squares of the non-null values, as float64 (for var and std).</summary>
    SumOfSquares,
}

/// <summary>Hash group-by's second half: one pass over a column, accumulating into each row's group.</summary>
internal static class GroupAggregate
{
    /// <summary>The type <paramref name="op"/> gives on a column of <paramref name="input"/> (null for <see cref="AggregateOp.Size"/>).</summary>
    public static IArrowType ResultType(AggregateOp op, IArrowType? input, string column)
    {
        if (op is AggregateOp.Count or AggregateOp.Size)
        {
            return Int64Type.Default;
        }

        if (op == AggregateOp.SumOfSquares)
        {
            return input is not null && Numeric.IsNumeric(input) ? DoubleType.Default : throw new ArgumentException($"Cannot take the variance of column '{column}' of type {(input is null ? "none" : Dtype.Name(input))}.");
        }

        if (input is null || !(Numeric.IsNumeric(input) || (input is BooleanType && op == AggregateOp.Sum) || (input is TimestampType && op != AggregateOp.Sum)))
        {
            throw new ArgumentException($"Cannot take the {op.ToString().ToLowerInvariant()} of column '{column}' of type {(input is null ? "none" : Dtype.Name(input))}.");
        }

        return input is TimestampType ? input : Numeric.IsInteger(input) || input is BooleanType ? Int64Type.Default : DoubleType.Default;
    }

    /// <summary><paramref name="op"/> of <paramref name="column"/> per group; rows of group -1 are skipped.</summary>
    public static IArrowArray Apply(AggregateOp op, IArrowArray? column, ReadOnlySpan<int> ids, int groups)
    {
        if (op == AggregateOp.Size)
        {
            var sizes = new long[groups];
            foreach (int g in ids)
            {
                if (g >= 0)
                {
                    sizes[g]++;
                }
            }

            return ArrayBuild.Primitive(Int64Type.Default, sizes, groups, null, 0);
        }

        ArgumentNullException.ThrowIfNull(column);
        if (op == AggregateOp.Count)
        {
            var counts = new long[groups];
            for (int i = 0; i < ids.Length; i++)
            {
                if (ids[i] >= 0 && ArrayBuild.IsValid(column, i))
                {
                    counts[ids[i]]++;
                }
            }

            return ArrayBuild.Primitive(Int64Type.Default, counts, groups, null, 0);
        }

        if (op == AggregateOp.SumOfSquares)
        {
            ReadOnlySpan<double> x = Numeric.Doubles(column);
            var squares = new double[groups];
            for (int i = 0; i < ids.Length; i++)
            {
                if (ids[i] >= 0 && ArrayBuild.IsValid(column, i) && !double.IsNaN(x[i]))
                {
                    squares[ids[i]] += x[i] * x[i];
                }
            }

            return ArrayBuild.Primitive(DoubleType.Default, squares, groups, null, 0);
        }

        return column switch
        {
            DoubleArray d => Fold(op, d, d.Values, ids, groups, DoubleType.Default),
            FloatArray f => Fold(op, f, Numeric.Doubles(f), ids, groups, DoubleType.Default),
            TimestampArray t => Fold(op, t, t.Values, ids, groups, t.Data.DataType),
            BooleanArray b => Fold(op, b, Bools(b), ids, groups, Int64Type.Default),
            _ => Fold(op, column, Numeric.Longs(column), ids, groups, Int64Type.Default),
        };
    }

    private static long[] Bools(BooleanArray b)
    {
        var values = new long[b.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = b.GetValue(i) == true ? 1 : 0;
        }

        return values;
    }

    private static IArrowArray Fold<T>(AggregateOp op, IArrowArray column, ReadOnlySpan<T> values, ReadOnlySpan<int> ids, int groups, IArrowType type)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        var acc = new T[groups];
        bool nulls = column.NullCount > 0;
        if (op == AggregateOp.Sum)
        {
            for (int i = 0; i < ids.Length; i++)
            {
                int g = ids[i];
                if (g >= 0 && (!nulls || column.IsValid(i)) && !T.IsNaN(values[i]))
                {
                    acc[g] += values[i];
                }
            }

            return ArrayBuild.Primitive(type, acc, groups, null, 0);
        }

        var seen = new bool[groups];
        bool min = op == AggregateOp.Min;
        for (int i = 0; i < ids.Length; i++)
        {
            int g = ids[i];
            if (g < 0 || (nulls && !column.IsValid(i)) || T.IsNaN(values[i]))
            {
                continue;
            }

            T v = values[i];
            if (!seen[g] || (min ? v < acc[g] : v > acc[g]))
            {
                acc[g] = v;
                seen[g] = true;
            }
        }

        (byte[]? bitmap, int nullCount) = ArrayBuild.Validity(seen);
        return ArrayBuild.Primitive(type, acc, groups, bitmap, nullCount);
    }
}
