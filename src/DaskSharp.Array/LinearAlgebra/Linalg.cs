namespace DaskSharp;

/// <summary>Linear algebra on chunked arrays (<c>dask.array.linalg</c>).</summary>
public static class Linalg
{
    /// <summary>
    /// QR of a tall-and-skinny array (TSQR): Q has the array's row chunks and orthonormal columns, R is
    /// upper triangular. Every row block must have at least as many rows as there are columns.
    /// </summary>
    public static (DaskArray<double> Q, DaskArray<double> R) Qr(DaskArray<double> x) => Arrays.Tsqr.Qr(x);

    /// <summary>SVD of a tall-and-skinny array through TSQR: x = U diag(S) Vt, singular values largest first.</summary>
    public static (DaskArray<double> U, DaskArray<double> S, DaskArray<double> Vt) Svd(DaskArray<double> x) => Arrays.Tsqr.Svd(x);
}
