using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan.Expressions;

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
