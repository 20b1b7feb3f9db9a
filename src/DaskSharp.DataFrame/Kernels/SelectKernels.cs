using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// Row by row, a column's value or another (pandas' <c>where</c> and <c>mask</c>): the other is a
/// column, a constant, or missing (a null row).
/// </summary>
internal static class SelectKernels
{
    /// <summary>The type of choosing between a column of <paramref name="self"/> and one of <paramref name="other"/> (null: a null), or null when they do not mix.</summary>
    public static IArrowType? ResultType(IArrowType self, IArrowType? other)
    {
        if (other is null)
        {
            return ColumnKernels.IsText(self) ? StringType.Default : self;
        }

        if (Numeric.IsNumeric(self) && Numeric.IsNumeric(other))
        {
            return self.TypeId == other.TypeId ? self : Numeric.IsInteger(self) && Numeric.IsInteger(other) ? Int64Type.Default : DoubleType.Default;
        }

        return (self, other) switch
        {
            _ when ColumnKernels.IsText(self) && ColumnKernels.IsText(other) => StringType.Default,
            (BooleanType, BooleanType) => self,
            (TimestampType a, TimestampType b) when a.Unit == b.Unit && a.Timezone == b.Timezone => self,
            _ => null,
        };
    }

    /// <summary>
    /// <paramref name="self"/> where <paramref name="condition"/> is <paramref name="keepWhen"/>, else
    /// <paramref name="other"/>'s row (or <paramref name="constant"/>, or null when both are null); a
    /// null condition takes the other, as pandas fills it before choosing.
    /// </summary>
    public static IArrowArray Choose(IArrowArray self, BooleanArray condition, bool keepWhen, IArrowArray? other, object? constant, IArrowType result)
    {
        int n = self.Length;
        var keep = new bool[n];
        for (int i = 0; i < n; i++)
        {
            keep[i] = condition.GetValue(i) == keepWhen;
        }

        (byte[]? selfValid, _) = Bitmaps.Copy(self);
        byte[]? otherValid = other is not null ? Bitmaps.Copy(other).Bitmap : null;
        bool otherNull = other is null && constant is null;
        byte[] valid = Bitmaps.AllValid(n);
        for (int i = 0; i < n; i++)
        {
            if (keep[i] ? !Bitmaps.Get(selfValid, i) : otherNull || !Bitmaps.Get(otherValid, i))
            {
                Bitmaps.Clear(valid, i);
            }
        }

        (byte[]? validity, int nulls) = Bitmaps.Counted(valid, n);
        switch (result)
        {
            case DoubleType:
                return Pick(keep, Numeric.Doubles(self), other is null ? default : Numeric.Doubles(other), ToDouble(constant), other is null, result, validity, nulls);
            case FloatType:
                return Pick(keep, ((FloatArray)self).Values, other is null ? default : ((FloatArray)other).Values, (float)ToDouble(constant), other is null, result, validity, nulls);
            case Int32Type:
                return Pick(keep, ((Int32Array)self).Values, other is null ? default : ((Int32Array)other).Values, constant is long c32 ? (int)c32 : 0, other is null, result, validity, nulls);
            case Int64Type:
                return Pick(keep, Numeric.Longs(self), other is null ? default : Numeric.Longs(other), constant is long c64 ? c64 : 0, other is null, result, validity, nulls);
            case TimestampType t:
                return Pick(keep, Numeric.Longs(self), other is null ? default : Numeric.Longs(other), constant is DateTime d ? Timestamps.FromDateTime(d, t) : 0, other is null, result, validity, nulls);
            case BooleanType:
            {
                var a = (BooleanArray)self;
                var b = other as BooleanArray;
                bool c = constant is true;
                var values = new bool[n];
                for (int i = 0; i < n; i++)
                {
                    values[i] = keep[i] ? a.GetValue(i) == true : b is null ? c : b.GetValue(i) == true;
                }

                return ArrayBuild.Boolean(values, validity, nulls);
            }

            default:
                return PickText(keep, self, other, constant as string, validity);
        }
    }

    private static double ToDouble(object? constant) => constant is null ? 0 : Convert.ToDouble(constant, CultureInfo.InvariantCulture);

    private static IArrowArray Pick<T>(bool[] keep, ReadOnlySpan<T> a, ReadOnlySpan<T> b, T constant, bool scalar, IArrowType type, byte[]? validity, int nulls)
        where T : unmanaged
    {
        var values = new T[keep.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = keep[i] ? a[i] : scalar ? constant : b[i];
        }

        return ArrayBuild.Primitive(type, values, values.Length, validity, nulls);
    }

    private static StringArray PickText(bool[] keep, IArrowArray self, IArrowArray? other, string? constant, byte[]? validity)
    {
        var a = new Utf8Column(self);
        Utf8Column b = other is null ? default : new Utf8Column(other);
        byte[] c = constant is null ? [] : System.Text.Encoding.UTF8.GetBytes(constant);
        var writer = new Utf8ColumnWriter(keep.Length, keep.Length * 8);
        for (int i = 0; i < keep.Length; i++)
        {
            if (!Bitmaps.Get(validity, i))
            {
                writer.AppendNull();
            }
            else
            {
                writer.Append(keep[i] ? a[i] : other is null ? c : b[i]);
            }
        }

        return writer.Build();
    }
}
