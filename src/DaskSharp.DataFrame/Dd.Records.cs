using DaskSharp.DataFrames.Interop;

namespace DaskSharp.DataFrames;

/// <summary>Frames from .NET objects.</summary>
public static partial class Dd
{
    /// <summary>
    /// A frame of <paramref name="records"/> (Dask's <c>from_pandas</c> of a frame made from them):
    /// each public property of <typeparamref name="T"/> becomes a typed column (int → int32, long →
    /// int64, float → float32, double → float64, bool, string, DateTime → datetime64[ns],
    /// DateTimeOffset → datetime64[ns, UTC]; nullable forms and null strings give nulls), the rows
    /// split as Dask splits a range index into <paramref name="npartitions"/>, with known divisions.
    /// </summary>
    /// <example><code>
    /// record Trade(string Symbol, double Price, long? Volume);
    /// DaskDataFrame df = Dd.FromRecords(trades, npartitions: 4);
    /// </code></example>
    /// <exception cref="NotSupportedException">a property's type has no column type (the error names it).</exception>
    public static DaskDataFrame FromRecords<T>(IEnumerable<T> records, int npartitions = 1)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfLessThan(npartitions, 1);
        T[] rows = [.. records];
        if (!typeof(T).IsValueType && Array.IndexOf(rows, default) is var at && at >= 0)
        {
            throw new ArgumentException($"Record {at} is null; every record must be an object.", nameof(records));
        }

        Apache.Arrow.RecordBatch table = RecordColumns<T>.Table(rows);
        return new DaskDataFrame(RangeSplit.Partitions(table, RangeSplit.Offsets(rows.Length, npartitions)));
    }
}
