using System.Diagnostics.CodeAnalysis;
using nietras.SeparatedValues;

namespace DaskSharp.DataFrames.IO;

/// <summary>The reader's errors, out of line so the row loop stays small (as Sep's <c>SepThrow</c>).</summary>
internal static class CsvErrors
{
    /// <summary>A value that the column's kind cannot hold; <paramref name="field"/> is false for a short row's missing field.</summary>
    [DoesNotReturn]
    public static void Mismatch(CsvDataset dataset, CsvColumn column, string path, long line, SepReader.Col col, bool field)
    {
        ReadOnlySpan<char> text = field ? col.Span : default;
        bool isNull = !field || CsvValues.IsNull(text);
        CsvKind found = isNull ? CsvKind.Float64 : CsvValues.Classify(col);
        string holds = !field ? "has no field for it (the row is short: a null"
            : text.IsEmpty ? "holds an empty field (a null"
            : isNull ? $"holds {CsvValues.Quote(text)} (a null"
            : column.Kind == CsvKind.DateTime && found == CsvKind.String ? $"holds {CsvValues.Quote(text)} (not an ISO date: yyyy-MM-dd[ HH:mm[:ss[.fffffffff]]])"
            : $"holds {CsvValues.Quote(text)} ({CsvKinds.Name(found)})";
        if (isNull)
        {
            holds += ", which int64 cannot hold: pandas reads an int column with nulls as float64)";
        }

        string origin = column.Origin switch
        {
            CsvKindOrigin.Dtypes => "as dtypes gives it",
            CsvKindOrigin.ParseDates => "it is in parseDates",
            _ => $"inferred from the first {dataset.SampleBytes} bytes of {dataset.Files[0].Path}",
        };
        CsvKind fix = column.Kind == CsvKind.DateTime ? CsvKind.String : CsvKinds.Join(column.Kind, found);
        string how = column.Origin == CsvKindOrigin.ParseDates
            ? $"Remove \"{column.Name}\" from parseDates to read the column as string."
            : $"Pass dtypes: {{\"{column.Name}\": \"{CsvKinds.DtypeArgument(fix)}\"}} to ReadCsv to read the column as {CsvKinds.Name(fix)}.";
        throw new CsvFormatException(
            $"Mismatched dtypes in ReadCsv: column '{column.Name}' is {CsvKinds.Name(column.Kind)} ({origin}), but {path} line {line} {holds}. {how}",
            path,
            line,
            column.Name);
    }

    /// <summary>A row with more fields than the header (pandas' "Error tokenizing data").</summary>
    [DoesNotReturn]
    public static void TooManyFields(CsvDataset dataset, string path, long line, int fields) =>
        throw new CsvFormatException(
            $"Error tokenizing {path}: expected {dataset.Header.Count} fields in line {line}, saw {fields} (the header has {string.Join(", ", dataset.Header)}). A field that holds a comma must be quoted.",
            path,
            line);

    /// <summary>A file whose header is not the first file's.</summary>
    [DoesNotReturn]
    public static void OtherHeader(CsvDataset dataset, string path, IReadOnlyList<string> header) =>
        throw new CsvFormatException(
            $"{path} has the header \"{string.Join(",", header)}\"; {dataset.Files[0].Path}, the first file, has \"{string.Join(",", dataset.Header)}\". ReadCsv reads files that have the same columns.",
            path,
            1);
}
