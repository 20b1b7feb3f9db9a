using Apache.Arrow;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames;

/// <summary>Ways to make a <see cref="DaskDataFrame"/> (Dask's <c>dask.dataframe</c> module).</summary>
public static partial class Dd
{
    /// <summary>A frame over record batches, one partition each; <paramref name="index"/> names the index column, if any.</summary>
    public static DaskDataFrame FromArrow(IEnumerable<RecordBatch> batches, string? index = null)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return new DaskDataFrame(new FromPartitions([.. batches.Select(b => new Partition(b, index))]));
    }

    /// <summary>A table split into <paramref name="npartitions"/> partitions of about equal length.</summary>
    public static DaskDataFrame FromArrow(RecordBatch table, int npartitions, string? index = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(npartitions, 1);
        int size = Math.Max(1, (int)Math.Ceiling(table.Length / (double)npartitions));
        var parts = new List<Partition>();
        for (int start = 0; start < Math.Max(1, table.Length); start += size)
        {
            parts.Add(new Partition(table.Slice(start, Math.Min(size, table.Length - start)), index));
        }

        return new DaskDataFrame(new FromPartitions(parts));
    }

    /// <summary>Built-in datasets.</summary>
    public static class Datasets
    {
        /// <summary>
        /// <c>dask.datasets.timeseries</c>: id, name, x, y every <paramref name="freq"/> on a
        /// timestamp index, a partition per <paramref name="partitionFreq"/>, generated partition by
        /// partition. Frequencies are as pandas writes them ("1s", "1h", "1D"). The defaults are Dask's;
        /// a null <paramref name="seed"/> draws one at random (as Dask's <c>seed=None</c>), fixed for the frame.
        /// </summary>
        public static DaskDataFrame Timeseries(string start = "2000-01-01", string end = "2000-01-31", string freq = "1s", string partitionFreq = "1D", int? seed = null)
        {
            var frame = new DataFrames.Datasets.Timeseries(ParseDate(start, nameof(start)), ParseDate(end, nameof(end)), ParseFreq(freq, nameof(freq)), ParseFreq(partitionFreq, nameof(partitionFreq)), seed ?? Random.Shared.Next(2_000_000_000));
            return new DaskDataFrame(frame);
        }

        private static DateTime ParseDate(string text, string name) =>
            DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out DateTime d)
                ? DateTime.SpecifyKind(d, DateTimeKind.Utc)
                : throw new ArgumentException($"'{text}' is not a date (e.g. \"2000-01-01\").", name);

        private static TimeSpan ParseFreq(string text, string name) =>
            Duration.TryParse(text, out TimeSpan t) && t > TimeSpan.Zero ? t : throw new ArgumentException($"'{text}' is not a frequency (e.g. \"1s\", \"15min\", \"1h\", \"1D\").", name);
    }
}
