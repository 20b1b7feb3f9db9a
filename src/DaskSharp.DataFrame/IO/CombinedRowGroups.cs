using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.IO;

/// <summary>
/// Several row groups read into one partition (<see cref="SmallRowGroups"/>) as they arrive, each
/// value copied once: fixed-width values straight from the reader's native buffers into the
/// partition's own arrays, dictionary codes re-coded against the union of the words as they are
/// copied. Columns of other types are made managed batch by batch and concatenated at the end.
/// A batch is given while the reader still holds its buffers; nothing here keeps them.
/// </summary>
internal sealed class CombinedRowGroups
{
    private readonly Schema _schema;
    private readonly int _total;
    private readonly Column[] _columns;
    private int _rows;

    public CombinedRowGroups(Schema schema, int totalRows)
    {
        _schema = schema;
        _total = totalRows;
        _columns = [.. schema.FieldsList.Select(_ => new Column())];
    }

    /// <summary>Adds a batch of the schema's columns, as read (native memory, any Arrow type the reader gives).</summary>
    public void Append(RecordBatch batch)
    {
        if (_rows + batch.Length > _total)
        {
            throw new InvalidDataException($"The row groups hold more than the {_total} rows their footers say.");
        }

        for (int c = 0; c < _columns.Length; c++)
        {
            _columns[c].Append(batch.Column(_schema.GetFieldByIndex(c).Name), _rows, _total);
        }

        _rows += batch.Length;
    }

    /// <summary>The partition's columns.</summary>
    public RecordBatch Build()
    {
        if (_rows != _total)
        {
            throw new InvalidDataException($"The row groups hold {_rows} rows; their footers say {_total}.");
        }

        IArrowArray[] arrays = [.. _columns.Select((c, i) => c.Build(_schema.GetFieldByIndex(i).DataType, _total))];
        var fields = _schema.FieldsList.Select((f, i) => f.DataType.Equals(arrays[i].Data.DataType) ? f : new Field(f.Name, arrays[i].Data.DataType, f.IsNullable));
        return new RecordBatch(new Schema(fields, null), arrays, _total);
    }

    private sealed class Column
    {
        private System.Array? _values; // long[], int[], double[], float[]: fixed-width values in place
        private int[]? _codes;         // dictionary codes against _words
        private WordUnion? _words;
        private byte[]? _validity;
        private int _nulls;
        private List<IArrowArray>? _managed; // any other type, made managed batch by batch

        public void Append(IArrowArray array, int at, int total)
        {
            switch (array)
            {
                case Int64Array a when _managed is null: Copy(a.Values, ref _values, at, total); break;
                case Int32Array a when _managed is null: Copy(a.Values, ref _values, at, total); break;
                case DoubleArray a when _managed is null: Copy(a.Values, ref _values, at, total); break;
                case FloatArray a when _managed is null: Copy(a.Values, ref _values, at, total); break;
                case TimestampArray a when _managed is null && ((TimestampType)a.Data.DataType).Unit == TimeUnit.Nanosecond: Copy(a.Values, ref _values, at, total); break;
                case DictionaryArray { Indices: Int32Array, Dictionary: StringArray words } d when _managed is null && _values is null:
                    _codes ??= GC.AllocateUninitializedArray<int>(total);
                    _words ??= new WordUnion();
                    _nulls += WordUnion.Recode(d, _words.Add(words, copy: true), _codes.AsSpan(at, d.Length), ref _validity, at, total); // the union outlives the reader's buffers
                    return;
                default:
                    if (_values is not null || _codes is not null)
                    {
                        throw new InvalidDataException($"A row group's column is {array.Data.DataType.Name}, another's was not.");
                    }

                    (_managed ??= []).Add(ParquetArrays.ToFrame(array));
                    return;
            }

            _nulls += Bitmaps.MarkNulls(ref _validity, array, at, total);
        }

        private static void Copy<T>(ReadOnlySpan<T> values, ref System.Array? into, int at, int total)
            where T : unmanaged
        {
            into ??= GC.AllocateUninitializedArray<T>(total); // every row is written by some batch
            values.CopyTo(((T[])into).AsSpan(at));
        }

        public IArrowArray Build(IArrowType type, int total)
        {
            if (_managed is not null)
            {
                return Take.ConcatColumn([.. _managed], total);
            }

            if (_codes is not null)
            {
                var indices = (Int32Array)ArrayBuild.Primitive(Int32Type.Default, _codes, total, _validity, _nulls);
                return new DictionaryArray(new DictionaryType(Int32Type.Default, StringType.Default, false), indices, _words!.Words());
            }

            return _values switch
            {
                long[] l => ArrayBuild.Primitive(type, l, total, _validity, _nulls),
                int[] i => ArrayBuild.Primitive(type, i, total, _validity, _nulls),
                double[] d => ArrayBuild.Primitive(type, d, total, _validity, _nulls),
                float[] f => ArrayBuild.Primitive(type, f, total, _validity, _nulls),
                _ => throw new InvalidOperationException("No row group gave this column any rows."),
            };
        }
    }
}
