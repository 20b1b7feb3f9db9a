using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DaskSharp.Arrays;

/// <summary>
/// The random stream of one block: xoshiro256** run as 8 independent lanes, each seeded with
/// SplitMix64 from the array's seed, the block's index and the lane number. Element i of a block
/// comes from lane i mod 8, so a block's values depend only on (seed, block index) — never on the
/// scheduler, the thread or the worker that computes it — and the vector path (two 256-bit halves)
/// and the scalar path give bit-identical values.
/// </summary>
/// <remarks>
/// Doubles are built from the top 52 bits as <c>1.m − 1</c> (exponent trick), which needs no
/// integer-to-double conversion instruction and so vectorises on AVX2; values lie in [0, 1) on a
/// grid of 2⁻⁵².
/// </remarks>
internal struct BlockRandom
{
    public const int Lanes = 8;
    private const ulong One = 0x3FF0000000000000UL;

    private State _state;

    public BlockRandom(ulong seed, ReadOnlySpan<int> blockIndex)
    {
        // One SplitMix64 stream per block: mix the seed with every index component.
        ulong x = seed;
        foreach (int i in blockIndex)
        {
            x = SplitMix(ref x) ^ (ulong)(uint)i;
        }

        ulong state = SplitMix(ref x);
        Span<ulong> s = _state;
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = SplitMix(ref state);
        }
    }

    /// <summary>Uniform doubles in [0, 1).</summary>
    public void NextDoubles(Span<double> destination) => NextDoubles(destination, scalarOnly: false);

    /// <summary>As <see cref="NextDoubles(Span{double})"/>; <paramref name="scalarOnly"/> skips the vector path (tests compare the two).</summary>
    internal void NextDoubles(Span<double> destination, bool scalarOnly)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && !scalarOnly)
        {
            i = NextDoublesVector(destination);
        }

        Span<ulong> words = stackalloc ulong[Lanes];
        while (i < destination.Length)
        {
            NextScalar(words);
            for (int lane = 0; lane < Lanes && i < destination.Length; lane++, i++)
            {
                destination[i] = ToDouble(words[lane]);
            }
        }
    }

    internal static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ToDouble(ulong bits) => BitConverter.UInt64BitsToDouble((bits >> 12) | One) - 1.0;

    /// <summary>Whole steps of 8 values with the state in eight 256-bit registers; returns how many were written.</summary>
    private int NextDoublesVector(Span<double> destination)
    {
        Span<ulong> s = _state;
        // Words are stored word-major: s[w * 8 + lane]; lanes 0-3 are the low half, 4-7 the high.
        Vector256<ulong> a0 = Vector256.Create<ulong>(s[0..4]), b0 = Vector256.Create<ulong>(s[4..8]);
        Vector256<ulong> a1 = Vector256.Create<ulong>(s[8..12]), b1 = Vector256.Create<ulong>(s[12..16]);
        Vector256<ulong> a2 = Vector256.Create<ulong>(s[16..20]), b2 = Vector256.Create<ulong>(s[20..24]);
        Vector256<ulong> a3 = Vector256.Create<ulong>(s[24..28]), b3 = Vector256.Create<ulong>(s[28..32]);
        Vector256<ulong> one = Vector256.Create(One);
        Vector256<double> minusOne = Vector256.Create(-1.0);
        int i = 0;
        for (; i + Lanes <= destination.Length; i += Lanes)
        {
            Vector256<ulong> ra = Step(ref a0, ref a1, ref a2, ref a3);
            Vector256<ulong> rb = Step(ref b0, ref b1, ref b2, ref b3);
            (((ra >>> 12) | one).AsDouble() + minusOne).CopyTo(destination.Slice(i, 4));
            (((rb >>> 12) | one).AsDouble() + minusOne).CopyTo(destination.Slice(i + 4, 4));
        }

        a0.CopyTo(s[0..4]);
        b0.CopyTo(s[4..8]);
        a1.CopyTo(s[8..12]);
        b1.CopyTo(s[12..16]);
        a2.CopyTo(s[16..20]);
        b2.CopyTo(s[20..24]);
        a3.CopyTo(s[24..28]);
        b3.CopyTo(s[28..32]);
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Step(ref Vector256<ulong> s0, ref Vector256<ulong> s1, ref Vector256<ulong> s2, ref Vector256<ulong> s3)
    {
        // xoshiro256**: result = rotl(s1 * 5, 7) * 9, multiplications as shifts and adds.
        Vector256<ulong> s1x5 = (s1 << 2) + s1;
        Vector256<ulong> rotated = (s1x5 << 7) | (s1x5 >>> 57);
        Vector256<ulong> result = (rotated << 3) + rotated;
        Vector256<ulong> t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 45) | (s3 >>> 19);
        return result;
    }

    /// <summary>One step of every lane, lane by lane.</summary>
    private void NextScalar(Span<ulong> result)
    {
        Span<ulong> s = _state;
        for (int lane = 0; lane < Lanes; lane++)
        {
            ref ulong s0 = ref s[lane];
            ref ulong s1 = ref s[Lanes + lane];
            ref ulong s2 = ref s[(2 * Lanes) + lane];
            ref ulong s3 = ref s[(3 * Lanes) + lane];
            result[lane] = ulong.RotateLeft(s1 * 5, 7) * 9;
            ulong t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = ulong.RotateLeft(s3, 45);
        }
    }

    [InlineArray(4 * Lanes)]
    private struct State
    {
        private ulong _element0;
    }
}
