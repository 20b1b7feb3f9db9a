namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary><c>df.Tail(n)</c>: the last rows of the last partitions (Dask's default of one).</summary>
public sealed class Tail(FrameExpr input, int n, int fromPartitions = 1) : RowsAtAnEnd(input, n, fromPartitions)
{
    /// <inheritdoc/>
    protected override string Prefix => "tail";

    /// <inheritdoc/>
    protected override RowsAtAnEnd With(FrameExpr input, int fromPartitions) => new Tail(input, N, fromPartitions);
}
