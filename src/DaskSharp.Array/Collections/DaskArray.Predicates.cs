using DaskSharp.Arrays;

namespace DaskSharp;

// NumPy's predicates and the functions of real and complex parts, for real arrays, and the
// element-splitting functions (frexp, modf) and binning (digitize, isin).
public sealed partial class DaskArray<TValue>
{
    /// <summary>The array itself (unary plus).</summary>
    public static DaskArray<TValue> operator +(DaskArray<TValue> a) => a ?? throw new ArgumentNullException(nameof(a));

    /// <summary><c>1 / x</c> (floating-point arrays; NumPy's integer reciprocal truncates, convert first).</summary>
    public DaskArray<TValue> Reciprocal() => Apply(UnaryOp.Reciprocal);

    /// <summary>The real part: the array itself (arrays here are real).</summary>
    public DaskArray<TValue> Real() => this;

    /// <summary>The imaginary part: zeros (arrays here are real).</summary>
    public DaskArray<TValue> Imag() => Da.ZerosLike(this);

    /// <summary>The complex conjugate: the array itself (arrays here are real).</summary>
    public DaskArray<TValue> Conj() => this;

    /// <summary>The angle in the complex plane: π for negative values (and −0), 0 otherwise, as NumPy's <c>angle</c> of reals.</summary>
    public DaskArray<double> Angle() => ElementMaps.Map<TValue, double>(this, "angle", static v => Math.Atan2(0.0, ArrayKernels<TValue>.Instance.ToDouble(v)));

    /// <summary>True everywhere: the imaginary part is zero (arrays here are real).</summary>
    public DaskArray<bool> IsReal() => ElementMaps.Map<TValue, bool>(this, "isreal", static _ => true);

    /// <summary>False everywhere (arrays here are real).</summary>
    public DaskArray<bool> IsComplex() => ElementMaps.Map<TValue, bool>(this, "iscomplex", static _ => false);

    /// <summary>True where a value is missing, NaN (Dask's <c>isnull</c>).</summary>
    public DaskArray<bool> IsNull() => IsNaN();

    /// <summary>True where a value is present, not NaN (Dask's <c>notnull</c>).</summary>
    public DaskArray<bool> NotNull() => ElementwiseOps.Unary(IsNaN(), UnaryOp.Invert);

    /// <summary>True where the sign bit is set (negative numbers, −0 and negative NaN).</summary>
    public DaskArray<bool> SignBit() => ElementMaps.Map<TValue, bool>(this, "signbit", static v => double.IsNegative(ArrayKernels<TValue>.Instance.ToDouble(v)));

    /// <summary>True where an element lies in <paramref name="values"/> (NumPy's <c>isin</c> with an in-memory set).</summary>
    public DaskArray<bool> IsIn(IReadOnlyCollection<TValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        TValue[] set = [.. values];
        var predicate = ConstantFunctions.IsIn<TValue>();
        return ArrayBuilder.Blockwise<bool>("isin", predicate, Chunks, [BlockInput.Aligned(this, Rank), BlockInput.Constant(set)]);
    }

    /// <summary>
    /// The index of the bin each element falls in (NumPy's <c>digitize</c> for increasing
    /// <paramref name="bins"/>): i with bins[i−1] ≤ x &lt; bins[i], or bins[i−1] &lt; x ≤ bins[i] when <paramref name="right"/>.
    /// </summary>
    public DaskArray<long> Digitize(double[] bins, bool right = false)
    {
        ArgumentNullException.ThrowIfNull(bins);
        for (int i = 1; i < bins.Length; i++)
        {
            if (!(bins[i] >= bins[i - 1]))
            {
                throw new ArgumentException("bins must be monotonically increasing here.", nameof(bins));
            }
        }

        return ArrayBuilder.Blockwise<long>("digitize", ConstantFunctions.Digitize<TValue>(), Chunks, [BlockInput.Aligned(this, Rank), BlockInput.Constant(bins), BlockInput.Constant(right)]);
    }
}
