using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.Arrays;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Interop;

/// <summary>
/// Array blocks to partitions and back (<c>Dd.FromDaskArray</c>, <c>ToDaskArray</c>): element
/// types double, float, long, int and bool are float64, float32, int64, int32 and bool columns.
/// A column becomes array values when its dtype converts without changing kind: integers widen
/// (and go to double), float32 goes to double; nulls become NaN in a float array and are an error
/// in any other (NumPy has no missing integer, as pandas' to_numpy says).
/// </summary>
internal static class ArrayColumns
{
    /// <summary>The column type for arrays of <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException">for other element types.</exception>
    public static IArrowType ArrowType<T>()
        where T : unmanaged => typeof(T) switch
        {
            var t when t == typeof(double) => DoubleType.Default,
            var t when t == typeof(float) => FloatType.Default,
            var t when t == typeof(long) => Int64Type.Default,
            var t when t == typeof(int) => Int32Type.Default,
            var t when t == typeof(bool) => BooleanType.Default,
            _ => throw new NotSupportedException($"Arrays of {Dtype<T>()} have no column type; frames take arrays of float64, float32, int64, int32 and bool."),
        };

    /// <summary>True when a column of <paramref name="type"/> converts to array elements of <typeparamref name="T"/>.</summary>
    public static bool Converts<T>(IArrowType type)
        where T : unmanaged => type switch
        {
            DoubleType => typeof(T) == typeof(double),
            FloatType => typeof(T) == typeof(double) || typeof(T) == typeof(float),
            Int64Type => typeof(T) == typeof(double) || typeof(T) == typeof(long),
            Int32Type => typeof(T) == typeof(double) || typeof(T) == typeof(long) || typeof(T) == typeof(int),
            BooleanType => typeof(T) == typeof(bool),
            _ => false,
        };

    /// <summary>NumPy's name of <typeparamref name="T"/>.</summary>
    public static string Dtype<T>()
        where T : unmanaged => Arrays.Dtype.NameOf(typeof(T));

    /// <summary>Task: one partition of <paramref name="columns"/> from a row of blocks (the column blocks of one row chunk, left to right).</summary>
    public static Partition FromBlocks<T>(string[] columns, NDArray<T>[] blocks)
        where T : unmanaged
    {
        int rows = blocks[0].Rank == 0 ? 1 : blocks[0].Shape[0];
        IArrowType type = ArrowType<T>();
        var arrays = new IArrowArray[columns.Length];
        int c = 0;
        foreach (NDArray<T> block in blocks)
        {
            ReadOnlySpan<T> values = block.AsContiguous().AsSpan();
            int width = block.Rank == 2 ? block.Shape[1] : 1;
            for (int j = 0; j < width; j++, c++)
            {
                var column = new T[rows];
                for (int r = 0; r < rows; r++)
                {
                    column[r] = values[(r * width) + j];
                }

                arrays[c] = typeof(T) == typeof(bool)
                    ? ArrayBuild.Boolean(MemoryMarshal.Cast<T, bool>(column.AsSpan()), null, 0)
                    : ArrayBuild.Primitive(type, column, rows, null, 0);
            }
        }

        var schema = new Schema([.. columns.Select(n => new Field(n, type, nullable: true))], null);
        return new Partition(new RecordBatch(schema, arrays, rows));
    }

    /// <summary>Task: a partition's <paramref name="columns"/> as one block, (rows, columns) or, for <paramref name="rank"/> 1, (rows).</summary>
    public static NDArray<T> ToBlock<T>(string[] columns, long rows, int rank, Partition partition)
        where T : unmanaged
    {
        if (partition.Length != rows)
        {
            throw new InvalidOperationException($"A partition has {partition.Length} rows, but {rows} were counted for it before: the frame's source did not give the same rows twice.");
        }

        int n = (int)rows, width = columns.Length;
        NDArray<T> block = rank == 1 ? new NDArray<T>(n) : new NDArray<T>(n, width);
        Span<T> values = block.AsSpan();
        for (int c = 0; c < width; c++)
        {
            Fill(columns[c], partition.Column(columns[c]), values, c, width);
        }

        return block;
    }

    /// <summary>Task: a partition's row count.</summary>
    public static long Length(Partition partition) => partition.Length;

    private static void Fill<T>(string name, IArrowArray column, Span<T> values, int offset, int stride)
        where T : unmanaged
    {
        // One type test a column; (T)(object)x is no box once the JIT knows T is x's type.
        switch (column)
        {
            case DoubleArray d:
                Copy(name, column, d.Values, values, offset, stride, static v => (T)(object)v);
                break;
            case FloatArray f when typeof(T) == typeof(double):
                Copy(name, column, f.Values, values, offset, stride, static v => (T)(object)(double)v);
                break;
            case FloatArray f:
                Copy(name, column, f.Values, values, offset, stride, static v => (T)(object)v);
                break;
            case Int64Array l when typeof(T) == typeof(double):
                Copy(name, column, l.Values, values, offset, stride, static v => (T)(object)(double)v);
                break;
            case Int64Array l:
                Copy(name, column, l.Values, values, offset, stride, static v => (T)(object)v);
                break;
            case Int32Array i when typeof(T) == typeof(double):
                Copy(name, column, i.Values, values, offset, stride, static v => (T)(object)(double)v);
                break;
            case Int32Array i when typeof(T) == typeof(long):
                Copy(name, column, i.Values, values, offset, stride, static v => (T)(object)(long)v);
                break;
            case Int32Array i:
                Copy(name, column, i.Values, values, offset, stride, static v => (T)(object)v);
                break;
            case BooleanArray b:
                for (int r = 0; r < b.Length; r++)
                {
                    values[(r * stride) + offset] = (T)(object)(b.GetValue(r) ?? throw Missing<T>(name, r));
                }

                break;
            default:
                throw new InvalidOperationException($"Column '{name}' ({DataFrames.Dtype.Name(column.Data.DataType)}) does not convert to {Dtype<T>()}.");
        }
    }

    private static void Copy<TIn, T>(string name, IArrowArray column, ReadOnlySpan<TIn> source, Span<T> values, int offset, int stride, Func<TIn, T> convert)
        where TIn : unmanaged
        where T : unmanaged
    {
        T missing = typeof(T) == typeof(double) ? (T)(object)double.NaN : typeof(T) == typeof(float) ? (T)(object)float.NaN : default;
        bool takesNaN = typeof(T) == typeof(double) || typeof(T) == typeof(float);
        for (int r = 0; r < source.Length; r++)
        {
            if (ArrayBuild.IsValid(column, r))
            {
                values[(r * stride) + offset] = convert(source[r]);
            }
            else
            {
                values[(r * stride) + offset] = takesNaN ? missing : throw Missing<T>(name, r);
            }
        }
    }

    private static InvalidOperationException Missing<T>(string name, int row)
        where T : unmanaged =>
        new($"Column '{name}' is null in row {row} of its partition; an array of {Dtype<T>()} cannot hold a missing value (use double, which takes it as NaN).");
}
