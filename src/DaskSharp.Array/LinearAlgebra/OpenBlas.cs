using System.Runtime.InteropServices;

namespace DaskSharp.Arrays;

/// <summary>
/// OpenBLAS's <c>cblas_dgemm</c>, when the system library is installed (Debian: libopenblas0-pthread).
/// Its own threads are limited to one: the scheduler already runs one product per core.
/// </summary>
internal static unsafe class OpenBlas
{
    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;

    private static readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> s_dgemm;

    static OpenBlas()
    {
        if (DaskConfig.Get("array.blas", "auto") == "managed"
            || !NativeLibrary.TryLoad("libopenblas.so.0", out IntPtr library)
            || !NativeLibrary.TryGetExport(library, "cblas_dgemm", out IntPtr dgemm))
        {
            return;
        }

        s_dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)dgemm;
        if (NativeLibrary.TryGetExport(library, "openblas_set_num_threads", out IntPtr setThreads))
        {
            ((delegate* unmanaged<int, void>)setThreads)(1);
        }

        Available = true;
    }

    public static bool Available { get; }

    public static NDArray<double> Multiply(NDArray<double> a, NDArray<double> b)
    {
        var (ad, ta, lda) = Operand(a);
        var (bd, tb, ldb) = Operand(b);
        int m = a.Shape[0];
        int k = a.Shape[1];
        int n = b.Shape[1];
        if (m == 0 || n == 0 || k == 0)
        {
            return new NDArray<double>(m, n);
        }

        var result = NDArray<double>.Uninitialized(m, n);
        fixed (double* pa = &ad.Data[ad.Offset])
        fixed (double* pb = &bd.Data[bd.Offset])
        fixed (double* pc = result.Data)
        {
            s_dgemm(RowMajor, ta, tb, m, n, k, 1.0, pa, lda, pb, ldb, 0.0, pc, n);
        }

        return result;
    }

    /// <summary>A row-major matrix as BLAS sees it: contiguous, or the transpose of a contiguous one (no copy).</summary>
    private static (NDArray<double> Data, int Trans, int Leading) Operand(NDArray<double> x)
    {
        if (x.Strides[1] == 1 && x.Strides[0] >= Math.Max(1, x.Shape[1]))
        {
            return (x, NoTrans, x.Strides[0]);
        }

        if (x.Strides[0] == 1 && x.Strides[1] >= Math.Max(1, x.Shape[0]))
        {
            return (x, Trans, x.Strides[1]);
        }

        NDArray<double> c = x.Copy();
        return (c, NoTrans, Math.Max(1, c.Shape[1]));
    }
}
