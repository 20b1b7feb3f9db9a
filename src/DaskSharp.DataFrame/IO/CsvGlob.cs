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
}
