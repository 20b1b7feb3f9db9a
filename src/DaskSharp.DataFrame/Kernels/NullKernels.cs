using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// Missing values, as pandas sees them: a null in any column, and NaN in a float column
/// (<c>isna</c>, <c>fillna</c>).
/// </summary>
internal static class NullKernels
{
    /// <summary>True where a row is missing (<paramref name="missing"/>) or present (not); never null itself.</summary>
    public static BooleanArray IsNa(IArrowArray array, bool missing)
    {
        int n = array.Length;
        var result = new bool[n];
        (byte[]? validity, _) = Bitmaps.Copy(array);
        switch (array)
        {
            case DoubleArray d:
                ReadOnlySpan<double> dv = d.Values;
                for (int i = 0; i < n; i++)
                {
                    result[i] = (!Bitmaps.Get(validity, i) || double.IsNaN(dv[i])) == missing;
                }

                break;
            case FloatArray f:
                ReadOnlySpan<float> fv = f.Values;
                for (int i = 0; i < n; i++)
                {
                    result[i] = (!Bitmaps.Get(validity, i) || float.IsNaN(fv[i])) == missing;
                }

                break;
            default:
                for (int i = 0; i < n; i++)
                {
                    result[i] = !Bitmaps.Get(validity, i) == missing;
                }

                break;
        }

        return ArrayBuild.Boolean(result, null, 0);
    }

    /// <summary>The type of <c>fillna(constant)</c> on a column of <paramref name="type"/>, or null when the constant does not fit it.</summary>
    public static IArrowType? FillType(IArrowType type, object constant) => (type, constant) switch
    {
        (Int32Type, long l) when l is >= int.MinValue and <= int.MaxValue => type,
        (Int32Type or Int64Type, long) => Int64Type.Default,
        (Int32Type or Int64Type, double) => DoubleType.Default, // pandas: an int column with NaN is float, and stays so
        (DoubleType or FloatType, long or double) => type,
        (_, string) when ColumnKernels.IsText(type) => StringType.Default,
        (BooleanType, bool) => type,
        (TimestampType, DateTime) => type,
        _ => null,
    };

    /// <summary>The column with every missing row set to <paramref name="constant"/>, as <paramref name="result"/> (<see cref="FillType"/>).</summary>
    public static IArrowArray FillNa(IArrowArray array, object constant, IArrowType result)
    {
        int n = array.Length;
        (byte[]? validity, _) = Bitmaps.Copy(array);
        switch (result)
        {
            case DoubleType:
            {
                double[] values = Numeric.Doubles(array).ToArray();
                double fill = Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture);
                for (int i = 0; i < n; i++)
                {
                    if (!Bitmaps.Get(validity, i) || double.IsNaN(values[i]))
                    {
                        values[i] = fill;
                    }
                }

                return ArrayBuild.Primitive(DoubleType.Default, values, n, null, 0);
            }

            case FloatType:
            {
                float[] values = ((FloatArray)array).Values.ToArray();
                float fill = (float)Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture);
                for (int i = 0; i < n; i++)
                {
                    if (!Bitmaps.Get(validity, i) || float.IsNaN(values[i]))
                    {
                        values[i] = fill;
                    }
                }

                return ArrayBuild.Primitive(FloatType.Default, values, n, null, 0);
            }

            case Int32Type:
                return FillWhereNull(((Int32Array)array).Values.ToArray(), validity, (int)(long)constant, result, n);
            case Int64Type:
                return FillWhereNull(Numeric.Longs(array).ToArray(), validity, (long)constant, result, n);
            case TimestampType t:
                return FillWhereNull(Numeric.Longs(array).ToArray(), validity, Timestamps.FromDateTime((DateTime)constant, t), result, n);
            case BooleanType:
            {
                var b = (BooleanArray)array;
                bool fill = (bool)constant;
                var values = new bool[n];
                for (int i = 0; i < n; i++)
                {
                    values[i] = Bitmaps.Get(validity, i) ? b.GetValue(i) == true : fill;
                }

                return ArrayBuild.Boolean(values, null, 0);
            }

            default:
            {
                var text = new Utf8Column(array);
                byte[] fill = System.Text.Encoding.UTF8.GetBytes((string)constant);
                var writer = new Utf8ColumnWriter(n, n * 8);
                for (int i = 0; i < n; i++)
                {
                    writer.Append(Bitmaps.Get(validity, i) ? text[i] : fill);
                }

                return writer.Build();
            }
        }
    }

    private static IArrowArray FillWhereNull<T>(T[] values, byte[]? validity, T fill, IArrowType type, int n)
        where T : unmanaged
    {
        if (validity is not null)
        {
            for (int i = 0; i < n; i++)
            {
                if (!Bitmaps.Get(validity, i))
                {
                    values[i] = fill;
                }
            }
        }

        return ArrayBuild.Primitive(type, values, n, null, 0);
    }
}
