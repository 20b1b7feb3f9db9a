using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.Serialization;
using ParquetSharp;
using ParquetSharp.Arrow;
using Column = ParquetSharp.Column;
using TimeUnit = Apache.Arrow.Types.TimeUnit;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Parquet in and out: exact round trips, other readers and writers, pushdown read from Explain, and errors that name the file.</summary>
public sealed class ParquetTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>100 rows of <see cref="ParquetCases.Numbers"/>, one file of 10 row groups of 10 rows.</summary>
    private string TenRowGroups()
    {
        string file = _dir["numbers.parquet"];
        RecordBatch batch = ParquetCases.Numbers(100);
        using var writer = new FileWriter(file, batch.Schema);
        writer.WriteRecordBatch(batch, chunkSize: 10);
        writer.Close();
        return file;
    }

    [Fact]
    public void ToParquetThenReadParquet_EveryTypeWithNullsAndTheIndex_RoundTripsExactly()
    {
        DaskDataFrame frame = Dd.FromArrow(ParquetCases.AllTypes(), npartitions: 12, index: "t");
        IReadOnlyList<string> files = frame.ToParquet(_dir["out"]);
        Assert.Equal([.. Enumerable.Range(0, 12).Select(i => $"part.{i}.parquet")], files.Select(Path.GetFileName));

        DaskDataFrame back = Dd.ReadParquet(_dir["out"]);
        Assert.Equal(12, back.NPartitions); // part.2 before part.10, as the frame was
        Assert.Equal(ParquetCases.AllTypesDtypes, back.Dtypes);
        Assert.Equal(FrameCases.Canonical(frame.Compute()), FrameCases.Canonical(back.Compute()));
        Partition part = ((DataFrames.IO.ReadParquet)back.Plan).Read(2);
        Assert.Equal("t", part.Index);
        Assert.IsType<DictionaryArray>(part.Column("d")); // concatenating partitions decodes dictionaries that differ; each partition keeps its own
        Assert.Equal(ParquetCases.Paris.Timezone, ((TimestampType)part.Column("tz").Data.DataType).Timezone);
    }

    [Fact]
    public void FilesToParquetWrites_ReadByParquetSharpsColumnReader_HoldTheSameValues()
    {
        DaskDataFrame frame = Dd.FromArrow(ParquetCases.AllTypes(), npartitions: 3, index: "t");
        IReadOnlyList<string> files = frame.ToParquet(_dir["out"]);
        LocalFrame expected = frame.Compute();
        foreach (string column in new[] { "t", "i32", "i64", "f32", "f64", "b", "s", "d", "tz" })
        {
            string[] low = [.. files.SelectMany(f => ColumnReaderValues(f, column)).Select(FrameCases.Format)];
            Assert.Equal(expected.Values(column).Select(FrameCases.Format), low);
        }

        using var reader = new ParquetFileReader(files[0]);
        using FileMetaData meta = reader.FileMetaData;
        using RowGroupReader group = reader.RowGroup(0);
        using ColumnChunkMetaData chunk = group.MetaData.GetColumnChunkMetaData(1);
        Assert.Equal(Compression.Snappy, chunk.Compression);
        Assert.Equal("""{"index_columns":["t"],""", meta.KeyValueMetadata["pandas"][..23]);
    }

    /// <summary>A column's values through ParquetSharp's low-level (non-Arrow) reader, boxed as <see cref="LocalFrame.Values"/> boxes them.</summary>
    private static IEnumerable<object?> ColumnReaderValues(string file, string column)
    {
        using var reader = new ParquetFileReader(file);
        using FileMetaData meta = reader.FileMetaData;
        int c = meta.Schema.ColumnIndex(column);
        var values = new List<object?>();
        for (int g = 0; g < meta.NumRowGroups; g++)
        {
            using RowGroupReader group = reader.RowGroup(g);
            int n = checked((int)group.MetaData.NumRows);
            using ColumnReader col = group.Column(c);
            values.AddRange(column switch
            {
                "i32" => Read<int?>(col, n).Select(v => (object?)v),
                "i64" => Read<long?>(col, n).Select(v => (object?)v),
                "f32" => Read<float?>(col, n).Select(v => (object?)v),
                "f64" => Read<double?>(col, n).Select(v => (object?)v),
                "b" => Read<bool?>(col, n).Select(v => (object?)v),
                "s" or "d" => Read<string?>(col, n),
                _ => Read<DateTimeNanos?>(col, n).Select(v => v is { } x ? (object)DateTime.UnixEpoch.AddTicks(x.Ticks / 100) : null),
            });
        }

        return values;

        static T[] Read<T>(ColumnReader col, int n)
        {
            using LogicalColumnReader<T> logical = col.LogicalReader<T>();
            return logical.ReadAll(n);
        }
    }

    [Fact]
    public void AFileParquetSharpsColumnWriterWrote_IsReadWithItsTypesNullsAndRowGroups()
    {
        string file = _dir["foreign.parquet"];
        Column[] columns = [new Column<int?>("a"), new Column<long>("b"), new Column<double?>("c"), new Column<string>("s"), new Column<bool?>("flag"), new Column<DateTime?>("when")];
        using (var writer = new ParquetFileWriter(file, columns, Compression.Snappy))
        {
            for (int g = 0; g < 2; g++)
            {
                using RowGroupWriter group = writer.AppendRowGroup();
                Write(group, new int?[] { g, null, 10 + g });
                Write(group, new long[] { 100 * g, (100 * g) + 1, (100 * g) + 2 });
                Write(group, new double?[] { 0.25, -1.5 * g, null });
                Write(group, new[] { "x" + g, null, "ü" });
                Write(group, new bool?[] { null, true, false });
                Write(group, new DateTime?[] { new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(70 * g), null, new DateTime(1999, 12, 31, 0, 0, 0, DateTimeKind.Utc) });
            }

            writer.Close();
        }

        DaskDataFrame df = Dd.ReadParquet(file);
        Assert.Equal(2, df.NPartitions);
        Assert.Equal([("a", "int32"), ("b", "int64"), ("c", "float64"), ("s", "string"), ("flag", "bool"), ("when", "datetime64[ns, UTC]")], df.Dtypes);
        Assert.Equal(
            "a,b,c,s,flag,when\n"
            + "0,0,0.25,x0,null,2001-02-03T04:05:06.0000000Z\n"
            + "null,1,-0,null,True,null\n"
            + "10,2,null,ü,False,1999-12-31T00:00:00.0000000Z\n"
            + "1,100,0.25,x1,null,2001-02-03T04:05:06.0000070Z\n"
            + "null,101,-1.5,null,True,null\n"
            + "11,102,null,ü,False,1999-12-31T00:00:00.0000000Z\n",
            FrameCases.Canonical(df.Compute()));

        static void Write<T>(RowGroupWriter group, T[] values)
        {
            using ColumnWriter column = group.NextColumn();
            using LogicalColumnWriter<T> logical = column.LogicalWriter<T>();
            logical.WriteBatch(values);
        }
    }

    [Fact]
    public void LargeUtf8NarrowIntegersAndByteIndexedDictionaries_AreMadeIntoTheKernelsTypes()
    {
        string file = _dir["widths.parquet"];
        var large = new LargeStringArray.Builder().Append("long").AppendNull().Append("text").Build();
        var small = new Int8Array.Builder().Append(-3).Append(4).AppendNull().Build();
        var unsigned = new UInt16Array.Builder().Append(65535).AppendNull().Append(0).Build();
        var dict = new DictionaryArray(new DictionaryType(Int8Type.Default, StringType.Default, false), new Int8Array.Builder().Append(1).AppendNull().Append(0).Build(), new StringArray.Builder().AppendRange(["p", "q"]).Build());
        var micros = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, (string?)null)).Append(new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(10)).AppendNull().AppendNull().Build();
        var schema = new Schema([new Field("l", large.Data.DataType, true), new Field("i8", Int8Type.Default, true), new Field("u16", UInt16Type.Default, true), new Field("d", dict.Data.DataType, true), new Field("us", micros.Data.DataType, true)], null);
        using (var writer = new FileWriter(file, schema, arrowProperties: new ArrowWriterPropertiesBuilder().StoreSchema().Build()))
        {
            writer.WriteRecordBatch(new RecordBatch(schema, [large, small, unsigned, dict, micros], 3));
            writer.Close();
        }

        LocalFrame local = Dd.ReadParquet(file).Compute();
        Assert.Equal("l,i8,u16,d,us\nlong,-3,65535,q,2010-01-01T00:00:00.0000010Z\nnull,4,null,null,null\ntext,null,0,p,null\n", FrameCases.Canonical(local));
        RecordBatch batch = local.ToArrow();
        Assert.IsType<StringArray>(batch.Column("l"));
        Assert.IsType<Int32Array>(batch.Column("i8"));
        Assert.IsType<Int32Array>(batch.Column("u16"));
        Assert.IsType<Int32Array>(Assert.IsType<DictionaryArray>(batch.Column("d")).Indices);
        Assert.Equal(TimeUnit.Nanosecond, ((TimestampType)batch.Column("us").Data.DataType).Unit);
    }

    [Fact]
    public void EachRowGroupOfEachFile_IsAPartition()
    {
        string file = TenRowGroups();
        File.Copy(file, _dir["numbers2.parquet"]);
        DaskDataFrame df = Dd.ReadParquet(_dir.Path);
        Assert.Equal(20, df.NPartitions);
        Assert.Equal(200L, df.Len().Compute());
        Assert.Equal(2L * 4950, df["x"].Sum().Compute());
    }

    [Fact]
    public void AColumnSum_ReadsOnlyThatColumn()
    {
        string file = TenRowGroups();
        DaskSeries x = Dd.ReadParquet(file)["x"];
        Assert.Equal(
            "Before optimisation:\n"
            + "Reduction: [x: sum] split_every=8\n"
            + "  Projection: [x]\n"
            + $"    ReadParquet: {file} [x, y, g] row groups 10 of 10\n"
            + "After optimisation:\n"
            + "Reduction: [x: sum] split_every=8\n"
            + $"  ReadParquet: {file} [x] row groups 10 of 10 in 3 partitions (small row groups combined)\n",
            x.Sum().Explain());
        Assert.Equal(4950L, x.Sum().Compute());
    }

    [Fact]
    public void AFilterAboveTheSource_SkipsTheRowGroupsItsStatisticsRuleOut()
    {
        string file = TenRowGroups();
        DaskDataFrame df = Dd.ReadParquet(file);
        DaskDataFrame kept = df[(df["x"] > 65L) & (df["g"] != "zz")];
        FrameExpr optimised = Optimizer.Optimize(kept.Plan);
        Assert.Equal(4, optimised.NPartitions);
        Assert.Equal(
            "Fused: Filter: ((x > 65) & (g != 'zz'))\n"
            + $"  ReadParquet: {file} [x, y, g] row groups 4 of 10 (filter x > 65 & g != 'zz')\n",
            optimised.Tree());
        Assert.Equal(1402.5, kept["y"].Sum().Compute()); // 0.5 * (66 + ... + 99)
        Assert.Equal(34L, kept.Len().Compute());
    }

    [Fact]
    public void TheFiltersArgument_SkipsRowGroupsWhenTheFrameIsMade_AndFiltersTheRows()
    {
        string file = TenRowGroups();
        DaskDataFrame df = Dd.ReadParquet(file, columns: ["y"], filters: [("x", ">=", 25), ("x", "<", 47L), ("g", "==", "g1")]);
        Assert.Equal(3, df.NPartitions);
        Assert.Equal(["y"], df.Columns);
        Assert.Equal("y\n12.5\n14\n15.5\n17\n18.5\n20\n21.5\n23\n", FrameCases.Canonical(df.Compute())); // x = 25, 28, …, 46
        Assert.Equal(
            $"ReadParquet: {file} [y, x, g] row groups 3 of 10 (filter x >= 25 & x < 47 & g == 'g1')",
            ((Filter)((Projection)df.Plan).Input).Input.Describe());

        DaskDataFrame none = Dd.ReadParquet(file, filters: [("y", ">", 1e6)]);
        Assert.Equal(1, none.NPartitions); // every row group skipped: one empty partition keeps the schema
        Assert.Equal("x,y,g\n", FrameCases.Canonical(none.Compute()));
    }

    [Fact]
    public void BadFilters_AreRefusedNamingTheProblem()
    {
        string file = TenRowGroups();
        Assert.Equal("'~=' is not a filter operator; use one of ==, !=, <, <=, >, >=. (Parameter 'op')", Assert.Throws<ArgumentException>(() => Dd.ReadParquet(file, filters: [("x", "~=", 1)])).Message);
        Assert.Equal("Column 'xx' not found; the columns are 'x', 'y', 'g'. Did you mean 'x' or 'g' or 'y'?", Assert.Throws<KeyNotFoundException>(() => Dd.ReadParquet(file, filters: [("xx", "==", 1)])).Message);
        Assert.Equal("The filter on 'x' compares with a DateTime; filter values are numbers, strings or bools.", Assert.Throws<ArgumentException>(() => Dd.ReadParquet(file, filters: [("x", "==", DateTime.UnixEpoch)])).Message);
        Assert.Equal("Cannot apply '>' to string and int64 in (g > 1).", Assert.Throws<ArgumentException>(() => Dd.ReadParquet(file, filters: [("g", ">", 1)])).Message);
    }

    [Fact]
    public void ACorruptFile_IsRefusedWhenTheFrameIsMade_NamingIt()
    {
        Dd.FromArrow(ParquetCases.Numbers(30), npartitions: 3).ToParquet(_dir["out"]);
        string bad = Path.Combine(_dir["out"], "part.1.parquet");
        File.WriteAllText(bad, "not a parquet file, but long enough to hold a footer");
        var e = Assert.Throws<InvalidDataException>(() => Dd.ReadParquet(_dir["out"]));
        Assert.Equal($"'{bad}' is not a readable Parquet file: Invalid: Parquet magic bytes not found in footer. Either the file is corrupted or this is not a parquet file.", e.Message);
    }

    [Fact]
    public void ATruncatedFile_IsRefusedWhenTheFrameIsMade_NamingIt()
    {
        string file = TenRowGroups();
        byte[] bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length - 100)]);
        var e = Assert.Throws<InvalidDataException>(() => Dd.ReadParquet(file));
        Assert.Equal($"'{file}' is not a readable Parquet file: Invalid: Parquet magic bytes not found in footer. Either the file is corrupted or this is not a parquet file.", e.Message);

        File.WriteAllBytes(file, []);
        Assert.Equal($"'{file}' is not a readable Parquet file: Invalid: Parquet file size is 0 bytes", Assert.Throws<InvalidDataException>(() => Dd.ReadParquet(file)).Message);
    }

    [Fact]
    public void ACorruptRowGroup_FailsWhenItsPartitionIsRead_NamingTheFileAndRowGroup()
    {
        string file = TenRowGroups();
        DaskDataFrame df = Dd.ReadParquet(file); // the footer is intact: the frame is made
        byte[] bytes = File.ReadAllBytes(file);
        System.Array.Fill(bytes, (byte)0x5A, 4, 60); // the first row group's page headers
        File.WriteAllBytes(file, bytes);
        var e = Assert.Throws<TaskFailedException>(() => df["x"].Sum().Compute("sync"));
        Assert.Equal($"Reading row group 0 of '{file}' failed: IOError: Couldn't deserialize thrift: invalid TType Deserializing page header failed.", Assert.IsType<InvalidDataException>(e.InnerException).Message);
    }

    [Fact]
    public void MissingPaths_AreNamed()
    {
        string missing = _dir["nothing-here"];
        Assert.Equal($"No Parquet file or directory at '{missing}'.", Assert.Throws<FileNotFoundException>(() => Dd.ReadParquet(missing)).Message);
        File.WriteAllText(_dir["notes.txt"], "x");
        Assert.Equal($"The directory '{_dir.Path}' holds no *.parquet files.", Assert.Throws<FileNotFoundException>(() => Dd.ReadParquet(_dir.Path)).Message);
        Assert.Equal("Column 'z' not found; the columns are 'x', 'y', 'g'. Did you mean 'g' or 'x' or 'y'?", Assert.Throws<KeyNotFoundException>(() => Dd.ReadParquet(TenRowGroups(), columns: ["x", "z"])).Message);
    }

    [Fact]
    public void ToParquet_IntoADirectoryWithParquetFiles_IsRefusedUnlessOverwriting()
    {
        DaskDataFrame df = Dd.FromArrow(ParquetCases.Numbers(30), npartitions: 3);
        df.ToParquet(_dir["out"]);
        var e = Assert.Throws<IOException>(() => df.ToParquet(_dir["out"]));
        Assert.Equal($"The directory '{_dir["out"]}' already holds 3 Parquet file(s); pass overwrite: true to replace them.", e.Message);
        Dd.FromArrow(ParquetCases.Numbers(10), npartitions: 2).ToParquet(_dir["out"], overwrite: true);
        Assert.Equal(["part.0.parquet", "part.1.parquet"], Directory.GetFiles(_dir["out"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(45L, Dd.ReadParquet(_dir["out"])["x"].Sum().Compute());
    }

    [Fact]
    public void TheSource_SurvivesTheTripToAWorker()
    {
        string file = TenRowGroups();
        DaskDataFrame df = Dd.ReadParquet(file, columns: ["g", "y"], filters: [("x", ">", 71), ("y", "<=", 44.0), ("g", "!=", "g0")]);
        var source = (DataFrames.IO.ReadParquet)((Filter)((Projection)df.Plan).Input).Input;
        var back = (DataFrames.IO.ReadParquet)ValueSerializer.Deserialize(ValueSerializer.Serialize(source))!;
        Assert.Equal(source.Describe(), back.Describe());
        Assert.Equal(source.Name, back.Name);
        Assert.Equal(2, back.NPartitions);
        Assert.Equal(FrameCases.Canonical(new LocalFrame(source.Read(1))), FrameCases.Canonical(new LocalFrame(back.Read(1))));
    }

    [Fact]
    public void TextInSmallDictionaries_IsReadAsDictionaryColumns_UnderAStringSchema()
    {
        ParquetCases.Words(_dir["words"], files: 2, rowsPerGroup: 500);
        DaskDataFrame df = Dd.ReadParquet(_dir["words"]);
        var source = (DataFrames.IO.ReadParquet)df.Plan;
        Assert.Equal(["word"], source.DictionaryColumns); // id's dictionary is as large as its values; plain has none
        Assert.Equal([("word", "string"), ("id", "string"), ("plain", "string"), ("n", "int64")], df.Dtypes);
        Partition part = source.Read(1);
        var words = Assert.IsType<DictionaryArray>(part.Column("word"));
        Assert.Equal(40, words.Dictionary.Length);
        Assert.IsType<StringArray>(part.Column("id"));
        Assert.IsType<StringArray>(part.Column("plain"));

        // The frame's values are the written ones, and the partitions' dictionaries (each in its own order) are united.
        LocalFrame local = df.Compute();
        string?[] expected = [.. Enumerable.Range(0, 2000).Select(r => r % 7 == 3 ? null : ParquetCases.Word(r, r / 500))];
        Assert.Equal(expected, local.Values("word").Cast<string?>());
        Assert.Equal(40, Assert.IsType<DictionaryArray>(local.ToArrow().Column("word")).Dictionary.Length);
        Assert.Equal(
            expected.Where(w => w is not null).GroupBy(w => w).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}:{g.Count()}"),
            ToPairs(df.GroupBy("word").Agg(("n", "count")).Compute()));
        Assert.Equal((long)expected.Count(w => w == "w05"), df[df["word"] == "w05"].Len().Compute());
    }

    [Fact]
    public void ToParquet_WritesTextReadAsDictionaries_AsPlainStrings()
    {
        ParquetCases.Words(_dir["words"], files: 1, rowsPerGroup: 500);
        DaskDataFrame df = Dd.ReadParquet(_dir["words"]);
        IReadOnlyList<string> files = df.ToParquet(_dir["out"]);
        foreach (string file in files)
        {
            using var reader = new FileReader(file);
            Assert.IsType<StringType>(reader.Schema.GetFieldByName("word").DataType); // not a dictionary: pandas would read a categorical
            using ParquetFileReader parquet = reader.ParquetReader;
            using FileMetaData meta = parquet.FileMetaData;
            Assert.Contains("\"name\":\"word\",\"field_name\":\"word\",\"pandas_type\":\"unicode\"", meta.KeyValueMetadata["pandas"], StringComparison.Ordinal);
        }

        Assert.Equal(FrameCases.Canonical(df.Compute()), FrameCases.Canonical(Dd.ReadParquet(_dir["out"]).Compute()));
    }

    [Fact]
    public void Len_CountsRowsFromTheFooters_WithoutReadingAColumn()
    {
        Dd.FromArrow(ParquetCases.Numbers(20), npartitions: 2).ToParquet(_dir["out"], scheduler: "sync");
        string file = Path.Combine(_dir["out"], "part.1.parquet");
        byte[] bytes = File.ReadAllBytes(file);
        System.Array.Fill(bytes, (byte)0x5A, 4, 60); // the first data page, not the footer
        File.WriteAllBytes(file, bytes);
        DaskDataFrame df = Dd.ReadParquet(_dir["out"]);
        Assert.Equal(20L, df.Len().Compute());
        Assert.ThrowsAny<Exception>(() => df["x"].Sum().Compute()); // the data itself is unreadable
    }

    [Fact]
    public void SmallRowGroupsCombined_HoldExactlyTheRowsReadOneByOne_EveryTypeWithNulls()
    {
        // Six row groups of two rows; reading all columns but i64 combines them three at a time.
        string file = _dir["small-groups.parquet"];
        RecordBatch batch = ParquetCases.AllTypes();
        using (var writer = new FileWriter(file, batch.Schema, arrowProperties: new ArrowWriterPropertiesBuilder().StoreSchema().Build()))
        {
            writer.WriteRecordBatch(batch, chunkSize: 2);
            writer.Close();
        }

        string[] columns = ["t", "i32", "f32", "f64", "b", "s", "d", "tz"]; // bool and strings take the batch-by-batch path
        DaskDataFrame combined = Dd.ReadParquet(file, columns: columns);
        DaskDataFrame single;
        using (DaskConfig.Set("dataframe.parquet.minimum-partition-size", 0))
        {
            single = Dd.ReadParquet(file, columns: columns);
        }

        Assert.Equal(2, combined.NPartitions);
        Assert.Equal(6, single.NPartitions);
        Assert.Equal(FrameCases.Canonical(single.Compute("sync")), FrameCases.Canonical(combined.Compute("sync")));
        Partition first = ((DataFrames.IO.ReadParquet)combined.Plan).Read(0);
        Assert.Equal(6, first.Length);
        Assert.IsType<DictionaryArray>(first.Column("d"));
        Assert.Equal(ParquetCases.Paris.Timezone, ((TimestampType)first.Column("tz").Data.DataType).Timezone);
        Assert.Equal(FrameCases.Canonical(new LocalFrame(DataFrames.Kernels.Take.Concat([.. Enumerable.Range(0, 3).Select(((DataFrames.IO.ReadParquet)single.Plan).Read)]))), FrameCases.Canonical(new LocalFrame(first)));
    }

    private static IEnumerable<string> ToPairs(LocalFrame counts) =>
        counts.Values(counts.Index!).Zip(counts.Values("n"), (k, v) => $"{k}:{v}").Order(StringComparer.Ordinal);
}
