using System.Globalization;
using System.Text;

namespace DaskSharp.Arrays;

/// <summary>NumPy-style text for small arrays: <c>array([[1., 2.], [3., 4.]])</c>, elided past 1000 elements.</summary>
internal static class NDArrayFormat
{
    private const int Threshold = 1000;
    private const int EdgeItems = 3;

    public static string Format<T>(NDArray<T> a)
        where T : unmanaged
    {
        var sb = new StringBuilder("array(");
        bool elide = a.Size > Threshold;
        if (a.Rank == 0)
        {
            sb.Append(Element(a.Item()));
        }
        else
        {
            Append(sb, a, new int[a.Rank], 0, elide, indent: 7);
        }

        if (typeof(T) != typeof(double) && typeof(T) != typeof(long) && typeof(T) != typeof(bool))
        {
            sb.Append(", dtype=").Append(Dtype.NameOf(typeof(T)));
        }

        return sb.Append(')').ToString();
    }

    private static void Append<T>(StringBuilder sb, NDArray<T> a, int[] index, int axis, bool elide, int indent)
        where T : unmanaged
    {
        sb.Append('[');
        int n = a.Shape[axis];
        for (int i = 0; i < n; i++)
        {
            if (elide && n > 2 * EdgeItems && i == EdgeItems)
            {
                sb.Append(axis == a.Rank - 1 ? "..., " : "...,\n" + new string(' ', indent + axis));
                i = n - EdgeItems;
            }

            index[axis] = i;
            if (axis == a.Rank - 1)
            {
                sb.Append(Element(a[index]));
            }
            else
            {
                Append(sb, a, index, axis + 1, elide, indent);
            }

            if (i < n - 1)
            {
                sb.Append(axis == a.Rank - 1 ? ", " : ",\n" + new string('\n', a.Rank - axis - 2) + new string(' ', indent + axis));
            }
        }

        sb.Append(']');
    }

    private static string Element<T>(T value)
        where T : unmanaged => value switch
    {
        double d => FormatFloat(d),
        float f => FormatFloat(f),
        bool b => b ? "True" : "False",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };

    private static string FormatFloat(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }

        string s = d.ToString("0.########", CultureInfo.InvariantCulture);
        return s.Contains('.', StringComparison.Ordinal) ? s : s + ".";
    }
}
