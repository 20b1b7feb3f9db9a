using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;
using Microsoft.Data.Analysis;
using MdaFrame = Microsoft.Data.Analysis.DataFrame;

namespace DaskSharp.DataFrames.Interop;

/// <summary>
/// Frames to and from Microsoft.Data.Analysis: int32, int64, float32, float64, bool, string and
/// naive datetime64[ns] columns map to Int32, Int64, Single, Double, Boolean, String and DateTime
/// DataFrameColumns, nulls to their nulls (a float NaN stays NaN). Values are copied: the other
/// library's buffers are its own (bytes for bools, managed strings).
/// </summary>
internal static class MicrosoftDataFrames
{
    private static readonly TimestampType s_naive = new(TimeUnit.Nanosecond, (string?)null);

    /// <summary>The partition's columns (the index first, as pandas' reset_index would put it) as a Microsoft.Data.Analysis frame.</summary>
    public static MdaFrame ToDataFrame(Partition data)
    {
        var columns = new List<DataFrameColumn>();
        RecordBatch batch = data.Batch;
        IEnumerable<int> order = Enumerable.Range(0, batch.ColumnCount).OrderBy(i => batch.Schema.GetFieldByIndex(i).Name == data.Index ? 0 : 1);
        foreach (int c in order)
        {
            columns.Add(Column(batch.Schema.GetFieldByIndex(c).Name, batch.Column(c)));
        }

        return new MdaFrame(columns);
    }

    /// <summary>A Microsoft.Data.Analysis frame's columns as one Arrow table.</summary>
    public static RecordBatch FromDataFrame(MdaFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int rows = checked((int)frame.Rows.Count);
        var arrays = new IArrowArray[frame.Columns.Count];
        var fields = new Field[arrays.Length];
        for (int c = 0; c < arrays.Length; c++)
        {
            DataFrameColumn column = frame.Columns[c];
            arrays[c] = Array(column);
            fields[c] = new Field(column.Name, arrays[c].Data.DataType, nullable: true);
        }

        return new RecordBatch(new Schema(fields, null), arrays, rows);
    }

    private static DataFrameColumn Column(string name, IArrowArray array) => array switch
    {
        Int32Array a => new Int32DataFrameColumn(name, Rows(a).Select(a.GetValue)),
        Int64Array a => new Int64DataFrameColumn(name, Rows(a).Select(a.GetValue)),
        FloatArray a => new SingleDataFrameColumn(name, Rows(a).Select(a.GetValue)),
        DoubleArray a => new DoubleDataFrameColumn(name, Rows(a).Select(a.GetValue)),
        BooleanArray a => new BooleanDataFrameColumn(name, Rows(a).Select(a.GetValue)),
        TimestampArray { Data.DataType: TimestampType { Timezone: null or "" } } a => new DateTimeDataFrameColumn(name, Rows(a).Select(i => (DateTime?)LocalFrame.Value(a, i))),
        StringArray or DictionaryArray => new StringDataFrameColumn(name, Enumerable.Range(0, array.Length).Select(i => ArrayBuild.IsValid(array, i) ? Text.Get(array, i) : null)),
        _ => throw new NotSupportedException($"Column '{name}' is {Dtype.Name(array.Data.DataType)}, which has no Microsoft.Data.Analysis column here; the supported dtypes are int32, int64, float32, float64, bool, string and datetime64[ns] (without a time zone)."),
    };

    private static IEnumerable<int> Rows(IArrowArray array) => Enumerable.Range(0, array.Length);

    private static IArrowArray Array(DataFrameColumn column) => column switch
    {
        Int32DataFrameColumn c => Primitive(c, Int32Type.Default, static v => v),
        Int64DataFrameColumn c => Primitive(c, Int64Type.Default, static v => v),
        SingleDataFrameColumn c => Primitive(c, FloatType.Default, static v => v),
        DoubleDataFrameColumn c => Primitive(c, DoubleType.Default, static v => v),
        DateTimeDataFrameColumn c => Primitive(c, s_naive, ClrTypes.Nanoseconds),
        BooleanDataFrameColumn c => Booleans(c),
        StringDataFrameColumn c => Strings(c),
        ArrowStringDataFrameColumn c => Strings(c),
        _ => throw new NotSupportedException($"Column '{column.Name}' is a {column.GetType().Name} ({column.DataType.Name}), which has no dtype here; the supported columns are Int32, Int64, Single, Double, Boolean, String, ArrowString and DateTime DataFrameColumns."),
    };

    private static IArrowArray Primitive<T, TStored>(PrimitiveDataFrameColumn<T> column, IArrowType type, Func<T, TStored> store)
        where T : unmanaged
        where TStored : unmanaged
    {
        var values = new TStored[column.Length];
        var valid = new bool[values.Length];
        int i = 0;
        foreach (T? v in column)
        {
            if (v is { } x)
            {
                values[i] = store(x);
                valid[i] = true;
            }

            i++;
        }

        (byte[]? bits, int nulls) = ArrayBuild.Validity(valid);
        return ArrayBuild.Primitive(type, values, values.Length, bits, nulls);
    }

    private static BooleanArray Booleans(BooleanDataFrameColumn column)
    {
        var values = new bool[column.Length];
        var valid = new bool[values.Length];
        int i = 0;
        foreach (bool? v in column)
        {
            values[i] = v == true;
            valid[i++] = v.HasValue;
        }

        (byte[]? bits, int nulls) = ArrayBuild.Validity(valid);
        return ArrayBuild.Boolean(values, bits, nulls);
    }

    private static StringArray Strings(IEnumerable<string?> column)
    {
        var strings = new StringArray.Builder();
        foreach (string? s in column)
        {
            if (s is null) { strings.AppendNull(); } else { strings.Append(s); }
        }

        return strings.Build();
    }
}
