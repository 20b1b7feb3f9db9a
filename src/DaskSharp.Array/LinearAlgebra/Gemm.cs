using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DaskSharp.Arrays;

/// <summary>
/// Matrix products of chunks. Doubles use OpenBLAS's <c>cblas_dgemm</c> when the system has
/// <c>libopenblas.so.0</c> (single-threaded: blocks already run in parallel), else — and floats
/// always — the project's own blocked kernel: B packed in panels, a 4-row × 2-vector register tile
/// of FMA accumulators over 512-bit or 256-bit vectors. Other types use a loop over generic math.
/// </summary>
internal static partial class Gemm
{
    private const int KernelRows = 4;
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
            var ad = (NDArray<double>)(object)a;
            var bd = (NDArray<double>)(object)b;
            return (NDArray<T>)(object)(OpenBlas.Available ? OpenBlas.Multiply(ad, bd) : Managed(ad, bd));
        }

        if (typeof(T) == typeof(float))
        {
            return (NDArray<T>)(object)Managed((NDArray<float>)(object)a, (NDArray<float>)(object)b);
        }

        return Generic(a, b);
    }

    /// <summary>True when products go through OpenBLAS.</summary>
    public static bool UsesOpenBlas => OpenBlas.Available;

    /// <summary>
    /// The project's own kernel for double and float (also when OpenBLAS is present, for tests): B is
    /// packed in panels two vectors wide, and a 4-row × 2-vector tile of accumulators is updated with
    /// fused multiply-adds along k — on 512-bit vectors where the hardware has them, else 256-bit.
    /// </summary>
    internal static NDArray<T> Managed<T>(NDArray<T> a, NDArray<T> b, bool? wide = null)
        where T : unmanaged, INumber<T> =>
        wide ?? Vector512.IsHardwareAccelerated
            ? Managed<T, Vector512<T>, Wide<T>>(a, b)
            : Managed<T, Vector256<T>, Narrow<T>>(a, b);

    private static NDArray<T> Managed<T, TVector, TOps>(NDArray<T> a, NDArray<T> b)
        where T : unmanaged, INumber<T>
        where TVector : struct
        where TOps : struct, IVectorOps<T, TVector>
    {
        int m = a.Shape[0];
        int k = a.Shape[1];
        int n = b.Shape[1];
        int width = 2 * TOps.Count;
        NDArray<T> ac = a.AsContiguous();
        var result = new NDArray<T>(m, n);
        var packed = new T[BlockK * RoundUp(n, width)];
        for (int k0 = 0; k0 < k; k0 += BlockK)
        {
            int kc = Math.Min(BlockK, k - k0);
            PackB(b, k0, kc, n, width, packed);
            MultiplyPanel<T, TVector, TOps>(ac.Data.AsSpan(ac.Offset), k, k0, kc, m, n, packed, result.Data);
        }

        return result;
    }

    /// <summary>Copies rows k0..k0+kc of b into column panels: panel p holds b[k, width·p ..] for each k, zero-padded.</summary>
    private static void PackB<T>(NDArray<T> b, int k0, int kc, int n, int width, T[] packed)
        where T : unmanaged, INumber<T>
    {
        int panels = RoundUp(n, width) / width;
        for (int p = 0; p < panels; p++)
        {
            int j0 = p * width;
            int used = Math.Min(width, n - j0);
            int baseIndex = p * kc * width;
            for (int kk = 0; kk < kc; kk++)
            {
                int row = b.Offset + ((k0 + kk) * b.Strides[0]);
                int at = baseIndex + (kk * width);
                for (int j = 0; j < width; j++)
                {
                    packed[at + j] = j < used ? b.Data[row + ((j0 + j) * b.Strides[1])] : T.Zero;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyPanel<T, TVector, TOps>(ReadOnlySpan<T> a, int lda, int k0, int kc, int m, int n, T[] packed, T[] c)
        where T : unmanaged, INumber<T>
        where TVector : struct
        where TOps : struct, IVectorOps<T, TVector>
    {
        int lanes = TOps.Count;
        int width = 2 * lanes;
        int panels = RoundUp(n, width) / width;
        ref T aRef = ref MemoryMarshal.GetReference(a);
        ref T bRef = ref MemoryMarshal.GetArrayDataReference(packed);
        Span<T> tile = stackalloc T[KernelRows * 2 * 64];
        for (int i0 = 0; i0 < m; i0 += KernelRows)
        {
            int rows = Math.Min(KernelRows, m - i0);
            for (int p = 0; p < panels; p++)
            {
                int j0 = p * width;
                int cols = Math.Min(width, n - j0);
                ref T panel = ref Unsafe.Add(ref bRef, p * kc * width);

                // 4 rows × 2 vectors of accumulators.
                TVector c00 = default, c01 = default, c10 = default, c11 = default;
                TVector c20 = default, c21 = default, c30 = default, c31 = default;
                for (int kk = 0; kk < kc; kk++)
                {
                    TVector b0 = TOps.Load(ref panel, (nuint)(kk * width));
                    TVector b1 = TOps.Load(ref panel, (nuint)((kk * width) + lanes));
                    int col = k0 + kk;
                    TVector a0 = TOps.Broadcast(Unsafe.Add(ref aRef, (i0 * lda) + col));
                    c00 = TOps.Fma(a0, b0, c00);
                    c01 = TOps.Fma(a0, b1, c01);
                    if (rows > 1)
                    {
                        TVector a1 = TOps.Broadcast(Unsafe.Add(ref aRef, ((i0 + 1) * lda) + col));
                        c10 = TOps.Fma(a1, b0, c10);
                        c11 = TOps.Fma(a1, b1, c11);
                    }

                    if (rows > 2)
                    {
                        TVector a2 = TOps.Broadcast(Unsafe.Add(ref aRef, ((i0 + 2) * lda) + col));
                        c20 = TOps.Fma(a2, b0, c20);
                        c21 = TOps.Fma(a2, b1, c21);
                    }

                    if (rows > 3)
                    {
                        TVector a3 = TOps.Broadcast(Unsafe.Add(ref aRef, ((i0 + 3) * lda) + col));
                        c30 = TOps.Fma(a3, b0, c30);
                        c31 = TOps.Fma(a3, b1, c31);
                    }
                }

                TOps.Store(c00, tile[..lanes]);
                TOps.Store(c01, tile.Slice(lanes, lanes));
                TOps.Store(c10, tile.Slice(2 * lanes, lanes));
                TOps.Store(c11, tile.Slice(3 * lanes, lanes));
                TOps.Store(c20, tile.Slice(4 * lanes, lanes));
                TOps.Store(c21, tile.Slice(5 * lanes, lanes));
                TOps.Store(c30, tile.Slice(6 * lanes, lanes));
                TOps.Store(c31, tile.Slice(7 * lanes, lanes));
                for (int r = 0; r < rows; r++)
                {
                    int row = (i0 + r) * n;
                    for (int j = 0; j < cols; j++)
                    {
                        c[row + j0 + j] += tile[(r * width) + j];
                    }
                }
            }
        }
    }

    /// <summary>The vector operations the micro-kernel needs, one implementation per width (the JIT specialises each).</summary>
    private interface IVectorOps<T, TVector>
        where T : unmanaged
        where TVector : struct
    {
        static abstract int Count { get; }

        static abstract TVector Load(ref T source, nuint offset);

        static abstract TVector Broadcast(T value);

        static abstract TVector Fma(TVector a, TVector b, TVector c);

        static abstract void Store(TVector value, Span<T> destination);
    }

    private readonly struct Narrow<T> : IVectorOps<T, Vector256<T>>
        where T : unmanaged, INumber<T>
    {
        public static int Count => Vector256<T>.Count;

        public static Vector256<T> Load(ref T source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

        public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Fma(Vector256<T> a, Vector256<T> b, Vector256<T> c) =>
            typeof(T) == typeof(double) ? Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>()
            : typeof(T) == typeof(float) ? Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : (a * b) + c;

        public static void Store(Vector256<T> value, Span<T> destination) => value.CopyTo(destination);
    }

    private readonly struct Wide<T> : IVectorOps<T, Vector512<T>>
        where T : unmanaged, INumber<T>
    {
        public static int Count => Vector512<T>.Count;

        public static Vector512<T> Load(ref T source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

        public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Fma(Vector512<T> a, Vector512<T> b, Vector512<T> c) =>
            typeof(T) == typeof(double) ? Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>()
            : typeof(T) == typeof(float) ? Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : (a * b) + c;

        public static void Store(Vector512<T> value, Span<T> destination) => value.CopyTo(destination);
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
