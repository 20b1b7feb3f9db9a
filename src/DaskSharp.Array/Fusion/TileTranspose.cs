using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DaskSharp.Arrays.Fusion;

/// <summary>Transposes a small row-major tile (it lives in L1); doubles go 4 × 4 at a time through AVX registers.</summary>
internal static class TileTranspose
{
    /// <summary><paramref name="destination"/> (cols × rows) = transpose of <paramref name="source"/> (rows × cols).</summary>
    public static void Transpose<T>(ReadOnlySpan<T> source, int rows, int cols, Span<T> destination)
        where T : unmanaged
    {
        int i0 = 0;
        int j0 = 0;
        if (typeof(T) == typeof(double) && Avx.IsSupported && rows >= 4 && cols >= 4)
        {
            (i0, j0) = TransposeDoubles(MemoryMarshal.Cast<T, double>(source), rows, cols, MemoryMarshal.Cast<T, double>(destination));
        }

        // What the 4 × 4 blocks did not cover: the last rows and the last columns.
        for (int i = 0; i < rows; i++)
        {
            for (int j = i < i0 ? j0 : 0; j < cols; j++)
            {
                destination[(j * rows) + i] = source[(i * cols) + j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Rows, int Cols) TransposeDoubles(ReadOnlySpan<double> source, int rows, int cols, Span<double> destination)
    {
        int rows4 = rows & ~3;
        int cols4 = cols & ~3;
        ref double src = ref MemoryMarshal.GetReference(source);
        ref double dst = ref MemoryMarshal.GetReference(destination);
        for (int i = 0; i < rows4; i += 4)
        {
            for (int j = 0; j < cols4; j += 4)
            {
                Vector256<double> r0 = Vector256.LoadUnsafe(ref src, (nuint)((i * cols) + j));
                Vector256<double> r1 = Vector256.LoadUnsafe(ref src, (nuint)(((i + 1) * cols) + j));
                Vector256<double> r2 = Vector256.LoadUnsafe(ref src, (nuint)(((i + 2) * cols) + j));
                Vector256<double> r3 = Vector256.LoadUnsafe(ref src, (nuint)(((i + 3) * cols) + j));
                Vector256<double> t0 = Avx.UnpackLow(r0, r1);
                Vector256<double> t1 = Avx.UnpackHigh(r0, r1);
                Vector256<double> t2 = Avx.UnpackLow(r2, r3);
                Vector256<double> t3 = Avx.UnpackHigh(r2, r3);
                Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref dst, (nuint)((j * rows) + i));
                Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref dst, (nuint)(((j + 1) * rows) + i));
                Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref dst, (nuint)(((j + 2) * rows) + i));
                Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref dst, (nuint)(((j + 3) * rows) + i));
            }
        }

        return (rows4, cols4);
    }
}
