using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// The column-level operations' test frame and cases: ten rows with nulls in every column (a NaN
/// in f too), in 3 partitions, and each operation with the answer Debian's pandas 1.5.3 gave on the
/// same data (nullable Int64/string/boolean dtypes; ColumnCases.pandas.py beside this file is the
/// script), written out as pandas would list the values.
/// </summary>
internal static class ColumnCases
{
    private static readonly DateTime?[] s_times =
    [
        new(2000, 1, 1, 5, 6, 7), new(2024, 12, 31, 23, 59, 59), null, new(2000, 2, 29, 12, 0, 0), new DateTime(1999, 12, 31, 0, 0, 0).AddMilliseconds(500),
        new(2021, 3, 28, 1, 30, 0), new(1970, 1, 1), new(2000, 1, 3), null, new(2030, 7, 4, 18, 45, 30),
    ];

    private static readonly string?[] s_strings = ["Alice", " bob ", null, "ALICE", "Ärger", "", "a.b", "Charlie", null, "bobby"];

    /// <summary>i, z (int64), f (float64), s (string), sd (s dictionary-encoded), b (bool), t (naive timestamp), tz (the same instants in Europe/Berlin), n (numbers as strings).</summary>
    public static RecordBatch Table()
    {
        long?[] i = [7, -7, null, 0, 15, 25, -15, 3, null, 2];
        long?[] z = [2, 0, 3, 0, -4, 7, 2, -1, 5, null];
        double?[] f = [2.5, -2.5, null, 1.2345, double.NaN, 7.5, -7.5, 0.0, 3.5, 1e20];
        bool?[] b = [true, false, null, true, true, false, null, false, true, true];
        string?[] n = ["1", " 2", null, "-3", "4", "5", "6", "7", null, "10"];
        var fields = new List<Field>();
        var arrays = new List<IArrowArray>();
        void Add(string name, IArrowArray array)
        {
            fields.Add(new Field(name, array.Data.DataType, true));
            arrays.Add(array);
        }

        Add("i", Longs(i));
        Add("z", Longs(z));
        var fb = new DoubleArray.Builder();
        foreach (double? v in f) { if (v is { } x) { fb.Append(x); } else { fb.AppendNull(); } }
        Add("f", fb.Build());
        Add("s", Strings(s_strings));
        Add("sd", Dictionary(s_strings));
        var bb = new BooleanArray.Builder();
        foreach (bool? v in b) { if (v is { } x) { bb.Append(x); } else { bb.AppendNull(); } }
        Add("b", bb.Build());
        Add("t", Times(null));
        Add("tz", Times("Europe/Berlin"));
        Add("n", Strings(n));
        return new RecordBatch(new Schema(fields, null), arrays, i.Length);
    }

    public static DaskDataFrame Frame() => Dd.FromArrow(Table(), npartitions: 3);

    internal static Int64Array Longs(long?[] values)
    {
        var builder = new Int64Array.Builder();
        foreach (long? v in values) { if (v is { } x) { builder.Append(x); } else { builder.AppendNull(); } }
        return builder.Build();
    }

    private static StringArray Strings(string?[] values)
    {
        var builder = new StringArray.Builder();
        foreach (string? v in values) { if (v is null) { builder.AppendNull(); } else { builder.Append(v); } }
        return builder.Build();
    }

    private static DictionaryArray Dictionary(string?[] values)
    {
        string[] words = [.. values.Where(v => v is not null).Distinct().Cast<string>()];
        var codes = new Int32Array.Builder();
        foreach (string? v in values) { if (v is null) { codes.AppendNull(); } else { codes.Append(System.Array.IndexOf(words, v)); } }
        return new DictionaryArray(new DictionaryType(Int32Type.Default, StringType.Default, false), codes.Build(), Strings(words));
    }

    private static TimestampArray Times(string? zone)
    {
        var type = new TimestampType(TimeUnit.Nanosecond, zone);
        var builder = new TimestampArray.Builder(type);
        foreach (DateTime? t in s_times)
        {
            if (t is { } v) { builder.Append(new DateTimeOffset(v, TimeSpan.Zero)); } else { builder.AppendNull(); }
        }

        return builder.Build();
    }

    /// <summary>Each operation on <see cref="Frame"/>: a series or a frame.</summary>
    public static readonly Dictionary<string, Func<DaskDataFrame, object>> Operations = new()
    {
        ["i.isna"] = df => df["i"].IsNa(),
        ["f.isna"] = df => df["f"].IsNa(),
        ["s.notna"] = df => df["s"].NotNa(),
        ["t.isnull"] = df => df["t"].IsNull(),
        ["i.fillna(0)"] = df => df["i"].FillNa(0),
        ["i.fillna(1.5)"] = df => df["i"].FillNa(1.5),
        ["f.fillna(0)"] = df => df["f"].FillNa(0),
        ["s.fillna('?')"] = df => df["s"].FillNa("?"),
        ["b.fillna(False)"] = df => df["b"].FillNa(false),
        ["t.fillna(2000-01-01)"] = df => df["t"].FillNa(new DateTime(2000, 1, 1)),
        ["i.where(i>0)"] = df => df["i"].Where(df["i"] > 0),
        ["i.mask(i>0,-1)"] = df => df["i"].Mask(df["i"] > 0, -1),
        ["f.where(f>0,z)"] = df => df["f"].Where(df["f"] > 0, df["z"]),
        ["s.where(b)"] = df => df["s"].Where(df["b"]),
        ["i.where(b,0.5)"] = df => df["i"].Where(df["b"], 0.5),
        ["f.between(0,3)"] = df => df["f"].Between(0, 3),
        ["f.between(-2.5,2.5,neither)"] = df => df["f"].Between(-2.5, 2.5, "neither"),
        ["i.between(0,7,left)"] = df => df["i"].Between(0, 7, "left"),
        ["i.between(0,7,right)"] = df => df["i"].Between(0, 7, "right"),
        ["s.between(a,c)"] = df => df["s"].Between("a", "c"),
        ["t.between"] = df => df["t"].Between(new DateTime(2000, 1, 1), new DateTime(2001, 1, 1)),
        ["i.isin(7,0,2)"] = df => df["i"].IsIn(7, 0, 2),
        ["f.isin(2.5,0)"] = df => df["f"].IsIn(2.5, 0.0),
        ["s.isin(Alice,bobby)"] = df => df["s"].IsIn(new[] { "Alice", "bobby" }),
        ["b.isin(True)"] = df => df["b"].IsIn(true),
        ["ib.astype(int32)"] = df => df["i"].FillNa(0).AsType("int32"),
        ["i.astype(float64)"] = df => df["i"].AsType("float64"),
        ["i.astype(string)"] = df => df["i"].AsType("string"),
        ["f.astype(string)"] = df => df["f"].AsType("string"),
        ["b.astype(string)"] = df => df["b"].AsType("string"),
        ["t.astype(string)"] = df => df["t"].AsType("string"),
        ["n.astype(Int64)"] = df => df["n"].AsType("Int64"),
        ["n.astype(float64)"] = df => df["n"].AsType("float64"),
        ["f.mask(f>100,0).fillna(0).astype(int64)"] = df => df["f"].Mask(df["f"] > 100, 0).FillNa(0).AsType("int64"),
        ["ib.astype(bool)"] = df => df["i"].FillNa(0).AsType("bool"),
        ["-i"] = df => -df["i"],
        ["i.abs"] = df => df["i"].Abs(),
        ["f.abs"] = df => df["f"].Abs(),
        ["-f"] = df => -df["f"],
        ["f.round(2)"] = df => df["f"].Round(2),
        ["f.round(0)"] = df => df["f"].Round(),
        ["i.round(-1)"] = df => df["i"].Round(-1),
        ["f.round(-1)"] = df => df["f"].Round(-1),
        ["i%4"] = df => df["i"] % 4,
        ["i//4"] = df => df["i"].FloorDiv(4),
        ["i%-4"] = df => df["i"] % -4,
        ["i//-4"] = df => df["i"].FloorDiv(-4),
        ["i//z"] = df => df["i"].FloorDiv(df["z"]),
        ["i%z"] = df => df["i"] % df["z"],
        ["f%2"] = df => df["f"] % 2,
        ["f//2"] = df => df["f"].FloorDiv(2),
        ["f//-0.75"] = df => df["f"].FloorDiv(-0.75),
        ["f%-0.75"] = df => df["f"] % -0.75,
        ["i/2"] = df => df["i"] / 2,
        ["s.str.contains(li)"] = df => df["s"].Str.Contains("li"),
        ["s.str.contains(^a,case)"] = df => df["s"].Str.Contains("^a", caseSensitive: false),
        ["s.str.contains(.,noregex)"] = df => df["s"].Str.Contains(".", regex: false),
        ["s.str.contains(.)"] = df => df["s"].Str.Contains("."),
        ["s.str.contains(B,case,noregex)"] = df => df["s"].Str.Contains("B", regex: false, caseSensitive: false),
        ["s.str.startswith(A)"] = df => df["s"].Str.StartsWith("A"),
        ["s.str.endswith(e)"] = df => df["s"].Str.EndsWith("e"),
        ["s.str.lower"] = df => df["s"].Str.Lower(),
        ["s.str.upper"] = df => df["s"].Str.Upper(),
        ["s.str.len"] = df => df["s"].Str.Len(),
        ["s.str.strip"] = df => df["s"].Str.Strip(),
        ["s.str.strip(ab)"] = df => df["s"].Str.Strip("ab"),
        ["t.dt.year"] = df => df["t"].Dt.Year,
        ["t.dt.month"] = df => df["t"].Dt.Month,
        ["t.dt.day"] = df => df["t"].Dt.Day,
        ["t.dt.hour"] = df => df["t"].Dt.Hour,
        ["t.dt.minute"] = df => df["t"].Dt.Minute,
        ["t.dt.second"] = df => df["t"].Dt.Second,
        ["t.dt.dayofweek"] = df => df["t"].Dt.DayOfWeek,
        ["t.dt.dayofyear"] = df => df["t"].Dt.DayOfYear,
        ["t.dt.quarter"] = df => df["t"].Dt.Quarter,
        ["t.dt.floor(1D)"] = df => df["t"].Dt.Floor("1D"),
        ["t.dt.floor(1h)"] = df => df["t"].Dt.Floor("1h"),
        ["t.dt.floor(15min)"] = df => df["t"].Dt.Floor("15min"),
        ["tz.dt.hour"] = df => df["tz"].Dt.Hour,
        ["tz.dt.day"] = df => df["tz"].Dt.Day,
        ["tz.dt.floor(1D)"] = df => df["tz"].Dt.Date,
        ["tz.astype(string)"] = df => df["tz"].AsType("string"),
        ["frame.fillna(0)"] = df => df["i", "z", "f"].FillNa(0),
        ["frame.fillna(dict)"] = df => df["i", "s"].FillNa(new Dictionary<string, object> { ["i"] = -1, ["s"] = "?" }),
        ["frame.isna"] = df => df["i", "f", "s", "t"].IsNa(),
        ["frame.notna"] = df => df["b", "n"].NotNa(),
        ["frame.dropna"] = df => df["i", "f", "s"].DropNa(),
        ["frame.dropna(all,subset)"] = df => df["i", "f", "s"].DropNa("all", ["i", "f"]),
        ["frame.drop"] = df => df["i", "f", "s"].Drop("f"),
        ["frame.rename"] = df => df["i", "f"].Rename(new Dictionary<string, string> { ["i"] = "j", ["f"] = "g" }),
        ["frame.astype(float64)"] = df => df["i", "z"].FillNa(0).AsType("float64"),
        ["frame.astype(dict)"] = df => df["i", "f"].AsType(new Dictionary<string, string> { ["i"] = "string", ["f"] = "string" }),
        ["frame.where"] = df => { DaskDataFrame p = df["i", "f"]; return p.Where(p["i"].FillNa(0) > 0); },
        ["frame.mask(0)"] = df => { DaskDataFrame p = df["i", "f"]; return p.Mask(p["i"].FillNa(0) > 0, 0); },
    };

    /// <summary>pandas' answers (see the class comment).</summary>
    public static readonly Dictionary<string, string> Expected = new()
    {
        ["i.isna"] = "[False, False, True, False, False, False, False, False, True, False]",
        ["f.isna"] = "[False, False, True, False, True, False, False, False, False, False]",
        ["s.notna"] = "[True, True, False, True, True, True, True, True, False, True]",
        ["t.isnull"] = "[False, False, True, False, False, False, False, False, True, False]",
        ["i.fillna(0)"] = "[7, -7, 0, 0, 15, 25, -15, 3, 0, 2]",
        ["i.fillna(1.5)"] = "[7.0, -7.0, 1.5, 0.0, 15.0, 25.0, -15.0, 3.0, 1.5, 2.0]",
        ["f.fillna(0)"] = "[2.5, -2.5, 0.0, 1.2345, 0.0, 7.5, -7.5, 0.0, 3.5, 1e+20]",
        ["s.fillna('?')"] = "['Alice', ' bob ', '?', 'ALICE', 'Ärger', '', 'a.b', 'Charlie', '?', 'bobby']",
        ["b.fillna(False)"] = "[True, False, False, True, True, False, False, False, True, True]",
        ["t.fillna(2000-01-01)"] = "[2000-01-01 05:06:07, 2024-12-31 23:59:59, 2000-01-01 00:00:00, 2000-02-29 12:00:00, 1999-12-31 00:00:00.500000, 2021-03-28 01:30:00, 1970-01-01 00:00:00, 2000-01-03 00:00:00, 2000-01-01 00:00:00, 2030-07-04 18:45:30]",
        ["i.where(i>0)"] = "[7, NA, NA, NA, 15, 25, NA, 3, NA, 2]",
        ["i.mask(i>0,-1)"] = "[-1, -7, -1, 0, -1, -1, -15, -1, -1, -1]",
        ["f.where(f>0,z)"] = "[2.5, 0.0, 3.0, 1.2345, -4.0, 7.5, 2.0, -1.0, 3.5, 1e+20]",
        ["s.where(b)"] = "['Alice', NA, NA, 'ALICE', 'Ärger', NA, NA, NA, NA, 'bobby']",
        ["i.where(b,0.5)"] = "[7.0, 0.5, 0.5, 0.0, 15.0, 0.5, 0.5, 0.5, NA, 2.0]",
        ["f.between(0,3)"] = "[True, False, False, True, False, False, False, True, False, False]",
        ["f.between(-2.5,2.5,neither)"] = "[False, False, False, True, False, False, False, True, False, False]",
        ["i.between(0,7,left)"] = "[False, False, False, True, False, False, False, True, False, True]",
        ["i.between(0,7,right)"] = "[True, False, False, False, False, False, False, True, False, True]",
        ["s.between(a,c)"] = "[False, False, False, False, False, False, True, False, False, True]",
        ["t.between"] = "[True, False, False, True, False, False, False, True, False, False]",
        ["i.isin(7,0,2)"] = "[True, False, False, True, False, False, False, False, False, True]",
        ["f.isin(2.5,0)"] = "[True, False, False, False, False, False, False, True, False, False]",
        ["s.isin(Alice,bobby)"] = "[True, False, False, False, False, False, False, False, False, True]",
        ["b.isin(True)"] = "[True, False, False, True, True, False, False, False, True, True]",
        ["ib.astype(int32)"] = "[7, -7, 0, 0, 15, 25, -15, 3, 0, 2]",
        ["i.astype(float64)"] = "[7.0, -7.0, NA, 0.0, 15.0, 25.0, -15.0, 3.0, NA, 2.0]",
        ["i.astype(string)"] = "['7', '-7', NA, '0', '15', '25', '-15', '3', NA, '2']",
        ["f.astype(string)"] = "['2.5', '-2.5', NA, '1.2345', NA, '7.5', '-7.5', '0.0', '3.5', '1e+20']",
        ["b.astype(string)"] = "['True', 'False', NA, 'True', 'True', 'False', NA, 'False', 'True', 'True']",
        ["t.astype(string)"] = "['2000-01-01 05:06:07', '2024-12-31 23:59:59', NA, '2000-02-29 12:00:00', '1999-12-31 00:00:00.500000', '2021-03-28 01:30:00', '1970-01-01 00:00:00', '2000-01-03 00:00:00', NA, '2030-07-04 18:45:30']",
        ["n.astype(Int64)"] = "[1, 2, NA, -3, 4, 5, 6, 7, NA, 10]",
        ["n.astype(float64)"] = "[1.0, 2.0, NA, -3.0, 4.0, 5.0, 6.0, 7.0, NA, 10.0]",
        ["f.mask(f>100,0).fillna(0).astype(int64)"] = "[2, -2, 0, 1, 0, 7, -7, 0, 3, 0]",
        ["ib.astype(bool)"] = "[True, True, False, False, True, True, True, True, False, True]",
        ["-i"] = "[-7, 7, NA, 0, -15, -25, 15, -3, NA, -2]",
        ["i.abs"] = "[7, 7, NA, 0, 15, 25, 15, 3, NA, 2]",
        ["f.abs"] = "[2.5, 2.5, NA, 1.2345, NA, 7.5, 7.5, 0.0, 3.5, 1e+20]",
        ["-f"] = "[-2.5, 2.5, NA, -1.2345, NA, -7.5, 7.5, -0.0, -3.5, -1e+20]",
        ["f.round(2)"] = "[2.5, -2.5, NA, 1.23, NA, 7.5, -7.5, 0.0, 3.5, 1e+20]",
        ["f.round(0)"] = "[2.0, -2.0, NA, 1.0, NA, 8.0, -8.0, 0.0, 4.0, 1e+20]",
        ["i.round(-1)"] = "[10, -10, NA, 0, 20, 20, -20, 0, NA, 0]",
        ["f.round(-1)"] = "[0.0, -0.0, NA, 0.0, NA, 10.0, -10.0, 0.0, 0.0, 1e+20]",
        ["i%4"] = "[3, 1, NA, 0, 3, 1, 1, 3, NA, 2]",
        ["i//4"] = "[1, -2, NA, 0, 3, 6, -4, 0, NA, 0]",
        ["i%-4"] = "[-1, -3, NA, 0, -1, -3, -3, -1, NA, -2]",
        ["i//-4"] = "[-2, 1, NA, 0, -4, -7, 3, -1, NA, -1]",
        ["i//z"] = "[3, 0, NA, 0, -4, 3, -8, -3, NA, NA]",
        ["i%z"] = "[1, 0, NA, 0, -1, 4, 1, 0, NA, NA]",
        ["f%2"] = "[0.5, 1.5, NA, 1.2345, NA, 1.5, 0.5, 0.0, 1.5, 0.0]",
        ["f//2"] = "[1.0, -2.0, NA, 0.0, NA, 3.0, -4.0, 0.0, 1.0, 5e+19]",
        ["f//-0.75"] = "[-4.0, 3.0, NA, -2.0, NA, -10.0, 10.0, -0.0, -5.0, -1.3333333333333333e+20]",
        ["f%-0.75"] = "[-0.5, -0.25, NA, -0.26550000000000007, NA, -0.0, -0.0, -0.0, -0.25, -0.5]",
        ["i/2"] = "[3.5, -3.5, NA, 0.0, 7.5, 12.5, -7.5, 1.5, NA, 1.0]",
        ["s.str.contains(li)"] = "[True, False, NA, False, False, False, False, True, NA, False]",
        ["s.str.contains(^a,case)"] = "[True, False, NA, True, False, False, True, False, NA, False]",
        ["s.str.contains(.,noregex)"] = "[False, False, NA, False, False, False, True, False, NA, False]",
        ["s.str.contains(.)"] = "[True, True, NA, True, True, False, True, True, NA, True]",
        ["s.str.contains(B,case,noregex)"] = "[False, True, NA, False, False, False, True, False, NA, True]",
        ["s.str.startswith(A)"] = "[True, False, NA, True, False, False, False, False, NA, False]",
        ["s.str.endswith(e)"] = "[True, False, NA, False, False, False, False, True, NA, False]",
        ["s.str.lower"] = "['alice', ' bob ', NA, 'alice', 'ärger', '', 'a.b', 'charlie', NA, 'bobby']",
        ["s.str.upper"] = "['ALICE', ' BOB ', NA, 'ALICE', 'ÄRGER', '', 'A.B', 'CHARLIE', NA, 'BOBBY']",
        ["s.str.len"] = "[5, 5, NA, 5, 5, 0, 3, 7, NA, 5]",
        ["s.str.strip"] = "['Alice', 'bob', NA, 'ALICE', 'Ärger', '', 'a.b', 'Charlie', NA, 'bobby']",
        ["s.str.strip(ab)"] = "['Alice', ' bob ', NA, 'ALICE', 'Ärger', '', '.', 'Charlie', NA, 'obby']",
        ["t.dt.year"] = "[2000, 2024, NA, 2000, 1999, 2021, 1970, 2000, NA, 2030]",
        ["t.dt.month"] = "[1, 12, NA, 2, 12, 3, 1, 1, NA, 7]",
        ["t.dt.day"] = "[1, 31, NA, 29, 31, 28, 1, 3, NA, 4]",
        ["t.dt.hour"] = "[5, 23, NA, 12, 0, 1, 0, 0, NA, 18]",
        ["t.dt.minute"] = "[6, 59, NA, 0, 0, 30, 0, 0, NA, 45]",
        ["t.dt.second"] = "[7, 59, NA, 0, 0, 0, 0, 0, NA, 30]",
        ["t.dt.dayofweek"] = "[5, 1, NA, 1, 4, 6, 3, 0, NA, 3]",
        ["t.dt.dayofyear"] = "[1, 366, NA, 60, 365, 87, 1, 3, NA, 185]",
        ["t.dt.quarter"] = "[1, 4, NA, 1, 4, 1, 1, 1, NA, 3]",
        ["t.dt.floor(1D)"] = "[2000-01-01 00:00:00, 2024-12-31 00:00:00, NA, 2000-02-29 00:00:00, 1999-12-31 00:00:00, 2021-03-28 00:00:00, 1970-01-01 00:00:00, 2000-01-03 00:00:00, NA, 2030-07-04 00:00:00]",
        ["t.dt.floor(1h)"] = "[2000-01-01 05:00:00, 2024-12-31 23:00:00, NA, 2000-02-29 12:00:00, 1999-12-31 00:00:00, 2021-03-28 01:00:00, 1970-01-01 00:00:00, 2000-01-03 00:00:00, NA, 2030-07-04 18:00:00]",
        ["t.dt.floor(15min)"] = "[2000-01-01 05:00:00, 2024-12-31 23:45:00, NA, 2000-02-29 12:00:00, 1999-12-31 00:00:00, 2021-03-28 01:30:00, 1970-01-01 00:00:00, 2000-01-03 00:00:00, NA, 2030-07-04 18:45:00]",
        ["tz.dt.hour"] = "[6, 0, NA, 13, 1, 3, 1, 1, NA, 20]",
        ["tz.dt.day"] = "[1, 1, NA, 29, 31, 28, 1, 3, NA, 4]",
        ["tz.dt.floor(1D)"] = "[1999-12-31 23:00:00, 2024-12-31 23:00:00, NA, 2000-02-28 23:00:00, 1999-12-30 23:00:00, 2021-03-27 23:00:00, 1969-12-31 23:00:00, 2000-01-02 23:00:00, NA, 2030-07-03 22:00:00]",
        ["tz.astype(string)"] = "['2000-01-01 06:06:07+01:00', '2025-01-01 00:59:59+01:00', NA, '2000-02-29 13:00:00+01:00', '1999-12-31 01:00:00.500000+01:00', '2021-03-28 03:30:00+02:00', '1970-01-01 01:00:00+01:00', '2000-01-03 01:00:00+01:00', NA, '2030-07-04 20:45:30+02:00']",
        ["frame.fillna(0)"] = "i=[7, -7, 0, 0, 15, 25, -15, 3, 0, 2]; z=[2, 0, 3, 0, -4, 7, 2, -1, 5, 0]; f=[2.5, -2.5, 0.0, 1.2345, 0.0, 7.5, -7.5, 0.0, 3.5, 1e+20]",
        ["frame.fillna(dict)"] = "i=[7, -7, -1, 0, 15, 25, -15, 3, -1, 2]; s=['Alice', ' bob ', '?', 'ALICE', 'Ärger', '', 'a.b', 'Charlie', '?', 'bobby']",
        ["frame.isna"] = "i=[False, False, True, False, False, False, False, False, True, False]; f=[False, False, True, False, True, False, False, False, False, False]; s=[False, False, True, False, False, False, False, False, True, False]; t=[False, False, True, False, False, False, False, False, True, False]",
        ["frame.notna"] = "b=[True, True, False, True, True, True, False, True, True, True]; n=[True, True, False, True, True, True, True, True, False, True]",
        ["frame.dropna"] = "i=[7, -7, 0, 25, -15, 3, 2]; f=[2.5, -2.5, 1.2345, 7.5, -7.5, 0.0, 1e+20]; s=['Alice', ' bob ', 'ALICE', '', 'a.b', 'Charlie', 'bobby']",
        ["frame.dropna(all,subset)"] = "i=[7, -7, 0, 15, 25, -15, 3, NA, 2]; f=[2.5, -2.5, 1.2345, NA, 7.5, -7.5, 0.0, 3.5, 1e+20]; s=['Alice', ' bob ', 'ALICE', 'Ärger', '', 'a.b', 'Charlie', NA, 'bobby']",
        ["frame.drop"] = "i=[7, -7, NA, 0, 15, 25, -15, 3, NA, 2]; s=['Alice', ' bob ', NA, 'ALICE', 'Ärger', '', 'a.b', 'Charlie', NA, 'bobby']",
        ["frame.rename"] = "j=[7, -7, NA, 0, 15, 25, -15, 3, NA, 2]; g=[2.5, -2.5, NA, 1.2345, NA, 7.5, -7.5, 0.0, 3.5, 1e+20]",
        ["frame.astype(float64)"] = "i=[7.0, -7.0, 0.0, 0.0, 15.0, 25.0, -15.0, 3.0, 0.0, 2.0]; z=[2.0, 0.0, 3.0, 0.0, -4.0, 7.0, 2.0, -1.0, 5.0, 0.0]",
        ["frame.astype(dict)"] = "i=['7', '-7', NA, '0', '15', '25', '-15', '3', NA, '2']; f=['2.5', '-2.5', NA, '1.2345', NA, '7.5', '-7.5', '0.0', '3.5', '1e+20']",
        ["frame.where"] = "i=[7, NA, NA, NA, 15, 25, NA, 3, NA, 2]; f=[2.5, NA, NA, NA, NA, 7.5, NA, 0.0, NA, 1e+20]",
        ["frame.mask(0)"] = "i=[0, -7, NA, 0, 0, 0, -15, 0, NA, 0]; f=[0.0, -2.5, NA, 1.2345, 0.0, 0.0, -7.5, 0.0, 3.5, 0.0]",
    };

    /// <summary>Runs operation <paramref name="name"/> on <paramref name="scheduler"/> and lists its values as pandas' script does.</summary>
    public static string Run(string name, string scheduler) => Show(Operations[name](Frame()), scheduler);

    public static string Show(object result, string scheduler) => result switch
    {
        DaskSeries s => List(s.Compute(scheduler), s.Name),
        DaskDataFrame f => Lines(f.Compute(scheduler)),
        _ => throw new ArgumentException(result.GetType().Name),
    };

    public static string Lines(LocalFrame frame) => string.Join("; ", frame.Columns.Select(c => $"{c}={List(frame, c)}"));

    public static string List(LocalFrame frame, string column)
    {
        var text = new StringBuilder("[");
        object?[] values = frame.Values(column);
        for (int r = 0; r < values.Length; r++)
        {
            text.Append(r == 0 ? string.Empty : ", ").Append(Value(values[r]));
        }

        return text.Append(']').ToString();
    }

    private static string Value(object? v) => v switch
    {
        null => "NA",
        double d when double.IsNaN(d) => "NA",
        double d => Repr(d),
        bool b => b ? "True" : "False",
        string s => $"'{s}'",
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (t.Ticks % TimeSpan.TicksPerSecond == 0 ? string.Empty : t.ToString(".ffffff", CultureInfo.InvariantCulture)),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture)!,
    };

    private static string Repr(double d)
    {
        Span<char> chars = stackalloc char[DataFrames.IO.PythonFloat.MaxLength];
        return new string(chars[..DataFrames.IO.PythonFloat.Format(d, chars)]);
    }
}
