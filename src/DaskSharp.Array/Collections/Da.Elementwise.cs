using DaskSharp.Arrays;

namespace DaskSharp;

// NumPy's binary elementwise functions as Da.* (dask.array's module functions), with broadcasting.
public static partial class Da
{
    /// <summary>The magnitude of each element with the sign of <paramref name="x2"/>, for int arrays in float64.</summary>
    public static DaskArray<double> CopySign(DaskArray<long> x1, DaskArray<long> x2) => CopySign(x1.AsType<double>(), x2.AsType<double>());

    /// <summary>NumPy's <c>arctan2(x1, x2)</c>: the angle of the point (x2, x1), in the right quadrant.</summary>
    public static DaskArray<T> ArcTan2<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => FloatBinary(x1, x2, BinaryOp.ArcTan2, "ArcTan2");

    /// <summary><c>arctan2</c> of integer arrays, in float64.</summary>
    public static DaskArray<double> ArcTan2(DaskArray<long> x1, DaskArray<long> x2) => ArcTan2(x1.AsType<double>(), x2.AsType<double>());

    /// <summary><c>arctan2</c> of integer arrays, in float64.</summary>
    public static DaskArray<double> ArcTan2(DaskArray<int> x1, DaskArray<int> x2) => ArcTan2(x1.AsType<double>(), x2.AsType<double>());

    /// <summary>The hypotenuse <c>sqrt(x1² + x2²)</c>, without overflow.</summary>
    public static DaskArray<T> Hypot<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => FloatBinary(x1, x2, BinaryOp.Hypot, "Hypot");

    /// <summary>The hypotenuse of integer arrays, in float64.</summary>
    public static DaskArray<double> Hypot(DaskArray<long> x1, DaskArray<long> x2) => Hypot(x1.AsType<double>(), x2.AsType<double>());

    /// <summary>The hypotenuse of integer arrays, in float64.</summary>
    public static DaskArray<double> Hypot(DaskArray<int> x1, DaskArray<int> x2) => Hypot(x1.AsType<double>(), x2.AsType<double>());

    /// <summary>C's <c>fmod</c>: the remainder with the sign of the dividend (NumPy's <c>fmod</c>).</summary>
    public static DaskArray<T> Fmod<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.Fmod);

    /// <summary><c>fmod</c> by a scalar.</summary>
    public static DaskArray<T> Fmod<T>(DaskArray<T> x1, T x2)
        where T : unmanaged => ElementwiseOps.Scalar(x1, x2, BinaryOp.Fmod, scalarOnLeft: false);

    /// <summary>The elementwise smaller, ignoring NaN (NumPy's <c>fmin</c>).</summary>
    public static DaskArray<T> Fmin<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.Fmin);

    /// <summary>The elementwise larger, ignoring NaN (NumPy's <c>fmax</c>).</summary>
    public static DaskArray<T> Fmax<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.Fmax);

    /// <summary>Python's and NumPy's <c>//</c>: the quotient rounded down.</summary>
    public static DaskArray<T> FloorDivide<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.FloorDivide);

    /// <summary>NumPy's <c>mod</c>/<c>remainder</c>: the sign of the divisor.</summary>
    public static DaskArray<T> Mod<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.Remainder);

    /// <summary>NumPy's <c>remainder</c> (the same as <see cref="Mod{T}"/>).</summary>
    public static DaskArray<T> Remainder<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.Remainder);

    /// <summary>NumPy's <c>divmod</c>: the floored quotient and the remainder.</summary>
    public static (DaskArray<T> Quotient, DaskArray<T> Remainder) DivMod<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => (FloorDivide(x1, x2), Mod(x1, x2));

    /// <summary>Elementwise logical and (NumPy's <c>logical_and</c>) of two boolean arrays.</summary>
    public static DaskArray<bool> LogicalAnd(DaskArray<bool> x1, DaskArray<bool> x2) => ElementwiseOps.Binary(x1, x2, BinaryOp.BitwiseAnd);

    /// <summary>Elementwise logical or.</summary>
    public static DaskArray<bool> LogicalOr(DaskArray<bool> x1, DaskArray<bool> x2) => ElementwiseOps.Binary(x1, x2, BinaryOp.BitwiseOr);

    /// <summary>Elementwise logical exclusive or.</summary>
    public static DaskArray<bool> LogicalXor(DaskArray<bool> x1, DaskArray<bool> x2) => ElementwiseOps.Binary(x1, x2, BinaryOp.BitwiseXor);

    /// <summary>Elementwise logical not.</summary>
    public static DaskArray<bool> LogicalNot(DaskArray<bool> x) => ElementwiseOps.Unary(x, UnaryOp.Invert);

    /// <summary>Elementwise bitwise and of integer (or logical and of boolean) arrays.</summary>
    public static DaskArray<T> BitwiseAnd<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.BitwiseAnd);

    /// <summary>Elementwise bitwise or.</summary>
    public static DaskArray<T> BitwiseOr<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.BitwiseOr);

    /// <summary>Elementwise bitwise exclusive or.</summary>
    public static DaskArray<T> BitwiseXor<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.BitwiseXor);

    /// <summary>Elementwise bitwise not (NumPy's <c>invert</c>).</summary>
    public static DaskArray<T> Invert<T>(DaskArray<T> x)
        where T : unmanaged => ElementwiseOps.Unary(x, UnaryOp.Invert);

    /// <summary>Each element shifted left by the matching count.</summary>
    public static DaskArray<T> LeftShift<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.LeftShift);

    /// <summary>Each element shifted right by the matching count.</summary>
    public static DaskArray<T> RightShift<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.RightShift);

    /// <summary>Elements limited to [min, max] (scalars).</summary>
    public static DaskArray<T> Clip<T>(DaskArray<T> x, T min, T max)
        where T : unmanaged => (x ?? throw new ArgumentNullException(nameof(x))).Clip(min, max);

    /// <summary>Elements limited to [min, max] elementwise (arrays, broadcasting).</summary>
    public static DaskArray<T> Clip<T>(DaskArray<T> x, DaskArray<T> min, DaskArray<T> max)
        where T : unmanaged => (x ?? throw new ArgumentNullException(nameof(x))).Clip(min, max);

    /// <summary>The magnitude of <paramref name="x1"/> with the sign of <paramref name="x2"/>.</summary>
    public static DaskArray<T> CopySign<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => FloatBinary(x1, x2, BinaryOp.CopySign, "CopySign");

    /// <summary>The next representable value after each element of <paramref name="x1"/> toward <paramref name="x2"/>.</summary>
    public static DaskArray<T> NextAfter<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => FloatBinary(x1, x2, BinaryOp.NextAfter, "NextAfter");

    /// <summary><c>log(exp(x1) + exp(x2))</c> without overflow.</summary>
    public static DaskArray<T> LogAddExp<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => FloatBinary(x1, x2, BinaryOp.LogAddExp, "LogAddExp");

    /// <summary><c>log2(2^x1 + 2^x2)</c> without overflow.</summary>
    public static DaskArray<T> LogAddExp2<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => FloatBinary(x1, x2, BinaryOp.LogAddExp2, "LogAddExp2");

    /// <summary><c>x1 · 2^x2</c> for integer exponents <paramref name="x2"/>.</summary>
    public static DaskArray<T> Ldexp<T>(DaskArray<T> x1, DaskArray<long> x2)
        where T : unmanaged
    {
        TypePromotion.RequireSame<T>(TypePromotion.Float, "Ldexp");
        return ElementwiseOps.Binary(x1, (x2 ?? throw new ArgumentNullException(nameof(x2))).AsType<T>(), BinaryOp.Ldexp);
    }

    /// <summary><c>x1</c> to the power <c>x2</c> in float64 (NumPy's <c>float_power</c>).</summary>
    public static DaskArray<double> FloatPower<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(Checked(x1).AsType<double>(), Checked(x2).AsType<double>(), BinaryOp.Power);

    /// <summary>The mantissa in [0.5, 1) and the exponent of each element: x = m · 2^e (NumPy's <c>frexp</c>; 0, NaN and infinities have exponent 0).</summary>
    public static (DaskArray<double> Mantissa, DaskArray<int> Exponent) Frexp(DaskArray<double> x) =>
        (ElementMaps.Map<double, double>(x, "frexp-mantissa", static v => double.IsFinite(v) && v != 0 ? Math.ScaleB(v, -(Math.ILogB(v) + 1)) : v),
         ElementMaps.Map<double, int>(x, "frexp-exponent", static v => double.IsFinite(v) && v != 0 ? Math.ILogB(v) + 1 : 0));

    /// <summary>The fractional and integral parts of each element, both with its sign (NumPy's <c>modf</c>).</summary>
    public static (DaskArray<double> Fractional, DaskArray<double> Integral) Modf(DaskArray<double> x) =>
        (ElementMaps.Map<double, double>(x, "modf-fractional", static v => double.IsInfinity(v) ? Math.CopySign(0.0, v) : v - Math.Truncate(v)),
         ElementMaps.Map<double, double>(x, "modf-integral", static v => Math.Truncate(v)));

    /// <summary>True where |x1 − x2| ≤ atol + rtol·|x2| (NumPy's <c>isclose</c>); infinities must be equal, NaN equals NaN only with <paramref name="equalNaN"/>.</summary>
    public static DaskArray<bool> IsClose<T>(DaskArray<T> x1, DaskArray<T> x2, double rtol = 1e-5, double atol = 1e-8, bool equalNaN = false)
        where T : unmanaged
    {
        var (a, b, chunks) = ElementwiseOps.Unify(x1, x2);
        return ArrayBuilder.Blockwise<bool>(
            "isclose", ConstantFunctions.IsClose<T>(), chunks,
            [BlockInput.Aligned(a, chunks.Rank), BlockInput.Aligned(b, chunks.Rank), BlockInput.Constant(rtol), BlockInput.Constant(atol), BlockInput.Constant(equalNaN)]);
    }

    /// <summary>True when every element pair is close (NumPy's <c>allclose</c>): a lazy scalar.</summary>
    public static DaskScalar<bool> AllClose<T>(DaskArray<T> x1, DaskArray<T> x2, double rtol = 1e-5, double atol = 1e-8, bool equalNaN = false)
        where T : unmanaged => IsClose(x1, x2, rtol, atol, equalNaN).All();

    /// <summary>NumPy's <c>select</c>: each element from the first choice whose condition holds, else <paramref name="default"/>.</summary>
    public static DaskArray<T> Select<T>(IReadOnlyList<DaskArray<bool>> conditions, IReadOnlyList<DaskArray<T>> choices, T @default = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(choices);
        if (conditions.Count != choices.Count || conditions.Count == 0)
        {
            throw new ArgumentException($"Select needs one choice per condition (and at least one), not {conditions.Count} conditions and {choices.Count} choices.", nameof(choices));
        }

        DaskArray<T> result = Where(conditions[^1], choices[^1], @default);
        for (int i = conditions.Count - 2; i >= 0; i--)
        {
            result = Where(conditions[i], choices[i], result);
        }

        return result;
    }

    /// <summary>NumPy's <c>choose</c>: each element from the choice its index names; an index outside the choices fails the computation.</summary>
    public static DaskArray<T> Choose<T>(DaskArray<long> indices, IReadOnlyList<DaskArray<T>> choices)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count == 0)
        {
            throw new ArgumentException("Choose needs at least one choice.", nameof(choices));
        }

        DaskArray<T> result = choices[^1];
        for (int i = choices.Count - 2; i >= 0; i--)
        {
            result = Where(indices == (long)i, choices[i], result);
        }

        DaskArray<bool> outside = ElementwiseOps.Binary(indices < 0L, indices >= (long)choices.Count, BinaryOp.BitwiseOr);
        return Selection.FailWhereAny(result, outside, "invalid entry in choice array");
    }

    /// <summary>The elements where <paramref name="condition"/> holds, flattened (NumPy's <c>extract</c>; the length is known after computing).</summary>
    public static DaskArray<T> Extract<T>(DaskArray<bool> condition, DaskArray<T> x)
        where T : unmanaged => Checked(x).Ravel()[Checked(condition).Ravel()];

    /// <summary>The flat indices of the non-zero elements (NumPy's <c>flatnonzero</c>; the length is known after computing).</summary>
    public static DaskArray<long> FlatNonzero<T>(DaskArray<T> x)
        where T : unmanaged
    {
        DaskArray<bool> nonzero = Checked(x).IsNonZero().Ravel();
        return Arange(nonzero.Shape[0], ChunkSpec.Explicit(nonzero.Chunks.Sizes(0)))[nonzero];
    }

    /// <summary>
    /// Counts of the values in <paramref name="bins"/> equal bins over [<paramref name="min"/>,
    /// <paramref name="max"/>] (NumPy's <c>histogram</c> with a range, which Dask requires), and the
    /// bin edges; values outside the range (and NaN) are not counted, the last bin includes max.
    /// </summary>
    public static (DaskArray<long> Counts, double[] Edges) Histogram<T>(DaskArray<T> x, int bins, double min, double max)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!(max > min) || !double.IsFinite(min) || !double.IsFinite(max))
        {
            throw new ArgumentException($"Histogram needs a finite range with max > min, not [{min}, {max}].", nameof(max));
        }

        DaskArray<T> flat = Checked(x).Ravel();
        double[] edges = [.. Enumerable.Range(0, bins + 1).Select(i => Linspaced(min, max, bins, i))];
        var chunks = new Chunks([[.. Enumerable.Repeat(1L, flat.NumBlocks[0])], [bins]]);
        DaskArray<long> partial = ArrayBuilder.Blockwise<long>(
            "histogram", HistogramFunctions<T>.Count, chunks,
            [BlockInput.Mapped(flat, [0]), BlockInput.Constant(edges)]);
        return (partial.Reduce(ReduceOp.Sum, [0]), edges);
    }

    /// <summary>NumPy's linspace element i of bins + 1 points: start + i·step, the last exactly stop.</summary>
    private static double Linspaced(double start, double stop, int bins, int i) => i == bins ? stop : start + (i * ((stop - start) / bins));

    private static DaskArray<T> FloatBinary<T>(DaskArray<T> x1, DaskArray<T> x2, BinaryOp op, string name)
        where T : unmanaged
    {
        TypePromotion.RequireSame<T>(TypePromotion.Float, name);
        return ElementwiseOps.Binary(x1, x2, op);
    }
}

/// <summary>The per-block histogram: NumPy's uniform-bin search, corrected against the edges.</summary>
internal static class HistogramFunctions<T>
    where T : unmanaged
{
    public static readonly Graphs.TaskFunction Count = Graphs.TaskFunction.From((NDArray<T> block, double[] edges) =>
    {
        ArrayKernels<T> k = ArrayKernels<T>.Instance;
        int bins = edges.Length - 1;
        double first = edges[0];
        double last = edges[^1];
        double norm = bins / (last - first);
        var counts = new NDArray<long>(1, bins);
        Span<long> c = counts.AsSpan();
        foreach (T value in block.AsContiguous().AsSpan())
        {
            double v = k.ToDouble(value);
            if (!(v >= first && v <= last))
            {
                continue;
            }

            int i = (int)((v - first) * norm);
            i = Math.Min(i, bins - 1);
            if (v < edges[i])
            {
                i--;
            }
            else if (v >= edges[i + 1] && i != bins - 1)
            {
                i++;
            }

            c[i]++;
        }

        return counts;
    }).AsKernel();
}
