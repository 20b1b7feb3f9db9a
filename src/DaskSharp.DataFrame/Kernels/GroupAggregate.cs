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

    /// <summary>The first non-null value, in row order (pandas' groupby first).</summary>
    First,

    /// <summary>The last non-null value, in row order (pandas' groupby last).</summary>
    Last,

    /// <summary>The value at the group's first row, null or not (drop_duplicates' keep="first").</summary>
    FirstRow,

    /// <summary>The value at the group's last row, null or not (drop_duplicates' keep="last").</summary>
    LastRow,

    /// <summary>The distinct non-null values, as a list a group (nunique's partial).</summary>
    Distinct,

    /// <summary>The distinct values of several lists, as one list a group (nunique's combine).</summary>
    DistinctUnion,

    /// <summary>A quantile sketch of the non-null values: (value, weight) pairs, as a list a group.</summary>
    Sketch,

    /// <summary>Several sketches merged (and compressed when large).</summary>
    SketchMerge,
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

        if (op is AggregateOp.First or AggregateOp.Last or AggregateOp.FirstRow or AggregateOp.LastRow)
        {
            return input is null ? throw new ArgumentException($"{op} needs a column.") : input is DictionaryType ? StringType.Default : input;
        }

        if (op is AggregateOp.Distinct)
        {
            _ = input is null ? throw new ArgumentException("nunique needs a column.") : GroupDistinct.CheckSupported(input, column);
            return new ListType(new Field("item", input is DictionaryType ? StringType.Default : input, true));
        }

        if (op is AggregateOp.Sketch)
        {
            return input is not null && Numeric.IsNumeric(input) ? new ListType(new Field("item", DoubleType.Default, true)) : throw new ArgumentException($"Cannot take quantiles of column '{column}' of type {(input is null ? "none" : Dtype.Name(input))}.");
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
        switch (op)
        {
            case AggregateOp.First or AggregateOp.Last or AggregateOp.FirstRow or AggregateOp.LastRow:
                return Pick(op, column, ids, groups);
            case AggregateOp.Distinct:
                return GroupDistinct.Of(column, ids, groups);
            case AggregateOp.DistinctUnion:
                return GroupDistinct.Union((ListArray)column, ids, groups);
            case AggregateOp.Sketch:
                return QuantileSketch.Of(column, ids, groups);
            case AggregateOp.SketchMerge:
                return QuantileSketch.Merge((ListArray)column, ids, groups);
        }

        if (op == AggregateOp.Count)
        {
            var counts = new long[groups];
            bool nulls = column.NullCount > 0;
            for (int i = 0; i < ids.Length; i++)
            {
                if (ids[i] >= 0 && (!nulls || column.IsValid(i)))
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
            DoubleArray d => Fold<double, double>(op, d, d.Values, ids, groups, DoubleType.Default),
            FloatArray f => Fold<float, double>(op, f, f.Values, ids, groups, DoubleType.Default),
            TimestampArray t => Fold<long, long>(op, t, t.Values, ids, groups, t.Data.DataType),
            BooleanArray b => Fold<long, long>(op, b, Bools(b), ids, groups, Int64Type.Default),
            Int32Array i => Fold<int, long>(op, i, i.Values, ids, groups, Int64Type.Default),
            _ => Fold<long, long>(op, column, Numeric.Longs(column), ids, groups, Int64Type.Default),
        };
    }

    // The row each group's value comes from (-1: none), then one gather: no per-row boxing.
    private static IArrowArray Pick(AggregateOp op, IArrowArray column, ReadOnlySpan<int> ids, int groups)
    {
        var rows = new int[groups];
        rows.AsSpan().Fill(-1);
        bool skipNulls = op is AggregateOp.First or AggregateOp.Last;
        bool last = op is AggregateOp.Last or AggregateOp.LastRow;
        ReadOnlySpan<double> doubles = skipNulls && column is DoubleArray d ? d.Values : default;
        ReadOnlySpan<float> floats = skipNulls && column is FloatArray f ? f.Values : default;
        bool nulls = skipNulls && column.NullCount > 0;
        for (int i = 0; i < ids.Length; i++)
        {
            int g = ids[i];
            if (g < 0 || (!last && rows[g] >= 0) || (nulls && !column.IsValid(i))
                || (doubles.Length > 0 && double.IsNaN(doubles[i])) || (floats.Length > 0 && float.IsNaN(floats[i])))
            {
                continue;
            }

            rows[g] = i;
        }

        return Take.Decode(Take.Column(column, rows));
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

    // Values are read as they lie (int32 and float32 too) and accumulated wider: no widened copy of the column.
    private static IArrowArray Fold<T, TAcc>(AggregateOp op, IArrowArray column, ReadOnlySpan<T> values, ReadOnlySpan<int> ids, int groups, IArrowType type)
        where T : unmanaged, System.Numerics.INumber<T>
        where TAcc : unmanaged, System.Numerics.INumber<TAcc>
    {
        var acc = new TAcc[groups];
        bool nulls = column.NullCount > 0;
        if (op == AggregateOp.Sum)
        {
            for (int i = 0; i < ids.Length; i++)
            {
                int g = ids[i];
                if (g >= 0 && (!nulls || column.IsValid(i)) && !T.IsNaN(values[i]))
                {
                    acc[g] += TAcc.CreateTruncating(values[i]);
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

            TAcc v = TAcc.CreateTruncating(values[i]);
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
