namespace DaskSharp.DataFrames.IO;

/// <summary>
/// A CSV file does not read as the frame expects: a row with too many fields, a header unlike the
/// first file's, or a value the column's type cannot hold (Dask's "Mismatched dtypes found in
/// pd.read_csv"). The message names the file, the line and, for a value, the column and both
/// types, and says how to fix it.
/// </summary>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public CsvFormatException(string message, string path, long line, string? column = null)
        : base(message)
    {
        Path = path;
        Line = line;
        Column = column;
    }

    /// <summary>Creates the exception.</summary>
    public CsvFormatException()
        : this("A CSV file does not read as expected.", string.Empty, 0)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CsvFormatException(string message)
        : this(message, string.Empty, 0)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CsvFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The line in the file (1 is the header).</summary>
    public long Line { get; }

    /// <summary>The column whose value does not fit, if that is the error.</summary>
    public string? Column { get; }
}
