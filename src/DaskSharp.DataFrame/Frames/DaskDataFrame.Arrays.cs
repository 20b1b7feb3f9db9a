using DaskSharp.DataFrames.Interop;

namespace DaskSharp.DataFrames;

/// <summary>A lazy frame as a lazy array.</summary>
public sealed partial class DaskDataFrame
{
    /// <summary>
    /// The data columns as a 2-d array (rows, columns), a row chunk per partition, as Dask's
    /// <c>df.to_dask_array(lengths=True)</c>: the partitions' lengths are computed now (on
    /// <paramref name="scheduler"/>, reading only what counting needs), the values stay lazy.
    /// Columns convert to <typeparamref name="T"/> (double, float, long, int or bool) when their
    /// kind allows (integers widen, float32 goes to double); nulls are NaN in a float array.
    /// </summary>
    /// <exception cref="InvalidCastException">a column does not convert (named, with its dtype).</exception>
    public DaskArray<T> ToDaskArray<T>(string? scheduler = null, CancellationToken cancellationToken = default)
        where T : unmanaged => FrameArrays.ToArray<T>(Plan, Columns, 2, scheduler, cancellationToken);
}
