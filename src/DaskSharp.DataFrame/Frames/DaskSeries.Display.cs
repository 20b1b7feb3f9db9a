namespace DaskSharp.DataFrames;

/// <summary>A lazy series printed as Dask prints one.</summary>
#pragma warning disable CS0660, CS0661 // see DaskSeries.cs: == builds an expression
public sealed partial class DaskSeries
#pragma warning restore CS0660, CS0661
{
    /// <summary>
    /// As Dask (dask-expr) prints a series: "Dask Series Structure:", "npartitions=N", a line per
    /// division (the first with the dtype; at most 5, dots between), then "Dask Name: name, N expressions".
    /// </summary>
    public override string ToString()
    {
        var plan = OneColumn();
        return $"Dask Series Structure:\n{FrameStructure.SeriesText(plan, Dtype)}\n{FrameStructure.NameLine(plan)}";
    }
}
