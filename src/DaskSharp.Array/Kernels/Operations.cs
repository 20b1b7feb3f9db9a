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
}
