using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>Rows picked by position (take) or by a mask (filter), for every column type a frame holds.</summary>
internal static class Take
{
    /// <summary>The rows where <paramref name="mask"/> is true (null counts as false, as pandas' boolean indexing).</summary>
    public static Partition Filter(Partition partition, BooleanArray mask)
    {
        if (mask.Length != partition.Length)
        {
            throw new ArgumentException($"The mask has {mask.Length} rows; the partition has {partition.Length}.", nameof(mask));
        }

        var rows = new List<int>(partition.Length);
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask.GetValue(i) == true)
            {
                rows.Add(i);
            }
        }

        return rows.Count == partition.Length ? partition : Rows(partition, [.. rows]);
    }

    /// <summary>The rows at <paramref name="rows"/>, in that order.</summary>
    public static Partition Rows(Partition partition, int[] rows)
    {
        IArrowArray[] columns = [.. partition.Batch.Arrays.Select(a => Column(a, rows))];
        return new Partition(new RecordBatch(partition.Batch.Schema, columns, rows.Length), partition.Index);
    }

    /// <summary>The values of <paramref name="array"/> at <paramref name="rows"/>; a negative row gives a null.</summary>
    public static IArrowArray Column(IArrowArray array, ReadOnlySpan<int> rows)
    {
        bool missing = false;
        foreach (int r in rows)
        {
            missing |= r < 0;
        }

        // Validity is worked out a row at a time only when something can be null.
        bool[] valid = array.NullCount == 0 && !missing ? [] : new bool[rows.Length];
        for (int i = 0; i < valid.Length; i++)
        {
            valid[i] = rows[i] >= 0 && ArrayBuild.IsValid(array, rows[i]);
        }

        if (missing)
        {
            // A group with no value (first/last of all-null rows) points nowhere: read row 0, masked.
            int[] clamped = rows.ToArray();
            for (int i = 0; i < clamped.Length; i++)
            {
                clamped[i] = Math.Max(0, clamped[i]);
            }

            rows = clamped;
        }

        (byte[]? bitmap, int nulls) = valid.Length == 0 ? (null, 0) : ArrayBuild.Validity(valid);
        switch (array)
        {
            case DoubleArray d: return ArrayBuild.Primitive(d.Data.DataType, Gather(d.Values, rows), rows.Length, bitmap, nulls);
            case Int64Array l: return ArrayBuild.Primitive(l.Data.DataType, Gather(l.Values, rows), rows.Length, bitmap, nulls);
            case Int32Array i32: return ArrayBuild.Primitive(i32.Data.DataType, Gather(i32.Values, rows), rows.Length, bitmap, nulls);
            case FloatArray f: return ArrayBuild.Primitive(f.Data.DataType, Gather(f.Values, rows), rows.Length, bitmap, nulls);
            case TimestampArray t: return ArrayBuild.Primitive(t.Data.DataType, Gather(t.Values, rows), rows.Length, bitmap, nulls);
            case BooleanArray b:
                var bools = new bool[rows.Length];
                for (int i = 0; i < rows.Length; i++)
                {
                    bools[i] = b.GetValue(rows[i]) == true;
                }

                return ArrayBuild.Boolean(bools, bitmap, nulls);
            case StringArray s:
                // Room for the picked rows at the column's mean width; the writer grows past it.
                var writer = new Utf8ColumnWriter(rows.Length, s.Length == 0 ? 0 : (int)Math.Min(int.MaxValue, (long)(s.ValueOffsets[s.Length] - s.ValueOffsets[0]) * rows.Length / s.Length));
                for (int i = 0; i < rows.Length; i++)
                {
                    if (valid.Length == 0 || valid[i])
                    {
                        writer.Append(s.GetBytes(rows[i]));
                    }
                    else
                    {
                        writer.AppendNull();
                    }
                }

                return writer.Build();
            case DictionaryArray dict:
                var codes = (Int32Array)ArrayBuild.Primitive(dict.Indices.Data.DataType, Gather(((Int32Array)dict.Indices).Values, rows), rows.Length, bitmap, nulls);
                return new DictionaryArray((DictionaryType)dict.Data.DataType, codes, dict.Dictionary);
            case ListArray list:
                return Lists(list, rows, bitmap, nulls);
            default:
                throw new NotSupportedException($"Rows of a {Dtype.Name(array.Data.DataType)} column cannot be taken yet.");
        }
    }

    // Each picked row's list, whole: new offsets, and the elements gathered from the values.
    private static ListArray Lists(ListArray list, ReadOnlySpan<int> rows, byte[]? bitmap, int nulls)
    {
        ReadOnlySpan<int> offsets = list.ValueOffsets;
        var newOffsets = new int[rows.Length + 1];
        for (int i = 0; i < rows.Length; i++)
        {
            newOffsets[i + 1] = newOffsets[i] + (offsets[rows[i] + 1] - offsets[rows[i]]);
        }

        var elements = new int[newOffsets[rows.Length]];
        for (int i = 0, at = 0; i < rows.Length; i++)
        {
            for (int e = offsets[rows[i]]; e < offsets[rows[i] + 1]; e++)
            {
                elements[at++] = e;
            }
        }

        return ArrayBuild.List(Column(list.Values, elements), newOffsets, bitmap, nulls);
    }

    private static T[] Gather<T>(ReadOnlySpan<T> values, ReadOnlySpan<int> rows)
        where T : unmanaged
    {
        var result = new T[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            result[i] = values[rows[i]];
        }

        return result;
    }

    /// <summary>The partitions one after the other (schemas must match).</summary>
    public static Partition Concat(IReadOnlyList<Partition> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 1)
        {
            return parts[0];
        }

        Partition first = parts[0];
        int total = parts.Sum(p => p.Length);
        var columns = new IArrowArray[first.Batch.ColumnCount];
        var fields = new Field[columns.Length];
        for (int c = 0; c < columns.Length; c++)
        {
            columns[c] = ConcatColumn([.. parts.Select(p => p.Batch.Column(c))], total);
            Field f = first.Batch.Schema.GetFieldByIndex(c);
            fields[c] = f.DataType.Equals(columns[c].Data.DataType) ? f : new Field(f.Name, columns[c].Data.DataType, f.IsNullable);
        }

        return new Partition(new RecordBatch(new Schema(fields, null), columns, total), first.Index);
    }

    /// <summary>One column's parts one after the other (<paramref name="total"/> rows in all), as <see cref="Concat"/> makes each column.</summary>
    internal static IArrowArray ConcatColumn(IArrowArray[] arrays, int total)
    {
        // Dictionary columns keep their codes when every part has the same words (a generator's
        // shared dictionary, also after a trip between processes), and are re-coded against the
        // union of their words when they differ (row groups of Parquet files); a column whose parts
        // are partly plain strings becomes strings.
        if (arrays.All(a => a is DictionaryArray))
        {
            var first = (DictionaryArray)arrays[0];
            if (arrays.All(a => SameWords((DictionaryArray)a, first)))
            {
                var codes = (Int32Array)ConcatColumn([.. arrays.Select(a => ((DictionaryArray)a).Indices)], total);
                return new DictionaryArray((DictionaryType)first.Data.DataType, codes, first.Dictionary);
            }

            if (arrays.All(a => ((DictionaryArray)a).Dictionary is StringArray))
            {
                return UnionOfWords([.. arrays.Cast<DictionaryArray>()], total);
            }
        }

        if (arrays.Any(a => a is DictionaryArray))
        {
            arrays = [.. arrays.Select(Decode)];
        }

        return arrays[0] switch
        {
            Int32Array => Values<int>(arrays, total),
            Int64Array => Values<long>(arrays, total),
            DoubleArray => Values<double>(arrays, total),
            FloatArray => Values<float>(arrays, total),
            TimestampArray => Values<long>(arrays, total),
            _ => ArrowArrayConcatenator.Concatenate(arrays),
        };
    }

    // Fixed-width values copied span by span into one array, validity bit by bit only where a part has nulls.
    private static IArrowArray Values<T>(IArrowArray[] arrays, int total)
        where T : unmanaged
    {
        T[] values = GC.AllocateUninitializedArray<T>(total); // every value is copied over
        byte[]? bitmap = null;
        int nulls = 0, at = 0;
        foreach (IArrowArray a in arrays)
        {
            if (!a.Data.DataType.Equals(arrays[0].Data.DataType))
            {
                return ArrowArrayConcatenator.Concatenate(arrays); // it says what does not match
            }

            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(a.Data.Buffers[1].Span).Slice(a.Offset, a.Length).CopyTo(values.AsSpan(at));
            nulls += Bitmaps.MarkNulls(ref bitmap, a, at, total);
            at += a.Length;
        }

        return ArrayBuild.Primitive(arrays[0].Data.DataType, values, total, bitmap, nulls);
    }

    // Each part's words get ids in one union (first seen first); its codes are mapped through them.
    private static DictionaryArray UnionOfWords(DictionaryArray[] parts, int total)
    {
        var union = new WordUnion();
        int[] codes = GC.AllocateUninitializedArray<int>(total);
        byte[]? bitmap = null;
        int nulls = 0, at = 0;
        foreach (DictionaryArray part in parts)
        {
            int[] idOfCode = union.Add((StringArray)part.Dictionary, copy: false);
            nulls += WordUnion.Recode(part, idOfCode, codes.AsSpan(at, part.Length), ref bitmap, at, total);
            at += part.Length;
        }

        var indices = (Int32Array)ArrayBuild.Primitive(Int32Type.Default, codes, total, bitmap, nulls);
        return new DictionaryArray((DictionaryType)parts[0].Data.DataType, indices, union.Words());
    }

    private static bool SameWords(DictionaryArray a, DictionaryArray b)
    {
        if (ReferenceEquals(a.Dictionary, b.Dictionary))
        {
            return true;
        }

        if (a.Dictionary is not StringArray x || b.Dictionary is not StringArray y || x.Length != y.Length)
        {
            return false;
        }

        for (int i = 0; i < x.Length; i++)
        {
            if (!x.GetBytes(i).SequenceEqual(y.GetBytes(i)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A dictionary-encoded string column as plain strings.</summary>
    public static IArrowArray Decode(IArrowArray array)
    {
        if (array is not DictionaryArray d)
        {
            return array;
        }

        var builder = new StringArray.Builder();
        for (int i = 0; i < d.Length; i++)
        {
            if (ArrayBuild.IsValid(d, i))
            {
                builder.Append(Text.Get(d, i));
            }
            else
            {
                builder.AppendNull();
            }
        }

        return builder.Build();
    }
}
