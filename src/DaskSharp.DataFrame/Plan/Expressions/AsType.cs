using Apache.Arrow;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan.Expressions;

/// <summary>
/// <c>x.astype(dtype)</c> with pandas' dtype names: "int64", "int32" (a null fails; "Int64" and
/// "Int32" keep it), "float64", "float32", "bool", "string", "datetime64[ns]". A value that does not
/// convert fails the task, naming the expression, the row and the value.
/// </summary>
public sealed class AsType : ColumnExpr
{
    private readonly CastTarget _target;

    /// <summary>Converts <paramref name="operand"/> to <paramref name="dtype"/>.</summary>
    /// <exception cref="ArgumentException">for a dtype name it does not know, listing the known ones.</exception>
    public AsType(ColumnExpr operand, string dtype)
    {
        Operand = operand ?? throw new ArgumentNullException(nameof(operand));
        _target = CastTarget.Parse(dtype);
    }

    /// <summary>The expression converted.</summary>
    public ColumnExpr Operand { get; }

    /// <summary>The dtype's name.</summary>
    public string Dtype => _target.Name;

    /// <inheritdoc/>
    public override IEnumerable<string> Columns => Operand.Columns;

    /// <inheritdoc/>
    public override Apache.Arrow.Types.IArrowType ResultType(FrameSchema schema)
    {
        Apache.Arrow.Types.IArrowType type = Operand.ResultType(schema);
        return _target.Accepts(type) ? _target.ResultOn(type) : throw new ArgumentException($"Cannot convert {DataFrames.Dtype.Name(type)} to {Dtype} in {this}.");
    }

    /// <inheritdoc/>
    public override IArrowArray Evaluate(Partition partition) => CastKernels.Cast(Operand.Evaluate(partition), _target, ToString());

    /// <inheritdoc/>
    public override string ToString() => $"{Operand}.astype('{Dtype}')";
}
