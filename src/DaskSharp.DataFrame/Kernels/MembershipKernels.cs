using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// pandas' <c>between</c> and <c>isin</c>: plain bool columns, false (not null) for a missing row,
/// as pandas gives for NaN.
/// </summary>
internal static class MembershipKernels
{
    /// <summary>Whether each row lies between <paramref name="left"/> and <paramref name="right"/>, each end included or not.</summary>
    public static BooleanArray Between(IArrowArray array, object left, object right, bool includeLeft, bool includeRight)
    {
        int n = array.Length;
        var result = new bool[n];
        (byte[]? validity, _) = Bitmaps.Copy(array);
        IArrowType type = array.Data.DataType;
        if (ColumnKernels.IsText(type))
        {
            byte[] lo = Encoding.UTF8.GetBytes((string)left), hi = Encoding.UTF8.GetBytes((string)right);
            var text = new Utf8Column(array);
            for (int i = 0; i < n; i++)
            {
                if (!Bitmaps.Get(validity, i))
                {
                    continue; // a null row's code may point anywhere
                }

                // Ordinal order of UTF-8 bytes is the order of code points (Python's string order).
                int a = text[i].SequenceCompareTo(lo), b = text[i].SequenceCompareTo(hi);
                result[i] = (includeLeft ? a >= 0 : a > 0) && (includeRight ? b <= 0 : b < 0);
            }
        }
        else if (type is TimestampType t)
        {
            Within(Numeric.Longs(array), Timestamps.FromDateTime((DateTime)left, t), Timestamps.FromDateTime((DateTime)right, t), includeLeft, includeRight, validity, result);
        }
        else if (Numeric.IsInteger(type) && left is long l && right is long r)
        {
            Within(Numeric.Longs(array), l, r, includeLeft, includeRight, validity, result);
        }
        else
        {
            Within(Numeric.Doubles(array), Convert.ToDouble(left, System.Globalization.CultureInfo.InvariantCulture), Convert.ToDouble(right, System.Globalization.CultureInfo.InvariantCulture), includeLeft, includeRight, validity, result);
        }

        return ArrayBuild.Boolean(result, null, 0);
    }

    private static void Within<T>(ReadOnlySpan<T> values, T lo, T hi, bool includeLeft, bool includeRight, byte[]? validity, Span<bool> result)
        where T : System.Numerics.INumber<T>
    {
        for (int i = 0; i < result.Length; i++)
        {
            T x = values[i];
            result[i] = Bitmaps.Get(validity, i) && (includeLeft ? x >= lo : x > lo) && (includeRight ? x <= hi : x < hi);
        }
    }

    /// <summary>Whether each row equals one of <paramref name="values"/> (numbers, strings or bools, already checked to fit the column).</summary>
    public static BooleanArray IsIn(IArrowArray array, IReadOnlyList<object> values)
    {
        int n = array.Length;
        var result = new bool[n];
        (byte[]? validity, _) = Bitmaps.Copy(array);
        IArrowType type = array.Data.DataType;
        if (ColumnKernels.IsText(type))
        {
            var set = new Utf8Set(values);
            if (array is DictionaryArray { Indices: Int32Array codes } dict)
            {
                // Test each dictionary word once, then look the rows' codes up.
                var words = new Utf8Column(dict.Dictionary);
                var hit = new bool[words.Length];
                for (int w = 0; w < hit.Length; w++)
                {
                    hit[w] = set.Contains(words[w]);
                }

                ReadOnlySpan<int> code = codes.Values;
                for (int i = 0; i < n; i++)
                {
                    result[i] = Bitmaps.Get(validity, i) && hit[code[i]];
                }
            }
            else
            {
                var text = new Utf8Column(array);
                for (int i = 0; i < n; i++)
                {
                    result[i] = Bitmaps.Get(validity, i) && set.Contains(text[i]);
                }
            }
        }
        else if (type is BooleanType)
        {
            bool anyTrue = false, anyFalse = false;
            foreach (object v in values)
            {
                anyTrue |= v is true;
                anyFalse |= v is false;
            }

            var b = (BooleanArray)array;
            for (int i = 0; i < n; i++)
            {
                result[i] = b.GetValue(i) is bool x && (x ? anyTrue : anyFalse);
            }
        }
        else if (Numeric.IsInteger(type) || type is TimestampType)
        {
            var set = new HashSet<long>();
            foreach (object v in values)
            {
                switch (v)
                {
                    case long l: set.Add(l); break;
                    case double d when d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue: set.Add((long)d); break; // 2.0 matches 2; 2.5 matches nothing
                    case DateTime t: set.Add(Timestamps.FromDateTime(t, (TimestampType)type)); break;
                }
            }

            ReadOnlySpan<long> xs = Numeric.Longs(array);
            for (int i = 0; i < n; i++)
            {
                result[i] = Bitmaps.Get(validity, i) && set.Contains(xs[i]);
            }
        }
        else
        {
            var set = new HashSet<double>();
            foreach (object v in values)
            {
                set.Add(Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture));
            }

            ReadOnlySpan<double> xs = Numeric.Doubles(array);
            for (int i = 0; i < n; i++)
            {
                result[i] = Bitmaps.Get(validity, i) && set.Contains(xs[i]); // NaN is not in any set: isin([nan]) is not offered
            }
        }

        return ArrayBuild.Boolean(result, null, 0);
    }

    /// <summary>A few strings as UTF-8, looked up by a span of bytes without making a string.</summary>
    private sealed class Utf8Set
    {
        private readonly Dictionary<int, List<byte[]>> _byHash = [];

        public Utf8Set(IReadOnlyList<object> values)
        {
            foreach (object v in values)
            {
                if (v is string s)
                {
                    byte[] bytes = Encoding.UTF8.GetBytes(s);
                    int h = Hash(bytes);
                    if (!_byHash.TryGetValue(h, out List<byte[]>? bucket))
                    {
                        _byHash[h] = bucket = [];
                    }

                    bucket.Add(bytes);
                }
            }
        }

        public bool Contains(ReadOnlySpan<byte> value)
        {
            if (!_byHash.TryGetValue(Hash(value), out List<byte[]>? bucket))
            {
                return false;
            }

            foreach (byte[] candidate in bucket)
            {
                if (value.SequenceEqual(candidate))
                {
                    return true;
                }
            }

            return false;
        }

        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            var h = default(HashCode);
            h.AddBytes(bytes);
            return h.ToHashCode();
        }
    }
}
