namespace DaskSharp;

/// <summary>Linear algebra on chunked arrays (<c>dask.array.linalg</c>).</summary>
public static class Linalg
{
    /// <summary>
    /// QR of a tall-and-skinny array (TSQR): Q has the array's row chunks and orthonormal columns, R is
    /// upper triangular. Every row block must have at least as many rows as there are columns.
    /// </summary>
    public static (DaskArray<double> Q, DaskArray<double> R) Qr(DaskArray<double> x) => Arrays.Tsqr.Qr(x);

    /// <summary>Dask's <c>tsqr</c>: the QR of a tall-and-skinny array by its tree of blocks (the algorithm behind <see cref="Qr"/>).</summary>
    public static (DaskArray<double> Q, DaskArray<double> R) Tsqr(DaskArray<double> x) => Arrays.Tsqr.Qr(x);

    /// <summary>
    /// NumPy's <c>norm</c> from reductions: the 2-norm of a vector (or of every element, the Frobenius
    /// norm of a matrix) when <paramref name="ord"/> is 2, the largest and smallest absolute values
    /// for ±∞, the sum of absolute values for 1, the count of non-zeros for 0, and
    /// (Σ|x|^ord)^(1/ord) otherwise; over <paramref name="axis"/> as a vector norm.
    /// </summary>
    public static DaskArray<double> Norm(DaskArray<double> x, double ord = 2, int? axis = null, bool keepDims = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        int[]? axes = axis is { } a ? [a] : null;
        DaskArray<double> abs = x.Abs();
        return ord switch
        {
            double.PositiveInfinity => abs.Max(axes, keepDims),
            double.NegativeInfinity => abs.Min(axes, keepDims),
            0 => x.IsNonZero().AsType<double>().Sum(axes, keepDims),
            1 => abs.Sum(axes, keepDims),
            2 => x.Square().Sum(axes, keepDims).Sqrt(),
            _ => abs.Power(ord).Sum(axes, keepDims).Power(1 / ord),
        };
    }

    /// <summary>SVD of a tall-and-skinny array through TSQR: x = U diag(S) Vt, singular values largest first.</summary>
    public static (DaskArray<double> U, DaskArray<double> S, DaskArray<double> Vt) Svd(DaskArray<double> x) => Arrays.Tsqr.Svd(x);
}
