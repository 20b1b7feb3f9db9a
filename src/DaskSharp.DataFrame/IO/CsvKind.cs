using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.IO;

/// <summary>The column types a CSV file is read into, by pandas' dtype names.</summary>
internal enum CsvKind : byte
{
    /// <summary>int64: every value an integer, no nulls.</summary>
    Int64,

    /// <summary>float64: numbers, nulls allowed (pandas' type for an int column with nulls).</summary>
    Float64,

    /// <summary>bool: True/False as pandas spells them; nulls allowed (pandas would make such a column object).</summary>
    Bool,

    /// <summary>string: Arrow UTF-8 strings.</summary>
    String,

    /// <summary>string, dictionary-encoded (pandas' category; also chosen for strings with few distinct values).</summary>
    Category,

    /// <summary>datetime64[ns]: ISO dates and times (parseDates columns).</summary>
    DateTime,
}

/// <summary>Names, Arrow types and the joins of <see cref="CsvKind"/>s.</summary>
internal static class CsvKinds
{
    private static readonly TimestampType s_timestamp = new(TimeUnit.Nanosecond, (string?)null);
    private static readonly DictionaryType s_category = new(Int32Type.Default, StringType.Default, false);

    /// <summary>The dtype names <see cref="TryParse"/> accepts, for error messages.</summary>
    public const string Accepted = "\"int64\", \"float64\", \"bool\", \"string\" (or \"object\", \"str\"), \"category\", \"datetime64[ns]\"";

    /// <summary>pandas' name of the kind (a dictionary-encoded column is a string column to the user).</summary>
    public static string Name(CsvKind kind) => kind switch
    {
        CsvKind.Int64 => "int64",
        CsvKind.Float64 => "float64",
        CsvKind.Bool => "bool",
        CsvKind.DateTime => "datetime64[ns]",
        _ => "string",
    };

    /// <summary>The name a dtypes argument would use to ask for the kind.</summary>
    public static string DtypeArgument(CsvKind kind) => kind == CsvKind.Category ? "category" : Name(kind);

    /// <summary>The Arrow type of a column of this kind.</summary>
    public static IArrowType Arrow(CsvKind kind) => kind switch
    {
        CsvKind.Int64 => Int64Type.Default,
        CsvKind.Float64 => DoubleType.Default,
        CsvKind.Bool => BooleanType.Default,
        CsvKind.DateTime => s_timestamp,
        CsvKind.Category => s_category,
        _ => StringType.Default,
    };

    /// <summary>A dtype as pandas names it ("int64", "float64", "bool", "string", "category", "datetime64[ns]", and their aliases).</summary>
    public static bool TryParse(string name, out CsvKind kind)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "int64" or "int" or "long": kind = CsvKind.Int64; return true;
            case "float64" or "float" or "double": kind = CsvKind.Float64; return true;
            case "bool" or "boolean": kind = CsvKind.Bool; return true;
            case "string" or "str" or "object": kind = CsvKind.String; return true;
            case "category": kind = CsvKind.Category; return true;
            case "datetime64[ns]" or "datetime64" or "datetime": kind = CsvKind.DateTime; return true;
            default: kind = default; return false;
        }
    }

    /// <summary>
    /// The narrowest kind holding values of both kinds: an integer and a float make a float, anything
    /// else that differs makes a string (pandas' object column).
    /// </summary>
    public static CsvKind Join(CsvKind a, CsvKind b) => a == b ? a
        : (a, b) is (CsvKind.Int64, CsvKind.Float64) or (CsvKind.Float64, CsvKind.Int64) ? CsvKind.Float64
        : CsvKind.String;
}
