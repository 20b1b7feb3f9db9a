using System.Text.RegularExpressions;

namespace DaskSharp.DataFrames.IO;

/// <summary>The errors of reading Parquet, each naming the file (and the row group, for a data read).</summary>
internal static partial class ParquetErrors
{
    /// <summary>A footer (schema, row groups, statistics) that could not be read.</summary>
    public static InvalidDataException Unreadable(string file, Exception e) =>
        new($"'{file}' is not a readable Parquet file: {Reason(e)}", e);

    /// <summary>A row group whose data could not be read.</summary>
    public static InvalidDataException RowGroupUnreadable(string file, int rowGroup, Exception e) =>
        new($"Reading row group {rowGroup} of '{file}' failed: {Reason(e)}", e);

    /// <summary>The native library's message without its C++ exception type: "Invalid: Parquet magic bytes not found …".</summary>
    internal static string Reason(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } a)
        {
            e = a.InnerExceptions[0];
        }

        Match m = NativeMessage().Match(e.Message);
        string text = m.Success ? m.Groups[1].Value : e.Message;
        return string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [GeneratedRegex(@"^\S+ \(message: '(.*)'\)$", RegexOptions.Singleline)]
    private static partial Regex NativeMessage();
}
