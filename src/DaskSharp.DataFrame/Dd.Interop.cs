using DaskSharp.DataFrames.Interop;

namespace DaskSharp.DataFrames;

/// <summary>Frames from other .NET data libraries.</summary>
public static partial class Dd
{
    /// <summary>
    /// A frame of a Microsoft.Data.Analysis <see cref="Microsoft.Data.Analysis.DataFrame"/> (values
    /// copied): Int32, Int64, Single, Double, Boolean, String, ArrowString and DateTime columns
    /// become int32, int64, float32, float64, bool, string and datetime64[ns] columns, split as
    /// Dask's <c>from_pandas</c> splits a range index into <paramref name="npartitions"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">a column has another type (the error names it).</exception>
    public static DaskDataFrame FromDataFrame(Microsoft.Data.Analysis.DataFrame frame, int npartitions = 1)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfLessThan(npartitions, 1);
        if (frame.Columns.Count == 0)
        {
            throw new ArgumentException("The frame has no columns.", nameof(frame));
        }

        Apache.Arrow.RecordBatch table = MicrosoftDataFrames.FromDataFrame(frame);
        return new DaskDataFrame(RangeSplit.Partitions(table, RangeSplit.Offsets(table.Length, npartitions)));
    }
}
