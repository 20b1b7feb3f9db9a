namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary><c>df.Head(n)</c>: the first rows of the first partitions (Dask's <c>npartitions=1</c> by default).</summary>
public sealed class Head(FrameExpr input, int n, int fromPartitions = 1) : RowsAtAnEnd(input, n, fromPartitions)
{
    /// <inheritdoc/>
    protected override string Prefix => "head";

    /// <inheritdoc/>
    protected override RowsAtAnEnd With(FrameExpr input, int fromPartitions) => new Head(input, N, fromPartitions);
}
