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

/// <summary>Names compared with runs of digits as numbers (Dask's <c>natural_sort_key</c>): part.2 before part.10.</summary>
internal sealed class NaturalOrder : IComparer<string>
{
    public static readonly NaturalOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                int si = i, sj = j;
                while (i < x.Length && char.IsAsciiDigit(x[i]))
                {
                    i++;
                }

                while (j < y.Length && char.IsAsciiDigit(y[j]))
                {
                    j++;
                }

                ReadOnlySpan<char> a = x.AsSpan(si, i - si).TrimStart('0'), b = y.AsSpan(sj, j - sj).TrimStart('0');
                int order = a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.CompareTo(b, StringComparison.Ordinal);
                if (order != 0)
                {
                    return order;
                }
            }
            else
            {
                int order = x[i].CompareTo(y[j]);
                if (order != 0)
                {
                    return order;
                }

                i++;
                j++;
            }
        }

        return (x.Length - i).CompareTo(y.Length - j) is var rest && rest != 0 ? rest : string.CompareOrdinal(x, y);
    }
}
