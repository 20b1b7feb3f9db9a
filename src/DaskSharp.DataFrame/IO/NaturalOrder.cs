namespace DaskSharp.DataFrames.IO;

/// <summary>Names compared with runs of digits as numbers (Dask's <c>natural_sort_key</c>): part.2 before part.10.</summary>
internal sealed class NaturalOrder : IComparer<string>
{
    public static readonly NaturalOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                int si = i, sj = j;
                while (i < x.Length && char.IsAsciiDigit(x[i]))
                {
                    i++;
                }

                while (j < y.Length && char.IsAsciiDigit(y[j]))
                {
                    j++;
                }

                ReadOnlySpan<char> a = x.AsSpan(si, i - si).TrimStart('0'), b = y.AsSpan(sj, j - sj).TrimStart('0');
                int order = a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.CompareTo(b, StringComparison.Ordinal);
                if (order != 0)
                {
                    return order;
                }
            }
            else
            {
                int order = x[i].CompareTo(y[j]);
                if (order != 0)
                {
                    return order;
                }

                i++;
                j++;
            }
        }

        return (x.Length - i).CompareTo(y.Length - j) is var rest && rest != 0 ? rest : string.CompareOrdinal(x, y);
    }
}
