using System.Numerics;
using Apache.Arrow;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// Which of n pieces each row's keys belong to, the same in every process and on every run (no
/// <see cref="string.GetHashCode()"/>, which is randomised per process): integers and timestamps
/// by value, floats equal to an integer as that integer and others by their bits (-0.0 is 0, NaN
/// is null), strings by FNV-1a over their UTF-8 bytes (a
/// dictionary's words once, then its codes), nulls as one constant; several keys mixed in order.
/// </summary>
internal static class KeyHash
{
    private const ulong NullHash = 0x9E3779B97F4A7C15UL;

    /// <summary>The piece, in [0, <paramref name="pieces"/>), of each of <paramref name="rows"/> rows.</summary>
    public static int[] Pieces(IReadOnlyList<IArrowArray> keys, int rows, int pieces)
    {
        var hashes = new ulong[rows];
        foreach (IArrowArray key in keys)
        {
            Accumulate(key, hashes);
        }

        var result = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            result[i] = (int)(Mix(hashes[i]) % (ulong)pieces);
        }

        return result;
    }

    private static void Accumulate(IArrowArray key, Span<ulong> hashes)
    {
        switch (key)
        {
            case Int64Array l: Values(key, l.Values, hashes); break;
            case TimestampArray t: Values(key, t.Values, hashes); break;
            case Int32Array n:
                long[] widened = new long[n.Length];
                for (int i = 0; i < widened.Length; i++)
                {
                    widened[i] = n.Values[i];
                }

                Values(key, widened, hashes);
                break;
            case DoubleArray d:
                Floats(key, d.Values, hashes);
                break;
            case FloatArray f:
                double[] wide = new double[f.Length];
                for (int i = 0; i < wide.Length; i++)
                {
                    wide[i] = f.Values[i];
                }

                Floats(key, wide, hashes);
                break;
            case BooleanArray b:
                long[] flags = new long[b.Length];
                for (int i = 0; i < flags.Length; i++)
                {
                    flags[i] = b.GetValue(i) == true ? 1 : 0;
                }

                Values(key, flags, hashes);
                break;
            case StringArray s:
                for (int i = 0; i < hashes.Length; i++)
                {
                    hashes[i] = Step(hashes[i], ArrayBuild.IsValid(s, i) ? Fnv(s.GetBytes(i)) : NullHash);
                }

                break;
            case DictionaryArray dict when dict.Dictionary is StringArray words:
                var wordHashes = new ulong[words.Length];
                for (int w = 0; w < wordHashes.Length; w++)
                {
                    wordHashes[w] = Fnv(words.GetBytes(w));
                }

                ReadOnlySpan<int> codes = ((Int32Array)dict.Indices).Values;
                for (int i = 0; i < hashes.Length; i++)
                {
                    hashes[i] = Step(hashes[i], ArrayBuild.IsValid(dict, i) ? wordHashes[codes[i]] : NullHash);
                }

                break;
            default:
                throw new NotSupportedException($"Hash-partitioning by a {Dtype.Name(key.Data.DataType)} column is not supported.");
        }
    }

    // A float equal to an integer hashes as that integer, and NaN as null, so that the keys a
    // merge matches (1 with 1.0, NaN with null: pandas') meet in one partition whatever the sides' types.
    private static void Floats(IArrowArray key, ReadOnlySpan<double> values, Span<ulong> hashes)
    {
        for (int i = 0; i < hashes.Length; i++)
        {
            double v = values[i];
            hashes[i] = Step(hashes[i], !ArrayBuild.IsValid(key, i) || double.IsNaN(v) ? NullHash
                : v == Math.Floor(v) && v >= -9.2233720368547758E18 && v < 9.2233720368547758E18 ? Mix((ulong)(long)v)
                : Mix((ulong)BitConverter.DoubleToInt64Bits(v)));
        }
    }

    private static void Values(IArrowArray key, ReadOnlySpan<long> values, Span<ulong> hashes)
    {
        for (int i = 0; i < hashes.Length; i++)
        {
            hashes[i] = Step(hashes[i], ArrayBuild.IsValid(key, i) ? Mix((ulong)values[i]) : NullHash);
        }
    }

    private static ulong Step(ulong h, ulong k) => (BitOperations.RotateLeft(h, 5) ^ k) * 0x100000001B3UL;

    private static ulong Fnv(ReadOnlySpan<byte> bytes)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (byte b in bytes)
        {
            h = (h ^ b) * 0x100000001B3UL;
        }

        return h;
    }

    // SplitMix64's finaliser: every input bit reaches every output bit.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
