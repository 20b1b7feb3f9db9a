using System.Globalization;
using System.Text;
using System.Text.Json;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.IO;
using DaskSharp.Serialization;

namespace DaskSharp.DataFrame.Tests;

/// <summary>ReadCsv reads what pandas reads from pandas' files, exactly; ToCsv writes what pandas writes and pandas reads it back.</summary>
public sealed class CsvTests(PandasCsvFixture files) : IClassFixture<PandasCsvFixture>
{
    private static readonly string[] s_dates = ["when", "day"];

    private JsonElement Expected(string name) => files.Expected.RootElement.GetProperty(name);

    private DaskDataFrame Mixed(string? blocksize = "64MB") => Dd.ReadCsv(files.Mixed, blocksize, parseDates: s_dates);

    [Fact]
    public void ReadCsv_OfAPandasFile_ReadsWhatPandasReads()
    {
        DaskDataFrame df = Mixed();
        Assert.Equal(
            [("id", "int64"), ("name", "string"), ("x", "float64"), ("y", "float64"), ("z", "float64"), ("maybe", "float64"), ("note", "string"), ("label", "string"), ("flag", "bool"), ("when", "datetime64[ns]"), ("day", "datetime64[ns]")],
            df.Dtypes);
        Pandas.AssertSame(Expected("mixed"), df.Compute("sync"));
    }

    [Fact]
    public void ReadCsv_WithATinyBlocksize_GivesTheSameFrame_InManyPartitions()
    {
        DaskDataFrame whole = Mixed(blocksize: null), tiny = Mixed("1KB");
        Assert.Equal(1, whole.NPartitions);
        Assert.Equal(new FileInfo(files.Mixed).Length / 1000, tiny.NPartitions); // Dask's read_bytes: size // blocksize blocks
        Assert.Equal(FrameCases.Canonical(whole.Compute("sync")), FrameCases.Canonical(tiny.Compute("sync")));
        Pandas.AssertSame(Expected("mixed"), tiny.Compute("sync"));
    }

    [Fact]
    public void ReadCsv_OfAGlob_ReadsEveryFileInNaturalOrder()
    {
        DaskDataFrame df = Dd.ReadCsv(files.Multi, parseDates: s_dates);
        Assert.Equal(12, df.NPartitions);
        Assert.Equal([.. Enumerable.Range(0, 12).Select(i => Path.Combine(files.Directory, "multi", $"part-{i}.csv"))], ((ReadCsv)df.Plan).Paths);
        Pandas.AssertSame(Expected("multi"), df.Compute("sync"));
    }

    [Fact]
    public void ReadCsv_QuotedNewlinesQuotesAndCommas_ReadAsPandas_WithAPartitionPerFile()
    {
        Pandas.AssertSame(Expected("quoted"), Dd.ReadCsv(files.Quoted, blocksize: null).Compute("sync"));
    }

    [Fact]
    public void WindowsLineEndsAByteOrderMarkAndNoLastNewline_ReadTheSame_InAnyBlocks()
    {
        string path = Path.Combine(files.NewDirectory("crlf"), "mixed-crlf.csv");
        string text = File.ReadAllText(files.Mixed).Replace("\n", "\r\n", StringComparison.Ordinal);
        File.WriteAllText(path, text[..^2], new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Pandas.AssertSame(Expected("mixed"), Dd.ReadCsv(path, "2KB", parseDates: s_dates).Compute("sync"));
        Pandas.AssertSame(Expected("mixed"), Dd.ReadCsv(path, blocksize: null, parseDates: s_dates).Compute("sync"));
    }

    [Fact]
    public void AHeaderWithoutRows_IsAnEmptyFrameOfStrings_AsPandas_AndAnEmptyFileIsRefused()
    {
        string dir = files.NewDirectory("empty");
        string header = Path.Combine(dir, "header.csv");
        File.WriteAllText(header, "a,b,,a\n");
        string pandas = Pandas.Run(Pandas.DumpFunction + "\nimport sys\nprint(json.dumps(dump(pd.read_csv(sys.argv[1]))))", header);
        DaskDataFrame df = Dd.ReadCsv(header);
        Assert.Equal(["a", "b", "Unnamed: 2", "a.1"], df.Columns); // pandas' names for an empty and a repeated header
        Pandas.AssertSame(JsonDocument.Parse(pandas).RootElement, df.Compute("sync"));

        string empty = Path.Combine(dir, "empty.csv");
        File.WriteAllText(empty, string.Empty);
        var e = Assert.Throws<CsvFormatException>(() => Dd.ReadCsv(empty));
        Assert.Equal($"{empty} is empty: ReadCsv needs a header line naming the columns.", e.Message);
    }

    [Fact]
    public void GroupByAndSums_OfAPandasFile_AgreeWithPandas()
    {
        DaskDataFrame df = Mixed("16KB");
        LocalFrame g = df.GroupBy(["name"], dropna: true, sort: true).Agg(("x_sum", "x", "sum"), ("x_mean", "x", "mean"), ("x_count", "x", "count"), ("id_max", "id", "max"), ("maybe_sum", "maybe", "sum")).Compute("sync");
        Pandas.AssertSame(Expected("groupby"), g);
        Assert.Equal(double.Parse(Expected("x_sum").GetString()!, CultureInfo.InvariantCulture), df["x"].Sum().Compute("sync"));
        Assert.Equal(Expected("rows").GetInt64(), df.Len().Compute("sync"));
    }

    [Fact]
    public void ASeriesSum_ReadsOnlyThatColumn()
    {
        DaskDataFrame df = Mixed();
        string source = $"ReadCsv: {files.Mixed} (1 file, 1 partition, blocksize 64MB)";
        Assert.Equal(
            "Before optimisation:\n"
            + "Reduction: [x: sum] split_every=8\n"
            + "  Projection: [x]\n"
            + $"    {source} [id, name, x, y, z, maybe, note, label, flag, when, day]\n"
            + "After optimisation:\n"
            + "Reduction: [x: sum] split_every=8\n"
            + $"  {source} [x]\n",
            df["x"].Sum().Explain());
    }

    [Fact]
    public void AColumnNothingReads_IsNotParsed_SoItsBadValuesDoNotFail()
    {
        string path = WriteLateMismatch("projection", out _);
        DaskDataFrame df = Dd.ReadCsv(path, blocksize: "64KB");
        Assert.Equal(30_000L, df["name"].Count().Compute("sync")); // "id" holds a float far past the sample, but only "name" is read
        Assert.Equal(30_000L, df.Len().Compute("sync"));
    }

    [Fact]
    public void AValueTheSampleDidNotForesee_NamesColumnFileLineAndBothTypes_AndTheDtypesThatReadIt()
    {
        string path = WriteLateMismatch("mismatch", out long line);
        var e = Assert.Throws<TaskFailedException>(() => Dd.ReadCsv(path, blocksize: "64KB")["id"].Sum().Compute("sync"));
        var csv = Assert.IsType<CsvFormatException>(e.InnerException);
        Assert.Equal(
            $"Mismatched dtypes in ReadCsv: column 'id' is int64 (inferred from the first 256000 bytes of {path}), but {path} line {line} holds \"1.5\" (float64). "
            + "Pass dtypes: {\"id\": \"float64\"} to ReadCsv to read the column as float64.",
            csv.Message);
        Assert.Equal((path, line, "id"), (csv.Path, csv.Line, csv.Column));

        // The fix the message gives works.
        DaskDataFrame fixedUp = Dd.ReadCsv(path, blocksize: "64KB", dtypes: new Dictionary<string, string> { ["id"] = "float64" });
        Assert.Equal(Enumerable.Range(0, 30_000).Sum(i => i == 29_000 ? 1.5 : i), fixedUp["id"].Sum().Compute("sync"));
    }

    [Fact]
    public void ANullInAnIntColumn_SaysPandasWouldReadFloat64()
    {
        string path = WriteLateMismatch("null", out long line, late: "");
        var e = Assert.Throws<TaskFailedException>(() => Dd.ReadCsv(path, blocksize: "64KB").Compute("sync"));
        Assert.Equal(
            $"Mismatched dtypes in ReadCsv: column 'id' is int64 (inferred from the first 256000 bytes of {path}), but {path} line {line} holds an empty field "
            + "(a null, which int64 cannot hold: pandas reads an int column with nulls as float64). Pass dtypes: {\"id\": \"float64\"} to ReadCsv to read the column as float64.",
            e.InnerException!.Message);

        var given = Assert.Throws<TaskFailedException>(() => Dd.ReadCsv(path, dtypes: new Dictionary<string, string> { ["id"] = "int64", ["name"] = "bool" }).Compute("sync"));
        Assert.Equal(
            $"Mismatched dtypes in ReadCsv: column 'name' is bool (as dtypes gives it), but {path} line 2 holds \"abc\" (string). Pass dtypes: {{\"name\": \"string\"}} to ReadCsv to read the column as string.",
            given.InnerException!.Message);
    }

    [Fact]
    public void ARowWithTooManyFields_NamesFileAndLine_AndAShortRowEndsInNulls_AsPandas()
    {
        string dir = files.NewDirectory("malformed");
        string bad = Path.Combine(dir, "bad.csv");
        File.WriteAllText(bad, "a,b,c\n1,2,3\n\n4,5\n6,7,8,9\n");
        var e = Assert.Throws<TaskFailedException>(() => Dd.ReadCsv(bad).Compute("sync"));
        var csv = Assert.IsType<CsvFormatException>(e.InnerException);
        Assert.Equal($"Error tokenizing {bad}: expected 3 fields in line 5, saw 4 (the header has a, b, c). A field that holds a comma must be quoted.", csv.Message);
        Assert.Equal(5, csv.Line);

        string shortRow = Path.Combine(dir, "short.csv");
        File.WriteAllText(shortRow, "a,b,c\n1,2,3\n\n4,5\n");
        string pandas = Pandas.Run(Pandas.DumpFunction + "\nimport sys\nprint(json.dumps(dump(pd.read_csv(sys.argv[1]))))", shortRow);
        Pandas.AssertSame(JsonDocument.Parse(pandas).RootElement, Dd.ReadCsv(shortRow).Compute("sync"));
    }

    [Fact]
    public void FilesWithAnotherHeader_AreRefusedNamingBoth()
    {
        string dir = files.NewDirectory("headers");
        File.WriteAllText(Path.Combine(dir, "a.csv"), "x,y\n1,2\n");
        File.WriteAllText(Path.Combine(dir, "b.csv"), "x,z\n3,4\n");
        var e = Assert.Throws<TaskFailedException>(() => Dd.ReadCsv(Path.Combine(dir, "*.csv")).Compute("sync"));
        Assert.Equal($"{Path.Combine(dir, "b.csv")} has the header \"x,z\"; {Path.Combine(dir, "a.csv")}, the first file, has \"x,y\". ReadCsv reads files that have the same columns.", e.InnerException!.Message);
    }

    [Fact]
    public void DtypesAndUsecols_AreHonoured()
    {
        DaskDataFrame df = Dd.ReadCsv(files.Mixed, dtypes: new Dictionary<string, string> { ["id"] = "float64", ["name"] = "category", ["flag"] = "string" }, usecols: ["flag", "id", "name"]);
        Assert.Equal([("id", "float64"), ("name", "string"), ("flag", "string")], df.Dtypes); // file order, as pandas' usecols
        LocalFrame r = df.Compute("sync");
        Assert.Equal(-1000.0, r.Values("id")[0]);
        Assert.Equal("True", r.Values("flag")[0]);
        Assert.IsType<Apache.Arrow.DictionaryArray>(r.ToArrow().Column(1));
    }

    [Fact]
    public void BadArguments_AreRefusedWhenTheFrameIsMade()
    {
        var dtype = Assert.Throws<ArgumentException>(() => Dd.ReadCsv(files.Mixed, dtypes: new Dictionary<string, string> { ["id"] = "int32x" }));
        Assert.StartsWith("'int32x' (for column 'id') is not a dtype ReadCsv reads; use one of \"int64\", \"float64\", \"bool\"", dtype.Message, StringComparison.Ordinal);
        var column = Assert.Throws<KeyNotFoundException>(() => Dd.ReadCsv(files.Mixed, usecols: ["nmae"]));
        Assert.EndsWith("Did you mean 'name' or 'note'?", column.Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => Dd.ReadCsv(files.Mixed, parseDates: ["wehn"]));
        Assert.Throws<FileNotFoundException>(() => Dd.ReadCsv(Path.Combine(files.Directory, "none-*.csv")));
        Assert.Throws<FileNotFoundException>(() => Dd.ReadCsv(Path.Combine(files.Directory, "none.csv")));
        Assert.Throws<KeyNotFoundException>(() => Mixed()["nope"]);
    }

    [Fact]
    public void ToCsv_WritesTheBytesPandasWrites()
    {
        string dir = files.NewDirectory("bytes");
        IReadOnlyList<string> written = Mixed(blocksize: null).ToCsv(Path.Combine(dir, "one-*.csv"), scheduler: "sync");
        Assert.Equal([Path.Combine(dir, "one-0.csv")], written);
        Assert.Equal(File.ReadAllText(files.Rewritten), File.ReadAllText(written[0]));
    }

    [Fact]
    public void ToCsv_ThenPandasReadsItBack_AndAgrees()
    {
        DaskDataFrame df = Mixed("64KB");
        string dir = files.NewDirectory("export");
        IReadOnlyList<string> written = df.ToCsv(dir, scheduler: "threads");
        Assert.Equal([.. Enumerable.Range(0, df.NPartitions).Select(i => Path.Combine(dir, $"part-{i}.csv"))], written);
        Assert.True(written.Count > 4);
        Assert.All(written, f => Assert.StartsWith("id,name,x,y,z,maybe,note,label,flag,when,day\n", File.ReadAllText(f), StringComparison.Ordinal));

        string script = Pandas.DumpFunction + """

            import sys
            frames = [pd.read_csv(f, parse_dates=["when", "day"], float_precision="round_trip") for f in sys.argv[1:]]
            print(json.dumps(dump(pd.concat(frames, ignore_index=True))))
            """;
        JsonElement back = JsonDocument.Parse(Pandas.Run(script, [.. written])).RootElement;
        Pandas.AssertSame(back, df.Compute("sync"));
        Pandas.AssertSame(Expected("mixed"), Dd.ReadCsv(Path.Combine(dir, "*.csv"), parseDates: s_dates).Compute("sync"));
    }

    [Fact]
    public void ToCsv_OfFramesWithNullsAndAnIndex_RoundTripsThroughPandas()
    {
        string dir = files.NewDirectory("nulls");
        DaskDataFrame nulls = FrameCases.WithNulls();
        IReadOnlyList<string> written = nulls.ToCsv(Path.Combine(dir, "n-*.csv"), scheduler: "sync");
        Assert.Equal("k,v,s\n1,1.5,a\n2,,b\n,2.0,a\n1,-4.0,\n", File.ReadAllText(written[0]));
        string script = Pandas.DumpFunction + "\nimport sys\nprint(json.dumps(dump(pd.concat([pd.read_csv(f) for f in sys.argv[1:]], ignore_index=True))))";
        Pandas.AssertSame(JsonDocument.Parse(Pandas.Run(script, [.. written])).RootElement, Dd.ReadCsv(Path.Combine(dir, "n-*.csv")).Compute("sync"));

        // A named index is written first, as pandas' index=True; the hourly frame's timestamps are whole seconds.
        IReadOnlyList<string> hourly = FrameCases.Hourly().ToCsv(Path.Combine(dir, "h-*.csv"), scheduler: "sync");
        Assert.StartsWith("timestamp,id,name,x,y\n2000-01-01 00:00:00,", File.ReadAllText(hourly[0]), StringComparison.Ordinal);
        Assert.StartsWith("id,name,x,y\n", File.ReadAllText(FrameCases.Hourly().ToCsv(Path.Combine(dir, "noindex-*.csv"), index: false, scheduler: "sync")[0]), StringComparison.Ordinal);
        DaskDataFrame back = Dd.ReadCsv(Path.Combine(dir, "h-*.csv"), parseDates: ["timestamp"]);
        Assert.Equal(FrameCases.Canonical(FrameCases.Hourly().Compute("sync")), FrameCases.Canonical(back.Compute("sync")));
    }

    [Fact]
    public void Floats_AreWrittenAsPythonsRepr()
    {
        var random = new Random(11);
        var values = new List<double> { 0.1, 1e-5, 1e16, 1e15, 123.0, -0.0, 0.0, 5e-324, double.MaxValue, double.MinValue, 1.0 / 3, 2.5e-300, 1e22, 1e21, 123456789012345680.0, 0.0001, 0.00011 };
        for (int i = 0; i < 20_000; i++)
        {
            values.Add(BitConverter.Int64BitsToDouble((long)random.NextInt64() & long.MaxValue) * (random.Next(2) == 0 ? 1 : -1));
            values.Add(Math.Round(random.NextDouble() * Math.Pow(10, random.Next(-8, 20)), random.Next(0, 6)));
        }

        values.RemoveAll(v => double.IsNaN(v) || double.IsInfinity(v));
        string bits = Path.Combine(files.NewDirectory("floats"), "bits.txt");
        File.WriteAllLines(bits, values.Select(v => BitConverter.DoubleToInt64Bits(v).ToString(CultureInfo.InvariantCulture)));
        string[] python = Pandas.Run("import sys, struct\nfor line in open(sys.argv[1]):\n    print(repr(struct.unpack('<d', struct.pack('<q', int(line)))[0]))", bits).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Span<char> buffer = stackalloc char[PythonFloat.MaxLength];
        for (int i = 0; i < values.Count; i++)
        {
            Assert.Equal(python[i], buffer[..PythonFloat.Format(values[i], buffer)].ToString());
        }
    }

    [Fact]
    public void TheSource_TravelsToWorkers_AndReadsTheSameThere()
    {
        var source = (ReadCsv)Mixed("16KB")["name", "when"].Plan.Children[0];
        var narrowed = (ReadCsv)source.WithColumns(["name", "when"]);
        var back = (ReadCsv)ValueSerializer.Deserialize(ValueSerializer.Serialize(narrowed))!;
        Assert.Equal(narrowed.Describe(), back.Describe());
        Assert.Equal(narrowed.Name, back.Name);
        Assert.Equal(FrameCases.Canonical(new LocalFrame(narrowed.Read(3))), FrameCases.Canonical(new LocalFrame(back.Read(3))));

        SerializedValue good = ValueSerializer.Serialize(narrowed);
        var bad = new SerializedValue(good.Serializer, good.Header[..(good.Header.Length / 2)], good.Frames);
        Assert.Contains("dataframe-read-csv", Assert.Throws<InvalidDataException>(() => ValueSerializer.Deserialize(bad)).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// "id,name" and 30,000 rows "%06d,abc" (11 bytes each, so the 256,000-byte sample ends at row
    /// 23,272), where row 29,000 holds <paramref name="late"/> instead of its id: far past the sample,
    /// in a block other than the first.
    /// </summary>
    private string WriteLateMismatch(string name, out long line, string late = "1.5")
    {
        string path = Path.Combine(files.NewDirectory(name), "late.csv");
        var text = new StringBuilder("id,name\n");
        for (int i = 0; i < 30_000; i++)
        {
            text.Append(i == 29_000 ? late : i.ToString("D6", CultureInfo.InvariantCulture)).Append(",abc\n");
        }

        File.WriteAllText(path, text.ToString());
        line = 29_002; // the header is line 1, row 0 line 2
        return path;
    }
}
