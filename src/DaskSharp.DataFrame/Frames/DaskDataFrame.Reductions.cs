using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames;

public sealed partial class DaskDataFrame
{
    /// <summary>The statistics <see cref="Describe"/> gives, in pandas' order.</summary>
    public static readonly IReadOnlyList<string> DescribeStatistics = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"];

    private static readonly string[] s_describeHows = ["count", "mean", "std", "min", "quantile:0.25", "median", "quantile:0.75", "max"];

    /// <summary>The sum of each column (bool counts its trues). <paramref name="numericOnly"/>: only numeric and bool columns, as pandas' <c>numeric_only=True</c>; otherwise another type is an error naming the column.</summary>
    public FrameReduction Sum(bool numericOnly = false) => ByColumn("sum", numericOnly);

    /// <summary>The mean of each column.</summary>
    public FrameReduction Mean(bool numericOnly = false) => ByColumn("mean", numericOnly);

    /// <summary>The smallest value of each column (numeric or datetime).</summary>
    public FrameReduction Min(bool numericOnly = false) => ByColumn("min", numericOnly);

    /// <summary>The largest value of each column (numeric or datetime).</summary>
    public FrameReduction Max(bool numericOnly = false) => ByColumn("max", numericOnly);

    /// <summary>The number of non-null values of each column, of any type.</summary>
    public FrameReduction Count() => ByColumn("count", false);

    /// <summary>The sample standard deviation (ddof = 1) of each column.</summary>
    public FrameReduction Std(bool numericOnly = false) => ByColumn("std", numericOnly);

    /// <summary>The sample variance (ddof = 1) of each column.</summary>
    public FrameReduction Var(bool numericOnly = false) => ByColumn("var", numericOnly);

    /// <summary>
    /// pandas' <c>describe()</c> of the numeric columns: count, mean, std, min, 25%, 50%, 75%, max,
    /// all float64, in one tree reduction. The percentiles come from mergeable sketches
    /// (<see cref="QuantileSketch"/>): exact, with pandas' linear interpolation, while no sketch
    /// holds more than <see cref="QuantileSketch.Capacity"/> values; approximate beyond, as Dask's are.
    /// </summary>
    public FrameReduction Describe()
    {
        string[] columns = [.. Plan.Schema.Columns.Where(c => Numeric.IsNumeric(Plan.Schema.TypeOf(c)))];
        if (columns.Length == 0)
        {
            throw new ArgumentException($"Describe summarises numeric columns; this frame has none ({string.Join(", ", Dtypes.Select(d => $"{d.Column}: {d.Dtype}"))}).");
        }

        Aggregation[] aggregations = [.. columns.SelectMany(c => s_describeHows.Select(h => new Aggregation(c, h, $"{c}|{h}")))];
        var reduce = new Reduce(Plan, new AggregationPlan([], aggregations));
        return new FrameReduction(reduce, row =>
        {
            var fields = new List<Field> { new("statistic", StringType.Default, false) };
            var arrays = new List<IArrowArray> { Strings(DescribeStatistics) };
            foreach (string c in columns)
            {
                fields.Add(new Field(c, DoubleType.Default, true));
                arrays.Add(Doubles([.. s_describeHows.Select(h => row.Column($"{c}|{h}"))]));
            }

            return new Partition(new RecordBatch(new Schema(fields, null), arrays, DescribeStatistics.Count), "statistic");
        });
    }

    private FrameReduction ByColumn(string how, bool numericOnly)
    {
        string[] columns = [.. Plan.Schema.Columns.Where(c => !numericOnly || Supported(how, Plan.Schema.TypeOf(c)))];
        foreach (string c in columns)
        {
            IArrowType t = Plan.Schema.TypeOf(c);
            if (!Supported(how, t))
            {
                throw new ArgumentException($"Cannot take the {how} of column '{c}' of type {Dtype.Name(t)}; pass numericOnly: true to skip it, or select the columns to reduce.");
            }
        }

        var reduce = new Reduce(Plan, new AggregationPlan([], [.. columns.Select(c => new Aggregation(c, how, c))]));
        return new FrameReduction(reduce, row =>
        {
            IArrowArray values = Common(how, columns, [.. columns.Select(row.Column)]);
            var schema = new Schema([new Field("column", StringType.Default, false), new Field(how, values.Data.DataType, true)], null);
            return new Partition(new RecordBatch(schema, [Strings(columns), values], columns.Length), "column");
        });
    }

    // What pandas' numeric_only keeps, and what each reduction takes.
    private static bool Supported(string how, IArrowType t) => how switch
    {
        "count" => true,
        "sum" => Numeric.IsNumeric(t) || t is BooleanType,
        "min" or "max" => Numeric.IsNumeric(t) || t is TimestampType,
        _ => Numeric.IsNumeric(t),
    };

    // One column of the per-column values: int64 when all are, one datetime type when all are, else float64.
    private static IArrowArray Common(string how, string[] columns, IArrowArray[] values)
    {
        if (values.Length > 0 && values.All(v => v is Int64Array))
        {
            return Concat(values);
        }

        if (values.Length > 0 && values.All(v => v.Data.DataType is TimestampType t && t.Equals(values[0].Data.DataType)))
        {
            return Concat(values);
        }

        int datetime = System.Array.FindIndex(values, v => v is TimestampArray);
        if (datetime >= 0)
        {
            throw new NotSupportedException($"The {how} of datetime column '{columns[datetime]}' and numeric columns would be pandas' object Series; select columns of one kind.");
        }

        return Doubles(values);
    }

    private static IArrowArray Concat(IArrowArray[] values) =>
        values.Length == 1 ? values[0] : ArrowArrayConcatenator.Concatenate([.. values]);

    // One-row numeric results as one float64 column (an empty frame's reduction has no values).
    private static IArrowArray Doubles(IArrowArray[] values)
    {
        var result = new double[values.Length];
        var valid = new bool[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            valid[i] = values[i].Length > 0 && ArrayBuild.IsValid(values[i], 0);
            result[i] = valid[i] ? Numeric.Doubles(values[i])[0] : 0;
        }

        (byte[]? bitmap, int nulls) = ArrayBuild.Validity(valid);
        return ArrayBuild.Primitive(DoubleType.Default, result, result.Length, bitmap, nulls);
    }

    private static StringArray Strings(IEnumerable<string> values)
    {
        var builder = new StringArray.Builder();
        foreach (string v in values)
        {
            builder.Append(v);
        }

        return builder.Build();
    }
}
