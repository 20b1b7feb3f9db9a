namespace DaskSharp.DataFrames.IO;

/// <summary>
/// A path or a glob (<c>*</c> and <c>?</c> in any segment, as Dask's <c>read_csv("data/*.csv")</c>)
/// to absolute file paths, in natural order so "part-2" comes before "part-10" and the partitions
/// <c>ToCsv</c> wrote read back in their order.
/// </summary>
internal static class CsvGlob
{
    public static string[] Expand(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        string full = Path.GetFullPath(pattern);
        if (!HasWildcard(full))
        {
            return File.Exists(full) ? [full] : throw new FileNotFoundException($"No such file: {pattern}.", full);
        }

        string root = Path.GetPathRoot(full) ?? "/";
        string[] segments = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        List<string> found = [root];
        for (int i = 0; i < segments.Length; i++)
        {
            bool last = i == segments.Length - 1;
            var next = new List<string>();
            foreach (string directory in found)
            {
                if (HasWildcard(segments[i]))
                {
                    if (Directory.Exists(directory))
                    {
                        next.AddRange(last ? Directory.EnumerateFiles(directory, segments[i]) : Directory.EnumerateDirectories(directory, segments[i]));
                    }
                }
                else
                {
                    string path = Path.Combine(directory, segments[i]);
                    if (last ? File.Exists(path) : Directory.Exists(path))
                    {
                        next.Add(path);
                    }
                }
            }

            found = next;
        }

        if (found.Count == 0)
        {
            throw new FileNotFoundException($"No files match {pattern}.", full);
        }

        found.Sort(NaturalOrder.Instance);
        return [.. found];
    }

    private static bool HasWildcard(string s) => s.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>Ordinal order, except that runs of digits compare as numbers.</summary>
    internal sealed class NaturalOrder : IComparer<string>
    {
        public static NaturalOrder Instance { get; } = new();

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
                    int order = a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
                    if (order != 0)
                    {
                        return order;
                    }
                }
                else
                {
                    if (x[i] != y[j])
                    {
                        return x[i].CompareTo(y[j]);
                    }

                    i++;
                    j++;
                }
            }

            int rest = (x.Length - i).CompareTo(y.Length - j);
            return rest != 0 ? rest : string.CompareOrdinal(x, y);
        }
    }
}
