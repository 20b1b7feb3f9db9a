using DaskSharp.DataFrames.Interop;

namespace DaskSharp.DataFrames;

/// <summary>A lazy series as a lazy array.</summary>
#pragma warning disable CS0660, CS0661 // see DaskSeries.cs: == builds an expression
public sealed partial class DaskSeries
#pragma warning restore CS0660, CS0661
{
    /// <summary>
    /// The values as a 1-d array, a chunk per partition, as Dask's <c>s.to_dask_array(lengths=True)</c>:
    /// the partitions' lengths are computed now, the values stay lazy (see <see cref="DaskDataFrame.ToDaskArray{T}"/>).
    /// </summary>
    /// <exception cref="InvalidCastException">the series' dtype does not convert to <typeparamref name="T"/>.</exception>
    public DaskArray<T> ToDaskArray<T>(string? scheduler = null, CancellationToken cancellationToken = default)
        where T : unmanaged => FrameArrays.ToArray<T>(OneColumn(), [Name], 1, scheduler, cancellationToken);
}
