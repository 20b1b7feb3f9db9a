using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DaskSharp.Arrays;

/// <summary>
/// The random stream of one block: xoshiro256** run as 8 independent lanes (one 512-bit vector of
/// state words), each lane seeded with SplitMix64 from the array's seed, the block's index and the
/// lane number. Element i of a block comes from lane i mod 8, so a block's values depend only on
/// (seed, block index) — never on the scheduler, the thread or the worker that computes it — and
/// the scalar fallback gives bit-identical values where 512-bit vectors are not accelerated.
/// </summary>
internal struct BlockRandom
{
    public const int Lanes = 8;
    private const double Scale = 1.0 / (1UL << 53);

    private Vector512<ulong> _s0;
    private Vector512<ulong> _s1;
    private Vector512<ulong> _s2;
    private Vector512<ulong> _s3;

    public BlockRandom(ulong seed, ReadOnlySpan<int> blockIndex)
    {
        // One SplitMix64 stream per block: mix the seed with every index component.
        ulong x = seed;
        foreach (int i in blockIndex)
        {
            x = SplitMix(ref x) ^ (ulong)(uint)i;
        }

        ulong state = SplitMix(ref x);
        Span<ulong> s = stackalloc ulong[4 * Lanes];
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = SplitMix(ref state);
        }

        _s0 = Vector512.Create(s[..Lanes]);
        _s1 = Vector512.Create(s.Slice(Lanes, Lanes));
        _s2 = Vector512.Create(s.Slice(2 * Lanes, Lanes));
        _s3 = Vector512.Create(s.Slice(3 * Lanes, Lanes));
    }

    /// <summary>Uniform doubles in [0, 1), 53 random bits each.</summary>
    public void NextDoubles(Span<double> destination)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<double> scale = Vector512.Create(Scale);
            for (; i + Lanes <= destination.Length; i += Lanes)
            {
                Vector512<ulong> bits = Next() >>> 11;
                (Vector512.ConvertToDouble(bits) * scale).CopyTo(destination.Slice(i, Lanes));
            }
        }

        Span<ulong> words = stackalloc ulong[Lanes];
        while (i < destination.Length)
        {
            NextScalar(words);
            for (int lane = 0; lane < Lanes && i < destination.Length; lane++, i++)
            {
                destination[i] = (words[lane] >> 11) * Scale;
            }
        }
    }

    /// <summary>The next 64 random bits of every lane (vector path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<ulong> Next()
    {
        // xoshiro256**: result = rotl(s1 * 5, 7) * 9, multiplications as shifts and adds.
        Vector512<ulong> s1x5 = (_s1 << 2) + _s1;
        Vector512<ulong> rotated = (s1x5 << 7) | (s1x5 >>> 57);
        Vector512<ulong> result = (rotated << 3) + rotated;
        Vector512<ulong> t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = (_s3 << 45) | (_s3 >>> 19);
        return result;
    }

    /// <summary>The same step lane by lane, for hardware without 512-bit vectors.</summary>
    private void NextScalar(Span<ulong> result)
    {
        Span<ulong> s0 = stackalloc ulong[Lanes];
        Span<ulong> s1 = stackalloc ulong[Lanes];
        Span<ulong> s2 = stackalloc ulong[Lanes];
        Span<ulong> s3 = stackalloc ulong[Lanes];
        _s0.CopyTo(s0);
        _s1.CopyTo(s1);
        _s2.CopyTo(s2);
        _s3.CopyTo(s3);
        for (int lane = 0; lane < Lanes; lane++)
        {
            result[lane] = ulong.RotateLeft(s1[lane] * 5, 7) * 9;
            ulong t = s1[lane] << 17;
            s2[lane] ^= s0[lane];
            s3[lane] ^= s1[lane];
            s1[lane] ^= s2[lane];
            s0[lane] ^= s3[lane];
            s2[lane] ^= t;
            s3[lane] = ulong.RotateLeft(s3[lane], 45);
        }

        _s0 = Vector512.Create((ReadOnlySpan<ulong>)s0);
        _s1 = Vector512.Create((ReadOnlySpan<ulong>)s1);
        _s2 = Vector512.Create((ReadOnlySpan<ulong>)s2);
        _s3 = Vector512.Create((ReadOnlySpan<ulong>)s3);
    }

    internal static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
