namespace DaskSharp;

/// <summary>Elementwise operations of two arrays (NumPy's binary ufuncs).</summary>
public enum BinaryOp
{
    /// <summary><c>x + y</c></summary>
    Add,

    /// <summary><c>x - y</c></summary>
    Subtract,

    /// <summary><c>x * y</c></summary>
    Multiply,

    /// <summary><c>x / y</c></summary>
    Divide,

    /// <summary><c>x % y</c> with the sign of <c>y</c>, as NumPy's <c>remainder</c>.</summary>
    Remainder,

    /// <summary>The larger of <c>x</c> and <c>y</c>; NaN if either is NaN.</summary>
    Maximum,

    /// <summary>The smaller of <c>x</c> and <c>y</c>; NaN if either is NaN.</summary>
    Minimum,

    /// <summary><c>x</c> to the power <c>y</c>.</summary>
    Power,

    /// <summary><c>floor(x / y)</c>, as Python's and NumPy's <c>//</c> (0 for an integer divided by 0).</summary>
    FloorDivide,

    /// <summary>C's <c>fmod</c>: the remainder with the sign of <c>x</c> (0 for an integer divided by 0).</summary>
    Fmod,

    /// <summary>The smaller of <c>x</c> and <c>y</c>, ignoring a NaN (NumPy's <c>fmin</c>).</summary>
    Fmin,

    /// <summary>The larger of <c>x</c> and <c>y</c>, ignoring a NaN (NumPy's <c>fmax</c>).</summary>
    Fmax,

    /// <summary>NumPy's <c>arctan2(x1, x2)</c>: the angle of the point (x2, x1), atan(x1 / x2) in the right quadrant.</summary>
    ArcTan2,

    /// <summary><c>sqrt(x² + y²)</c> without overflow.</summary>
    Hypot,

    /// <summary><c>x &amp; y</c>: bitwise on integers, logical on bools.</summary>
    BitwiseAnd,

    /// <summary><c>x | y</c>: bitwise on integers, logical on bools.</summary>
    BitwiseOr,

    /// <summary><c>x ^ y</c>: bitwise on integers, logical on bools.</summary>
    BitwiseXor,

    /// <summary><c>x &lt;&lt; y</c> on integers.</summary>
    LeftShift,

    /// <summary><c>x &gt;&gt; y</c> on integers (arithmetic for signed types).</summary>
    RightShift,

    /// <summary>The magnitude of <c>x</c> with the sign of <c>y</c>.</summary>
    CopySign,

    /// <summary>The next representable value after <c>x</c> toward <c>y</c>.</summary>
    NextAfter,

    /// <summary><c>log(exp(x) + exp(y))</c> without overflow.</summary>
    LogAddExp,

    /// <summary><c>log2(2^x + 2^y)</c> without overflow.</summary>
    LogAddExp2,

    /// <summary><c>x · 2^y</c> (NumPy's <c>ldexp</c>).</summary>
    Ldexp,
}

/// <summary>Elementwise functions of one array (NumPy's unary ufuncs).</summary>
public enum UnaryOp
{
    /// <summary><c>-x</c></summary>
    Negate,

    /// <summary><c>|x|</c></summary>
    Abs,

    /// <summary>Square root.</summary>
    Sqrt,

    /// <summary><c>e^x</c></summary>
    Exp,

    /// <summary>Natural logarithm.</summary>
    Log,

    /// <summary>Sine.</summary>
    Sin,

    /// <summary>Cosine.</summary>
    Cos,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh,

    /// <summary>The largest integer not above x.</summary>
    Floor,

    /// <summary>The smallest integer not below x.</summary>
    Ceil,

    /// <summary>x rounded toward zero.</summary>
    Trunc,

    /// <summary>x rounded to the nearest integer, halves to even (NumPy's <c>rint</c> and <c>round</c>).</summary>
    Rint,

    /// <summary>-1, 0 or 1 by the sign of x (NaN for NaN).</summary>
    Sign,

    /// <summary><c>x * x</c>.</summary>
    Square,

    /// <summary>Base-10 logarithm.</summary>
    Log10,

    /// <summary>Base-2 logarithm.</summary>
    Log2,

    /// <summary><c>log(1 + x)</c>, accurate for small x.</summary>
    Log1p,

    /// <summary><c>exp(x) - 1</c>, accurate for small x.</summary>
    Expm1,

    /// <summary>Tangent.</summary>
    Tan,

    /// <summary>Inverse sine.</summary>
    ArcSin,

    /// <summary>Inverse cosine.</summary>
    ArcCos,

    /// <summary>Inverse tangent.</summary>
    ArcTan,

    /// <summary>Hyperbolic sine.</summary>
    Sinh,

    /// <summary>Hyperbolic cosine.</summary>
    Cosh,

    /// <summary>Inverse hyperbolic sine.</summary>
    ArcSinh,

    /// <summary>Inverse hyperbolic cosine.</summary>
    ArcCosh,

    /// <summary>Inverse hyperbolic tangent.</summary>
    ArcTanh,

    /// <summary>Cube root.</summary>
    Cbrt,

    /// <summary>Radians to degrees.</summary>
    Degrees,

    /// <summary>Degrees to radians.</summary>
    Radians,

    /// <summary><c>~x</c>: bitwise not on integers, logical not on bools.</summary>
    Invert,

    /// <summary><c>2^x</c>.</summary>
    Exp2,

    /// <summary><c>1 / x</c>.</summary>
    Reciprocal,

    /// <summary>The normalised sinc, <c>sin(πx) / (πx)</c> (1 at 0).</summary>
    Sinc,

    /// <summary>The distance from x to the next representable value away from zero (NumPy's <c>spacing</c>).</summary>
    Spacing,
}

/// <summary>Comparisons giving boolean arrays.</summary>
public enum CompareOp
{
    /// <summary><c>x == y</c></summary>
    Equal,

    /// <summary><c>x != y</c></summary>
    NotEqual,

    /// <summary><c>x &lt; y</c></summary>
    Less,

    /// <summary><c>x &lt;= y</c></summary>
    LessOrEqual,

    /// <summary><c>x &gt; y</c></summary>
    Greater,

    /// <summary><c>x &gt;= y</c></summary>
    GreaterOrEqual,
}

/// <summary>Reductions that combine elements pairwise.</summary>
public enum ReduceOp
{
    /// <summary>Sum.</summary>
    Sum,

    /// <summary>Product.</summary>
    Prod,

    /// <summary>Minimum (NaN if any is NaN).</summary>
    Min,

    /// <summary>Maximum (NaN if any is NaN).</summary>
    Max,

    /// <summary>Sum of the elements that are not NaN.</summary>
    NanSum,

    /// <summary>Product of the elements that are not NaN.</summary>
    NanProd,

    /// <summary>Minimum of the elements that are not NaN (NaN when all are).</summary>
    NanMin,

    /// <summary>Maximum of the elements that are not NaN (NaN when all are).</summary>
    NanMax,
}
