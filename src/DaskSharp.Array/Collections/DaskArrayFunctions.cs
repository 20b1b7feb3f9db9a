using DaskSharp.Arrays;

namespace DaskSharp;

/// <summary>
/// NumPy's floating-point functions (sqrt, exp, log, the trigonometric and hyperbolic functions and
/// their inverses, floor, ceil, trunc): float64 for int and long arrays, as NumPy's
/// (<see cref="TypePromotion.Float"/>); the element type itself for floating-point arrays.
/// </summary>
public static class DaskArrayFunctions
{
    extension<T>(DaskArray<T> x)
        where T : unmanaged
    {
        /// <summary>Square root (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Sqrt() => ElementwiseOps.Unary(Same(x, "Sqrt"), UnaryOp.Sqrt);

        /// <summary>Cube root (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Cbrt() => ElementwiseOps.Unary(Same(x, "Cbrt"), UnaryOp.Cbrt);

        /// <summary>e to the power of each element (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Exp() => ElementwiseOps.Unary(Same(x, "Exp"), UnaryOp.Exp);

        /// <summary>exp(x) − 1, accurate near 0 (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Expm1() => ElementwiseOps.Unary(Same(x, "Expm1"), UnaryOp.Expm1);

        /// <summary>Natural logarithm (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Log() => ElementwiseOps.Unary(Same(x, "Log"), UnaryOp.Log);

        /// <summary>Base-10 logarithm (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Log10() => ElementwiseOps.Unary(Same(x, "Log10"), UnaryOp.Log10);

        /// <summary>Base-2 logarithm (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Log2() => ElementwiseOps.Unary(Same(x, "Log2"), UnaryOp.Log2);

        /// <summary>log(1 + x), accurate near 0 (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Log1p() => ElementwiseOps.Unary(Same(x, "Log1p"), UnaryOp.Log1p);

        /// <summary>Sine (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Sin() => ElementwiseOps.Unary(Same(x, "Sin"), UnaryOp.Sin);

        /// <summary>Cosine (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Cos() => ElementwiseOps.Unary(Same(x, "Cos"), UnaryOp.Cos);

        /// <summary>Tangent (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Tan() => ElementwiseOps.Unary(Same(x, "Tan"), UnaryOp.Tan);

        /// <summary>Inverse sine (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> ArcSin() => ElementwiseOps.Unary(Same(x, "ArcSin"), UnaryOp.ArcSin);

        /// <summary>Inverse cosine (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> ArcCos() => ElementwiseOps.Unary(Same(x, "ArcCos"), UnaryOp.ArcCos);

        /// <summary>Inverse tangent (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> ArcTan() => ElementwiseOps.Unary(Same(x, "ArcTan"), UnaryOp.ArcTan);

        /// <summary>Hyperbolic sine (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Sinh() => ElementwiseOps.Unary(Same(x, "Sinh"), UnaryOp.Sinh);

        /// <summary>Hyperbolic cosine (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Cosh() => ElementwiseOps.Unary(Same(x, "Cosh"), UnaryOp.Cosh);

        /// <summary>Hyperbolic tangent (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Tanh() => ElementwiseOps.Unary(Same(x, "Tanh"), UnaryOp.Tanh);

        /// <summary>Inverse hyperbolic sine (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> ArcSinh() => ElementwiseOps.Unary(Same(x, "ArcSinh"), UnaryOp.ArcSinh);

        /// <summary>Inverse hyperbolic cosine (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> ArcCosh() => ElementwiseOps.Unary(Same(x, "ArcCosh"), UnaryOp.ArcCosh);

        /// <summary>Inverse hyperbolic tangent (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> ArcTanh() => ElementwiseOps.Unary(Same(x, "ArcTanh"), UnaryOp.ArcTanh);

        /// <summary>Radians to degrees (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Degrees() => ElementwiseOps.Unary(Same(x, "Degrees"), UnaryOp.Degrees);

        /// <summary>Degrees to radians (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Radians() => ElementwiseOps.Unary(Same(x, "Radians"), UnaryOp.Radians);

        /// <summary>The largest integer not above each element (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Floor() => ElementwiseOps.Unary(Same(x, "Floor"), UnaryOp.Floor);

        /// <summary>The smallest integer not below each element (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Ceil() => ElementwiseOps.Unary(Same(x, "Ceil"), UnaryOp.Ceil);

        /// <summary>Each element rounded toward zero (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Trunc() => ElementwiseOps.Unary(Same(x, "Trunc"), UnaryOp.Trunc);

        /// <summary>Each element rounded toward zero (NumPy's fix) (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Fix() => ElementwiseOps.Unary(Same(x, "Fix"), UnaryOp.Trunc);

        /// <summary>Absolute value (NumPy's fabs) (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Fabs() => ElementwiseOps.Unary(Same(x, "Fabs"), UnaryOp.Abs);

        /// <summary>2 to the power of each element (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Exp2() => ElementwiseOps.Unary(Same(x, "Exp2"), UnaryOp.Exp2);

        /// <summary>The normalised sinc, sin(πx)/(πx) (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Sinc() => ElementwiseOps.Unary(Same(x, "Sinc"), UnaryOp.Sinc);

        /// <summary>The distance to the next representable value away from zero (integer arrays: see the int and long overloads, float64).</summary>
        public DaskArray<T> Spacing() => ElementwiseOps.Unary(Same(x, "Spacing"), UnaryOp.Spacing);
    }

    extension(DaskArray<int> x)
    {
        /// <summary>Square root, in float64.</summary>
        public DaskArray<double> Sqrt() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Sqrt);

        /// <summary>Cube root, in float64.</summary>
        public DaskArray<double> Cbrt() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Cbrt);

        /// <summary>e to the power of each element, in float64.</summary>
        public DaskArray<double> Exp() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Exp);

        /// <summary>exp(x) − 1, accurate near 0, in float64.</summary>
        public DaskArray<double> Expm1() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Expm1);

        /// <summary>Natural logarithm, in float64.</summary>
        public DaskArray<double> Log() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Log);

        /// <summary>Base-10 logarithm, in float64.</summary>
        public DaskArray<double> Log10() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Log10);

        /// <summary>Base-2 logarithm, in float64.</summary>
        public DaskArray<double> Log2() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Log2);

        /// <summary>log(1 + x), accurate near 0, in float64.</summary>
        public DaskArray<double> Log1p() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Log1p);

        /// <summary>Sine, in float64.</summary>
        public DaskArray<double> Sin() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Sin);

        /// <summary>Cosine, in float64.</summary>
        public DaskArray<double> Cos() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Cos);

        /// <summary>Tangent, in float64.</summary>
        public DaskArray<double> Tan() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Tan);

        /// <summary>Inverse sine, in float64.</summary>
        public DaskArray<double> ArcSin() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.ArcSin);

        /// <summary>Inverse cosine, in float64.</summary>
        public DaskArray<double> ArcCos() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.ArcCos);

        /// <summary>Inverse tangent, in float64.</summary>
        public DaskArray<double> ArcTan() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.ArcTan);

        /// <summary>Hyperbolic sine, in float64.</summary>
        public DaskArray<double> Sinh() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Sinh);

        /// <summary>Hyperbolic cosine, in float64.</summary>
        public DaskArray<double> Cosh() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Cosh);

        /// <summary>Hyperbolic tangent, in float64.</summary>
        public DaskArray<double> Tanh() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Tanh);

        /// <summary>Inverse hyperbolic sine, in float64.</summary>
        public DaskArray<double> ArcSinh() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.ArcSinh);

        /// <summary>Inverse hyperbolic cosine, in float64.</summary>
        public DaskArray<double> ArcCosh() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.ArcCosh);

        /// <summary>Inverse hyperbolic tangent, in float64.</summary>
        public DaskArray<double> ArcTanh() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.ArcTanh);

        /// <summary>Radians to degrees, in float64.</summary>
        public DaskArray<double> Degrees() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Degrees);

        /// <summary>Degrees to radians, in float64.</summary>
        public DaskArray<double> Radians() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Radians);

        /// <summary>The largest integer not above each element, in float64.</summary>
        public DaskArray<double> Floor() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Floor);

        /// <summary>The smallest integer not below each element, in float64.</summary>
        public DaskArray<double> Ceil() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Ceil);

        /// <summary>Each element rounded toward zero, in float64.</summary>
        public DaskArray<double> Trunc() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Trunc);

        /// <summary>Each element rounded toward zero (NumPy's fix), in float64.</summary>
        public DaskArray<double> Fix() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Trunc);

        /// <summary>Absolute value (NumPy's fabs), in float64.</summary>
        public DaskArray<double> Fabs() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Abs);

        /// <summary>2 to the power of each element, in float64.</summary>
        public DaskArray<double> Exp2() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Exp2);

        /// <summary>The normalised sinc, sin(πx)/(πx), in float64.</summary>
        public DaskArray<double> Sinc() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Sinc);

        /// <summary>The distance to the next representable value away from zero, in float64.</summary>
        public DaskArray<double> Spacing() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Spacing);
    }

    extension(DaskArray<long> x)
    {
        /// <summary>Square root, in float64.</summary>
        public DaskArray<double> Sqrt() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Sqrt);

        /// <summary>Cube root, in float64.</summary>
        public DaskArray<double> Cbrt() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Cbrt);

        /// <summary>e to the power of each element, in float64.</summary>
        public DaskArray<double> Exp() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Exp);

        /// <summary>exp(x) − 1, accurate near 0, in float64.</summary>
        public DaskArray<double> Expm1() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Expm1);

        /// <summary>Natural logarithm, in float64.</summary>
        public DaskArray<double> Log() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Log);

        /// <summary>Base-10 logarithm, in float64.</summary>
        public DaskArray<double> Log10() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Log10);

        /// <summary>Base-2 logarithm, in float64.</summary>
        public DaskArray<double> Log2() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Log2);

        /// <summary>log(1 + x), accurate near 0, in float64.</summary>
        public DaskArray<double> Log1p() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Log1p);

        /// <summary>Sine, in float64.</summary>
        public DaskArray<double> Sin() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Sin);

        /// <summary>Cosine, in float64.</summary>
        public DaskArray<double> Cos() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Cos);

        /// <summary>Tangent, in float64.</summary>
        public DaskArray<double> Tan() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Tan);

        /// <summary>Inverse sine, in float64.</summary>
        public DaskArray<double> ArcSin() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.ArcSin);

        /// <summary>Inverse cosine, in float64.</summary>
        public DaskArray<double> ArcCos() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.ArcCos);

        /// <summary>Inverse tangent, in float64.</summary>
        public DaskArray<double> ArcTan() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.ArcTan);

        /// <summary>Hyperbolic sine, in float64.</summary>
        public DaskArray<double> Sinh() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Sinh);

        /// <summary>Hyperbolic cosine, in float64.</summary>
        public DaskArray<double> Cosh() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Cosh);

        /// <summary>Hyperbolic tangent, in float64.</summary>
        public DaskArray<double> Tanh() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Tanh);

        /// <summary>Inverse hyperbolic sine, in float64.</summary>
        public DaskArray<double> ArcSinh() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.ArcSinh);

        /// <summary>Inverse hyperbolic cosine, in float64.</summary>
        public DaskArray<double> ArcCosh() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.ArcCosh);

        /// <summary>Inverse hyperbolic tangent, in float64.</summary>
        public DaskArray<double> ArcTanh() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.ArcTanh);

        /// <summary>Radians to degrees, in float64.</summary>
        public DaskArray<double> Degrees() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Degrees);

        /// <summary>Degrees to radians, in float64.</summary>
        public DaskArray<double> Radians() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Radians);

        /// <summary>The largest integer not above each element, in float64.</summary>
        public DaskArray<double> Floor() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Floor);

        /// <summary>The smallest integer not below each element, in float64.</summary>
        public DaskArray<double> Ceil() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Ceil);

        /// <summary>Each element rounded toward zero, in float64.</summary>
        public DaskArray<double> Trunc() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Trunc);

        /// <summary>Each element rounded toward zero (NumPy's fix), in float64.</summary>
        public DaskArray<double> Fix() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Trunc);

        /// <summary>Absolute value (NumPy's fabs), in float64.</summary>
        public DaskArray<double> Fabs() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Abs);

        /// <summary>2 to the power of each element, in float64.</summary>
        public DaskArray<double> Exp2() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Exp2);

        /// <summary>The normalised sinc, sin(πx)/(πx), in float64.</summary>
        public DaskArray<double> Sinc() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Sinc);

        /// <summary>The distance to the next representable value away from zero, in float64.</summary>
        public DaskArray<double> Spacing() => ElementwiseOps.Unary(x.AsType<double>(), UnaryOp.Spacing);
    }

    private static DaskArray<T> Same<T>(DaskArray<T> x, string operation)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        TypePromotion.RequireSame<T>(TypePromotion.Float, operation);
        return x;
    }
}
