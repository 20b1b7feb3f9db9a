using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// pandas' <c>shift(periods)</c> and <c>diff(periods)</c> along one column: row i takes row
/// i − periods (null where that row is outside the column). Columns keep their type, nulls marking
/// the missing rows (pandas' nullable dtypes; numpy-backed pandas makes a shifted int64 float64).
/// </summary>
internal static class ShiftKernels
{
    /// <summary>The source row of each row, −1 where there is none.</summary>
    private static int[] Sources(int rows, int periods)
    {
        var sources = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            long j = (long)i - periods;
            sources[i] = j >= 0 && j < rows ? (int)j : -1;
        }

        return sources;
    }

    /// <summary>The column moved down by <paramref name="periods"/> rows (up when negative).</summary>
    public static IArrowArray Shift(IArrowArray column, int periods) => Take.Column(column, Sources(column.Length, periods));

    /// <summary>The type <see cref="Diff"/> gives: int64 for integers, float64 for floats.</summary>
    public static IArrowType DiffType(IArrowType type) => Numeric.IsInteger(type) ? Int64Type.Default : DoubleType.Default;

    /// <summary>Each row minus the row <paramref name="periods"/> before it; null where either is missing (NaN too).</summary>
    public static IArrowArray Diff(IArrowArray column, int periods)
    {
        int n = column.Length;
        int[] sources = Sources(n, periods);
        var valid = new bool[n];
        if (Numeric.IsInteger(column.Data.DataType))
        {
            ReadOnlySpan<long> x = Numeric.Longs(column);
            var result = new long[n];
            for (int i = 0; i < n; i++)
            {
                int j = sources[i];
                valid[i] = j >= 0 && ArrayBuild.IsValid(column, i) && ArrayBuild.IsValid(column, j);
                result[i] = valid[i] ? unchecked(x[i] - x[j]) : 0;
            }

            (byte[]? bitmap, int nulls) = ArrayBuild.Validity(valid);
            return ArrayBuild.Primitive(Int64Type.Default, result, n, bitmap, nulls);
        }

        ReadOnlySpan<double> d = Numeric.Doubles(column);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            int j = sources[i];
            double v = j >= 0 && ArrayBuild.IsValid(column, i) && ArrayBuild.IsValid(column, j) ? d[i] - d[j] : double.NaN;
            valid[i] = !double.IsNaN(v);
            values[i] = valid[i] ? v : 0;
        }

        (byte[]? bits, int missing) = ArrayBuild.Validity(valid);
        return ArrayBuild.Primitive(DoubleType.Default, values, n, bits, missing);
    }
}
