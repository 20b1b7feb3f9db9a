using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DaskSharp.Arrays;

/// <summary>
/// Matrix products of chunks. Doubles use OpenBLAS's <c>cblas_dgemm</c> when the system has
/// <c>libopenblas.so.0</c> (single-threaded: blocks already run in parallel), else the project's own
/// blocked kernel: B packed in panels, a 4 × 8 register tile of FMA accumulators over 256-bit vectors.
/// Other types use a plain loop over generic math.
/// </summary>
internal static partial class Gemm
{
    private const int KernelRows = 4;
    private const int KernelCols = 8;
    private const int BlockK = 256;

    /// <summary>a (m × k) times b (k × n).</summary>
    public static NDArray<T> Multiply<T>(NDArray<T> a, NDArray<T> b)
        where T : unmanaged
    {
        if (a.Rank != 2 || b.Rank != 2 || a.Shape[1] != b.Shape[0])
        {
            throw new ArgumentException($"matmul: shapes {NDArray<T>.ShapeText(a.Shape)} and {NDArray<T>.ShapeText(b.Shape)} are not aligned.");
        }

        if (typeof(T) == typeof(double))
        {
            return (NDArray<T>)(object)MultiplyDouble((NDArray<double>)(object)a, (NDArray<double>)(object)b);
        }

        return Generic(a, b);
    }

    /// <summary>True when products go through OpenBLAS.</summary>
    public static bool UsesOpenBlas => OpenBlas.Available;

    /// <summary>The project's own kernel, also when OpenBLAS is present (for tests against it).</summary>
    internal static NDArray<double> Managed(NDArray<double> a, NDArray<double> b)
    {
        int m = a.Shape[0];
        int k = a.Shape[1];
        int n = b.Shape[1];
        NDArray<double> ac = a.AsContiguous();
        var result = new NDArray<double>(m, n);
        double[] packed = new double[BlockK * RoundUp(n, KernelCols)];
        for (int k0 = 0; k0 < k; k0 += BlockK)
        {
            int kc = Math.Min(BlockK, k - k0);
            PackB(b, k0, kc, n, packed);
            MultiplyPanel(ac.Data.AsSpan(ac.Offset), k, k0, kc, m, n, packed, result.Data);
        }

        return result;
    }

    private static NDArray<double> MultiplyDouble(NDArray<double> a, NDArray<double> b)
    {
        if (OpenBlas.Available)
        {
            return OpenBlas.Multiply(a, b);
        }

        return Managed(a, b);
    }

    /// <summary>Copies rows k0..k0+kc of b into column panels of 8: panel p holds b[k, 8p..8p+7] for each k.</summary>
    private static void PackB(NDArray<double> b, int k0, int kc, int n, double[] packed)
    {
        int panels = RoundUp(n, KernelCols) / KernelCols;
        for (int p = 0; p < panels; p++)
        {
            int j0 = p * KernelCols;
            int width = Math.Min(KernelCols, n - j0);
            int baseIndex = p * kc * KernelCols;
            for (int kk = 0; kk < kc; kk++)
            {
                int row = b.Offset + ((k0 + kk) * b.Strides[0]);
                int at = baseIndex + (kk * KernelCols);
                for (int j = 0; j < KernelCols; j++)
                {
                    packed[at + j] = j < width ? b.Data[row + ((j0 + j) * b.Strides[1])] : 0;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyPanel(ReadOnlySpan<double> a, int lda, int k0, int kc, int m, int n, double[] packed, double[] c)
    {
        int panels = RoundUp(n, KernelCols) / KernelCols;
        ref double aRef = ref MemoryMarshal.GetReference(a);
        ref double bRef = ref MemoryMarshal.GetArrayDataReference(packed);
        Span<double> tile = stackalloc double[KernelRows * KernelCols];
        for (int i0 = 0; i0 < m; i0 += KernelRows)
        {
            int rows = Math.Min(KernelRows, m - i0);
            for (int p = 0; p < panels; p++)
            {
                int j0 = p * KernelCols;
                int cols = Math.Min(KernelCols, n - j0);
                ref double panel = ref Unsafe.Add(ref bRef, p * kc * KernelCols);

                // 4 rows × 8 columns of accumulators: 8 vectors of 4 doubles.
                Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default;
                Vector256<double> c20 = default, c21 = default, c30 = default, c31 = default;
                for (int kk = 0; kk < kc; kk++)
                {
                    Vector256<double> b0 = Vector256.LoadUnsafe(ref panel, (nuint)(kk * KernelCols));
                    Vector256<double> b1 = Vector256.LoadUnsafe(ref panel, (nuint)((kk * KernelCols) + 4));
                    int col = k0 + kk;
                    Vector256<double> a0 = Vector256.Create(Unsafe.Add(ref aRef, (i0 * lda) + col));
                    c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
                    c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
                    if (rows > 1)
                    {
                        Vector256<double> a1 = Vector256.Create(Unsafe.Add(ref aRef, ((i0 + 1) * lda) + col));
                        c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
                        c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
                    }

                    if (rows > 2)
                    {
                        Vector256<double> a2 = Vector256.Create(Unsafe.Add(ref aRef, ((i0 + 2) * lda) + col));
                        c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
                        c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
                    }

                    if (rows > 3)
                    {
                        Vector256<double> a3 = Vector256.Create(Unsafe.Add(ref aRef, ((i0 + 3) * lda) + col));
                        c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
                        c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
                    }
                }

                c00.CopyTo(tile[0..4]);
                c01.CopyTo(tile[4..8]);
                c10.CopyTo(tile[8..12]);
                c11.CopyTo(tile[12..16]);
                c20.CopyTo(tile[16..20]);
                c21.CopyTo(tile[20..24]);
                c30.CopyTo(tile[24..28]);
                c31.CopyTo(tile[28..32]);
                for (int r = 0; r < rows; r++)
                {
                    int row = (i0 + r) * n;
                    for (int j = 0; j < cols; j++)
                    {
                        c[row + j0 + j] += tile[(r * KernelCols) + j];
                    }
                }
            }
        }
    }

    private static NDArray<T> Generic<T>(NDArray<T> a, NDArray<T> b)
        where T : unmanaged
    {
        ArrayKernels<T> k = ArrayKernels<T>.Instance;
        int m = a.Shape[0];
        int kk = a.Shape[1];
        int n = b.Shape[1];
        var result = new NDArray<T>(m, n);
        var row = new T[n];
        var scaled = new T[n];
        NDArray<T> bc = b.AsContiguous();
        for (int i = 0; i < m; i++)
        {
            Array.Clear(row);
            for (int p = 0; p < kk; p++)
            {
                k.Binary(BinaryOp.Multiply, bc.AsSpan().Slice(p * n, n), a[i, p], scaled);
                k.Binary(BinaryOp.Add, row, scaled, row);
            }

            row.CopyTo(result.AsSpan().Slice(i * n, n));
        }

        return result;
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
