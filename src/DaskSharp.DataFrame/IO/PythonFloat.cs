using System.Globalization;

namespace DaskSharp.DataFrames.IO;

/// <summary>
/// Doubles as Python's <c>repr</c> writes them, which is what pandas' <c>to_csv</c> writes: the
/// shortest digits that read back to the same double (.NET's "R"), laid out as Python does —
/// fixed notation with at least one decimal ("123.0", "0.0001", "1000000000000000.0") while the
/// decimal exponent is in [-4, 16), else "1e-05", "1.5e+16". A whole float written as "123" would
/// read back as an integer column.
/// </summary>
internal static class PythonFloat
{
    /// <summary>The longest text written: sign, 17 digits, a point, "e-308".</summary>
    public const int MaxLength = 32;

    /// <summary>Writes <paramref name="value"/> into <paramref name="destination"/> (at least <see cref="MaxLength"/> long); NaN writes nothing (pandas' empty na_rep).</summary>
    public static int Format(double value, Span<char> destination)
    {
        if (double.IsNaN(value))
        {
            return 0;
        }

        if (double.IsInfinity(value))
        {
            return Copy(value > 0 ? "inf" : "-inf", destination);
        }

        if (value == 0)
        {
            return Copy(double.IsNegative(value) ? "-0.0" : "0.0", destination);
        }

        Span<char> r = stackalloc char[MaxLength];
        value.TryFormat(r, out int length, "R", CultureInfo.InvariantCulture);
        return Layout(r[..length], destination);
    }

    /// <summary>A float32 the same way (numpy's repr of a float32 is its own shortest digits).</summary>
    public static int Format(float value, Span<char> destination)
    {
        if (float.IsNaN(value) || float.IsInfinity(value) || value == 0)
        {
            return Format((double)value, destination);
        }

        Span<char> r = stackalloc char[MaxLength];
        value.TryFormat(r, out int length, "R", CultureInfo.InvariantCulture);
        return Layout(r[..length], destination);
    }

    /// <summary>Re-lays .NET's shortest round-trip text ("-1.5E-05", "123", "0.001") as Python's repr.</summary>
    private static int Layout(ReadOnlySpan<char> r, Span<char> destination)
    {
        Span<char> digits = stackalloc char[24];
        int count = 0, point = 0, i = 0;
        bool negative = r[0] == '-', fraction = false;
        if (negative)
        {
            i++;
        }

        // value = 0.d1d2d3… × 10^point (point is dtoa's "decpt").
        for (; i < r.Length; i++)
        {
            char c = r[i];
            if (c == '.')
            {
                fraction = true;
            }
            else if (c is 'E' or 'e')
            {
                point += int.Parse(r[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                break;
            }
            else if (count == 0 && c == '0')
            {
                point -= fraction ? 1 : 0; // leading zeros are not significant
            }
            else
            {
                digits[count++] = c;
                point += fraction ? 0 : 1;
            }
        }

        while (count > 1 && digits[count - 1] == '0')
        {
            count--;
        }

        int w = 0;
        if (negative)
        {
            destination[w++] = '-';
        }

        if (point <= -4 || point > 16)
        {
            destination[w++] = digits[0];
            if (count > 1)
            {
                destination[w++] = '.';
                digits[1..count].CopyTo(destination[w..]);
                w += count - 1;
            }

            int exponent = point - 1;
            destination[w++] = 'e';
            destination[w++] = exponent < 0 ? '-' : '+';
            exponent = Math.Abs(exponent);
            if (exponent < 10)
            {
                destination[w++] = '0';
            }

            exponent.TryFormat(destination[w..], out int n, default, CultureInfo.InvariantCulture);
            return w + n;
        }

        if (point <= 0)
        {
            destination[w++] = '0';
            destination[w++] = '.';
            destination.Slice(w, -point).Fill('0');
            w -= point;
            digits[..count].CopyTo(destination[w..]);
            return w + count;
        }

        if (point < count)
        {
            digits[..point].CopyTo(destination[w..]);
            w += point;
            destination[w++] = '.';
            digits[point..count].CopyTo(destination[w..]);
            return w + count - point;
        }

        digits[..count].CopyTo(destination[w..]);
        w += count;
        destination.Slice(w, point - count).Fill('0');
        w += point - count;
        destination[w++] = '.';
        destination[w++] = '0';
        return w;
    }

    private static int Copy(string text, Span<char> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
