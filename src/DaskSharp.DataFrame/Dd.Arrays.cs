using System.Globalization;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames;

/// <summary>Frames from lazy arrays.</summary>
public static partial class Dd
{
    /// <summary>
    /// A frame over a 1-d (one column) or 2-d (a column per array column) array, as Dask's
    /// <c>from_dask_array</c>: partition i is the array's row chunk i, made lazily from its blocks;
    /// with known chunks the divisions are known (each chunk's first row, and the last row).
    /// Element types double, float, long, int and bool become float64, float32, int64, int32 and
    /// bool columns; <paramref name="columns"/> names them ("0", "1", … by default).
    /// </summary>
    /// <exception cref="ArgumentException">the array is not 1-d or 2-d, or the names do not match its columns.</exception>
    /// <exception cref="NotSupportedException">the element type has no column type.</exception>
    public static DaskDataFrame FromDaskArray<T>(DaskArray<T> array, IReadOnlyList<string>? columns = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Rank is not (1 or 2))
        {
            throw new ArgumentException($"FromDaskArray takes a 1-d or 2-d array; this one is {array.Rank}-d (shape {array.Chunks.ShapeText()}).", nameof(array));
        }

        _ = Interop.ArrayColumns.ArrowType<T>();
        long width = array.Rank == 1 ? 1 : array.Shape[1];
        if (width < 0)
        {
            throw new ArgumentException($"The array's number of columns is unknown (shape {array.Chunks.ShapeText()}); compute its chunk sizes first.", nameof(array));
        }

        string[] names = columns is null ? [.. Enumerable.Range(0, (int)width).Select(i => i.ToString(CultureInfo.InvariantCulture))] : [.. columns];
        if (names.Length != width)
        {
            throw new ArgumentException($"{names.Length} column names were given for an array of {width} column{(width == 1 ? string.Empty : "s")} (shape {array.Chunks.ShapeText()}).", nameof(columns));
        }

        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            throw new ArgumentException($"The column names repeat: {string.Join(", ", names)}.", nameof(columns));
        }

        return new DaskDataFrame(new FromArray<T>(array, names));
    }
}
