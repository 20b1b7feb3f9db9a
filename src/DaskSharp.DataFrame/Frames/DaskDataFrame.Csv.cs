using DaskSharp.DataFrames.IO;

namespace DaskSharp.DataFrames;

public sealed partial class DaskDataFrame
{
    /// <summary>
    /// Dask's <c>to_csv</c>: a file a partition, each written by its own task (on the worker that
    /// holds the partition), with a header in each, formatted as pandas writes CSV (floats as Python's
    /// repr, nulls as empty fields, timestamps "yyyy-MM-dd HH:mm:ss"). <paramref name="path"/> is a
    /// name whose '*' becomes the partition number ("out/export-*.csv": export-0.csv, export-1.csv, …),
    /// or a directory, which gets part-0.csv, part-1.csv, …. Returns the files written, in partition order.
    /// </summary>
    /// <param name="path">A pattern with one '*', or a directory (made when missing).</param>
    /// <param name="index">Write a named index as the first column (as pandas' index=True). A default range
    /// index is not written: DaskSharp keeps no row labels for it (Dask would write each partition's 0…n-1).</param>
    /// <param name="scheduler">The scheduler that runs the writes.</param>
    /// <param name="cancellationToken">Stops the computation.</param>
    /// <example><code>
    /// IReadOnlyList&lt;string&gt; files = df.ToCsv("out/export-*.csv");
    /// DaskDataFrame back = Dd.ReadCsv("out/export-*.csv");
    /// </code></example>
    public IReadOnlyList<string> ToCsv(string path, bool index = true, string? scheduler = null, CancellationToken cancellationToken = default)
    {
        var job = new CsvWriteJob(_graph, CsvWriteJob.Paths(path, NPartitions), index);
        return (string[])Dask.ComputeCollections([job], scheduler, true, cancellationToken)[0]!;
    }
}
