using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// The bytes a partition's rows take (Dask's <c>memory_usage(deep=True)</c>, for Repartition by
/// size): a slice counts only its own rows, not the parent buffers it shares, so a partition
/// measures the same in the process that sliced it and on a worker that received it compacted.
/// </summary>
internal static class RowBytes
{
    /// <summary>The bytes of <paramref name="partition"/>'s rows, every column and the index.</summary>
    public static long Of(Partition partition)
    {
        long total = 0;
        foreach (IArrowArray a in partition.Batch.Arrays)
        {
            total += Of(a.Data);
        }

        return total;
    }

    private static long Of(ArrayData data)
    {
        if (data.Length == 0)
        {
            return 0;
        }

        long validity = data.NullCount > 0 ? (data.Length + 7) / 8 : 0;
        switch (data.DataType)
        {
            case DictionaryType d:
                // The codes per row, and the dictionary whole: every slice of the column carries it.
                return validity + Width(d.IndexType, data.Length) + (data.Dictionary is null ? 0 : Of(data.Dictionary));
            case StringType or BinaryType:
            {
                ReadOnlySpan<int> offsets = data.Buffers[1].Span.CastTo<int>().Slice(data.Offset, data.Length + 1);
                return validity + (4L * (data.Length + 1)) + (offsets[^1] - offsets[0]);
            }

            case FixedWidthType f:
                return validity + Width(f, data.Length);
            default:
                // Nested types are not frame columns; count what they hold.
                return data.Buffers.Sum(b => (long)b.Length) + (data.Children ?? []).Sum(Of);
        }
    }

    private static long Width(IArrowType type, int rows) => type is FixedWidthType f ? ((long)f.BitWidth * rows + 7) / 8 : 0;
}
