using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Frames and datasets the Parquet tests write and read, in temporary directories that are deleted afterwards.</summary>
internal static class ParquetCases
{
    public static readonly TimestampType Naive = new(TimeUnit.Nanosecond, (string?)null);
    public static readonly TimestampType Paris = new(TimeUnit.Nanosecond, "Europe/Paris");

    /// <summary>12 rows of every type a frame holds, nulls in every data column, a timestamp index.</summary>
    public static RecordBatch AllTypes()
    {
        var t = new TimestampArray.Builder(Naive);
        var i32 = new Int32Array.Builder();
        var i64 = new Int64Array.Builder();
        var f32 = new FloatArray.Builder();
        var f64 = new DoubleArray.Builder();
        var b = new BooleanArray.Builder();
        var s = new StringArray.Builder();
        var codes = new Int32Array.Builder();
        var tz = new TimestampArray.Builder(Paris);
        string?[] words = ["a", "é", null, "", "bb", "a", "zz", null, "c", "a", "é", "q"];
        for (int r = 0; r < 12; r++)
        {
            t.Append(new DateTimeOffset(2000, 1, 1, r, 0, 0, TimeSpan.Zero).AddTicks(r)); // sub-microsecond ticks survive
            bool nulls = r % 4 == 2;
            if (nulls)
            {
                i32.AppendNull();
                i64.AppendNull();
                f32.AppendNull();
                f64.AppendNull();
                b.AppendNull();
                codes.AppendNull();
                tz.AppendNull();
            }
            else
            {
                i32.Append((r * 7) - 20);
                i64.Append((r * 1_000_000_007L) - 3);
                f32.Append(r / 4f);
                f64.Append(r == 5 ? double.NaN : (r * 0.1) - 0.5);
                b.Append(r % 3 == 0);
                codes.Append(r % 3);
                tz.Append(new DateTimeOffset(2020, 3, 29, r % 5, 30, 0, TimeSpan.Zero));
            }

            if (words[r] is { } w)
            {
                s.Append(w);
            }
            else
            {
                s.AppendNull();
            }
        }

        var dictionary = new DictionaryArray(new DictionaryType(Int32Type.Default, StringType.Default, false), codes.Build(), new StringArray.Builder().AppendRange(["red", "green", "blue"]).Build());
        IArrowArray[] arrays = [t.Build(), i32.Build(), i64.Build(), f32.Build(), f64.Build(), b.Build(), s.Build(), dictionary, tz.Build()];
        string[] names = ["t", "i32", "i64", "f32", "f64", "b", "s", "d", "tz"];
        var schema = new Schema([.. names.Select((n, i) => new Field(n, arrays[i].Data.DataType, nullable: true))], null);
        return new RecordBatch(schema, arrays, 12);
    }

    /// <summary>(x, y, g): x = 0..rows-1 in order, y = x * 0.5, g = "g" + x % 3.</summary>
    public static RecordBatch Numbers(int rows)
    {
        var x = new Int64Array.Builder();
        var y = new DoubleArray.Builder();
        var g = new StringArray.Builder();
        for (int r = 0; r < rows; r++)
        {
            x.Append(r);
            y.Append(r * 0.5);
            g.Append("g" + (r % 3));
        }

        var schema = new Schema([new Field("x", Int64Type.Default, true), new Field("y", DoubleType.Default, true), new Field("g", StringType.Default, true)], null);
        return new RecordBatch(schema, [x.Build(), y.Build(), g.Build()], rows);
    }

    /// <summary>The expected Dtypes of <see cref="AllTypes"/>.</summary>
    public static readonly (string, string)[] AllTypesDtypes =
    [
        ("i32", "int32"), ("i64", "int64"), ("f32", "float32"), ("f64", "float64"), ("b", "bool"), ("s", "string"), ("d", "string"), ("tz", "datetime64[ns, Europe/Paris]"),
    ];

    /// <summary>
    /// Files of text written by ParquetSharp's column writer, plain strings in its schema: <c>word</c>
    /// from 40 words (a null every 7th row), dictionary-encoded in small chunks; <c>id</c> unique
    /// per row (dictionary-encoded too, but its dictionary is as large as its values); <c>plain</c>
    /// from 3 words without a dictionary; <c>n</c> the row number. Each file has 2 row groups of
    /// <paramref name="rowsPerGroup"/> rows; each row group's words first appear in another order.
    /// </summary>
    public static string[] Words(string dir, int files, int rowsPerGroup)
    {
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        long row = 0;
        for (int f = 0; f < files; f++)
        {
            string file = System.IO.Path.Combine(dir, $"words.{f}.parquet");
            ParquetSharp.Column[] columns = [new ParquetSharp.Column<string>("word"), new ParquetSharp.Column<string>("id"), new ParquetSharp.Column<string>("plain"), new ParquetSharp.Column<long>("n")];
            using (var properties = new ParquetSharp.WriterPropertiesBuilder().DisableDictionary("plain").Build())
            using (var writer = new ParquetSharp.ParquetFileWriter(file, columns, properties))
            {
                for (int g = 0; g < 2; g++)
                {
                    var word = new string?[rowsPerGroup];
                    var id = new string[rowsPerGroup];
                    var plain = new string[rowsPerGroup];
                    var n = new long[rowsPerGroup];
                    for (int i = 0; i < rowsPerGroup; i++, row++)
                    {
                        word[i] = row % 7 == 3 ? null : Word(row, (f * 2) + g);
                        id[i] = $"row{row:D8}";
                        plain[i] = "abc"[(int)(row % 3)].ToString();
                        n[i] = row;
                    }

                    using ParquetSharp.RowGroupWriter group = writer.AppendRowGroup();
                    Column(group, word);
                    Column(group, id);
                    Column(group, plain);
                    Column(group, n);
                }

                writer.Close();
            }

            written.Add(file);
        }

        return [.. written];

        static void Column<T>(ParquetSharp.RowGroupWriter group, T[] values)
        {
            using ParquetSharp.ColumnWriter column = group.NextColumn();
            using ParquetSharp.LogicalColumnWriter<T> logical = column.LogicalWriter<T>();
            logical.WriteBatch(values);
        }
    }

    /// <summary>The word of <see cref="Words"/> at a row of a row group (null rows aside).</summary>
    public static string Word(long row, int group) => $"w{(row * 17 + group * 11) % 40:D2}";
}

/// <summary>A directory under the temporary folder, deleted with everything in it.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dasksharp-parquet-" + Guid.NewGuid().ToString("N")[..12]);

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
