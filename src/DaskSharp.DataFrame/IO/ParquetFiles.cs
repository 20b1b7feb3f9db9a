namespace DaskSharp.DataFrames.IO;

/// <summary>The files a Parquet path stands for: the file itself, or a directory's <c>*.parquet</c> files in natural order, as Dask lists them.</summary>
internal static class ParquetFiles
{
    /// <summary>The files, in partition order.</summary>
    /// <exception cref="FileNotFoundException">when there is nothing to read.</exception>
    public static string[] List(string pathOrDir)
    {
        if (File.Exists(pathOrDir))
        {
            return [pathOrDir];
        }

        if (!Directory.Exists(pathOrDir))
        {
            throw new FileNotFoundException($"No Parquet file or directory at '{pathOrDir}'.", pathOrDir);
        }

        // Names starting with _ or . are metadata or hidden files (_metadata, .part.0.parquet.crc), as in Dask.
        string[] files = [.. Directory.GetFiles(pathOrDir, "*.parquet")
            .Where(f => System.IO.Path.GetFileName(f) is var n && !n.StartsWith('_') && !n.StartsWith('.'))
            .Order(NaturalOrder.Instance)];
        return files.Length > 0 ? files : throw new FileNotFoundException($"The directory '{pathOrDir}' holds no *.parquet files.", pathOrDir);
    }
}
