using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan.Expressions;

/// <summary>The fields of <c>.dt</c>, each an int32 column as pandas 2 gives.</summary>
public enum DatetimeField
{
    /// <summary>The year.</summary>
    Year,

    /// <summary>The month, 1 to 12.</summary>
    Month,

    /// <summary>The day of the month, from 1.</summary>
    Day,

    /// <summary>The hour, 0 to 23.</summary>
    Hour,

    /// <summary>The minute, 0 to 59.</summary>
    Minute,

    /// <summary>The second, 0 to 59.</summary>
    Second,

    /// <summary>The day of the week, Monday = 0 to Sunday = 6.</summary>
    DayOfWeek,

    /// <summary>The day of the year, from 1.</summary>
    DayOfYear,

    /// <summary>The quarter, 1 to 4.</summary>
    Quarter,
}

/// <summary><c>timestamp.dt.hour</c> and the other fields of a timestamp expression: int32, in the column's zone when it has one.</summary>
public sealed class DatetimePart(DatetimeField field, ColumnExpr operand) : ColumnExpr
{
    /// <summary>The field.</summary>
    public DatetimeField Field { get; } = field;

    /// <summary>The timestamp expression.</summary>
    public ColumnExpr Operand { get; } = operand ?? throw new ArgumentNullException(nameof(operand));

    /// <inheritdoc/>
    public override IEnumerable<string> Columns => Operand.Columns;

    /// <inheritdoc/>
    public override IArrowType ResultType(FrameSchema schema)
    {
        IArrowType type = Operand.ResultType(schema);
        return type is TimestampType ? Int32Type.Default : throw new ArgumentException($".dt needs a datetime column; {Operand} is {Dtype.Name(type)}, in {this}.");
    }

    /// <inheritdoc/>
    public override IArrowArray Evaluate(Partition partition) => DatetimeKernels.Field((TimestampArray)Operand.Evaluate(partition), Field);

    /// <inheritdoc/>
    public override string ToString() => $"{Operand}.dt.{Field.ToString().ToLowerInvariant()}";
}

/// <summary><c>timestamp.dt.floor('1h')</c>: each row rounded down to a multiple of a fixed frequency (wall time for a zoned column).</summary>
public sealed class DatetimeFloor : ColumnExpr
{
    /// <summary>Floors <paramref name="operand"/> to <paramref name="freq"/> ("1D", "1h", "15min", "1s", …).</summary>
    /// <exception cref="ArgumentException">when <paramref name="freq"/> is not a positive fixed frequency.</exception>
    public DatetimeFloor(ColumnExpr operand, string freq)
    {
        Operand = operand ?? throw new ArgumentNullException(nameof(operand));
        ArgumentNullException.ThrowIfNull(freq);
        Step = Duration.TryParse(freq, out TimeSpan step) && step > TimeSpan.Zero
            ? step
            : throw new ArgumentException($"'{freq}' is not a fixed frequency (e.g. \"1D\", \"1h\", \"15min\", \"1s\").", nameof(freq));
        Freq = freq;
    }

    /// <summary>The timestamp expression.</summary>
    public ColumnExpr Operand { get; }

    /// <summary>The frequency as written.</summary>
    public string Freq { get; }

    /// <summary>The frequency.</summary>
    public TimeSpan Step { get; }

    /// <inheritdoc/>
    public override IEnumerable<string> Columns => Operand.Columns;

    /// <inheritdoc/>
    public override IArrowType ResultType(FrameSchema schema)
    {
        IArrowType type = Operand.ResultType(schema);
        return type is TimestampType ? type : throw new ArgumentException($".dt needs a datetime column; {Operand} is {Dtype.Name(type)}, in {this}.");
    }

    /// <inheritdoc/>
    public override IArrowArray Evaluate(Partition partition) => DatetimeKernels.Floor((TimestampArray)Operand.Evaluate(partition), Step);

    /// <inheritdoc/>
    public override string ToString() => $"{Operand}.dt.floor('{Freq}')";
}
