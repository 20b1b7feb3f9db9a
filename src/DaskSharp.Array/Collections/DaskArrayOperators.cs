using DaskSharp.Arrays;

namespace DaskSharp;

/// <summary>
/// The operators whose meaning depends on the element type: <c>/</c> is NumPy's true division
/// (float64 for integers and bools, <see cref="TypePromotion.TrueDivide"/>); <c>&amp;</c>, <c>|</c>,
/// <c>^</c> and <c>~</c> are bitwise on integers and logical on bools (where <c>!</c> is also
/// logical not); <c>&lt;&lt;</c> and <c>&gt;&gt;</c> shift integers. Floating-point arrays have no
/// bitwise operators, so <c>x &amp; y</c> on doubles does not compile.
/// </summary>
public static class DaskArrayOperators
{
    extension(DaskArray<double> x)
    {
        /// <summary>Elementwise quotient with broadcasting.</summary>
        public static DaskArray<double> operator /(DaskArray<double> a, DaskArray<double> b) => ElementwiseOps.Binary(a, b, BinaryOp.Divide);

        /// <summary>Divides by a scalar.</summary>
        public static DaskArray<double> operator /(DaskArray<double> a, double b) => ElementwiseOps.Scalar(a, b, BinaryOp.Divide, scalarOnLeft: false);

        /// <summary>Divides a scalar.</summary>
        public static DaskArray<double> operator /(double a, DaskArray<double> b) => ElementwiseOps.Scalar(b, a, BinaryOp.Divide, scalarOnLeft: true);
    }

    extension(DaskArray<float> x)
    {
        /// <summary>Elementwise quotient with broadcasting.</summary>
        public static DaskArray<float> operator /(DaskArray<float> a, DaskArray<float> b) => ElementwiseOps.Binary(a, b, BinaryOp.Divide);

        /// <summary>Divides by a scalar.</summary>
        public static DaskArray<float> operator /(DaskArray<float> a, float b) => ElementwiseOps.Scalar(a, b, BinaryOp.Divide, scalarOnLeft: false);

        /// <summary>Divides a scalar.</summary>
        public static DaskArray<float> operator /(float a, DaskArray<float> b) => ElementwiseOps.Scalar(b, a, BinaryOp.Divide, scalarOnLeft: true);
    }

    extension(DaskArray<Half> x)
    {
        /// <summary>Elementwise quotient with broadcasting.</summary>
        public static DaskArray<Half> operator /(DaskArray<Half> a, DaskArray<Half> b) => ElementwiseOps.Binary(a, b, BinaryOp.Divide);

        /// <summary>Divides by a scalar.</summary>
        public static DaskArray<Half> operator /(DaskArray<Half> a, Half b) => ElementwiseOps.Scalar(a, b, BinaryOp.Divide, scalarOnLeft: false);

        /// <summary>Divides a scalar.</summary>
        public static DaskArray<Half> operator /(Half a, DaskArray<Half> b) => ElementwiseOps.Scalar(b, a, BinaryOp.Divide, scalarOnLeft: true);
    }

    extension(DaskArray<long> x)
    {
        /// <summary>NumPy's true division: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<long> a, DaskArray<long> b) => ElementwiseOps.Binary(Checked(a).AsType<double>(), Checked(b).AsType<double>(), BinaryOp.Divide);

        /// <summary>NumPy's true division by a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<long> a, long b) => ElementwiseOps.Scalar(Checked(a).AsType<double>(), (double)b, BinaryOp.Divide, scalarOnLeft: false);

        /// <summary>NumPy's true division of a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(long a, DaskArray<long> b) => ElementwiseOps.Scalar(Checked(b).AsType<double>(), (double)a, BinaryOp.Divide, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>&amp;</c> with broadcasting.</summary>
        public static DaskArray<long> operator &(DaskArray<long> a, DaskArray<long> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseAnd);

        /// <summary>Elementwise bitwise <c>&amp;</c> with a scalar.</summary>
        public static DaskArray<long> operator &(DaskArray<long> a, long b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseAnd, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>&amp;</c> of a scalar.</summary>
        public static DaskArray<long> operator &(long a, DaskArray<long> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseAnd, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>|</c> with broadcasting.</summary>
        public static DaskArray<long> operator |(DaskArray<long> a, DaskArray<long> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseOr);

        /// <summary>Elementwise bitwise <c>|</c> with a scalar.</summary>
        public static DaskArray<long> operator |(DaskArray<long> a, long b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseOr, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>|</c> of a scalar.</summary>
        public static DaskArray<long> operator |(long a, DaskArray<long> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseOr, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>^</c> with broadcasting.</summary>
        public static DaskArray<long> operator ^(DaskArray<long> a, DaskArray<long> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseXor);

        /// <summary>Elementwise bitwise <c>^</c> with a scalar.</summary>
        public static DaskArray<long> operator ^(DaskArray<long> a, long b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseXor, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>^</c> of a scalar.</summary>
        public static DaskArray<long> operator ^(long a, DaskArray<long> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseXor, scalarOnLeft: true);

        /// <summary>Elementwise bitwise not (NumPy's <c>~</c>).</summary>
        public static DaskArray<long> operator ~(DaskArray<long> a) => ElementwiseOps.Unary(a, UnaryOp.Invert);

        /// <summary>Each element shifted left by the matching count.</summary>
        public static DaskArray<long> operator <<(DaskArray<long> a, DaskArray<long> b) => ElementwiseOps.Binary(a, b, BinaryOp.LeftShift);

        /// <summary>Each element shifted left by <paramref name="b"/> bits.</summary>
        public static DaskArray<long> operator <<(DaskArray<long> a, long b) => ElementwiseOps.Scalar(a, b, BinaryOp.LeftShift, scalarOnLeft: false);

        /// <summary>Each element shifted right by the matching count (arithmetic for signed types).</summary>
        public static DaskArray<long> operator >>(DaskArray<long> a, DaskArray<long> b) => ElementwiseOps.Binary(a, b, BinaryOp.RightShift);

        /// <summary>Each element shifted right by <paramref name="b"/> bits.</summary>
        public static DaskArray<long> operator >>(DaskArray<long> a, long b) => ElementwiseOps.Scalar(a, b, BinaryOp.RightShift, scalarOnLeft: false);
    }

    extension(DaskArray<int> x)
    {
        /// <summary>NumPy's true division: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<int> a, DaskArray<int> b) => ElementwiseOps.Binary(Checked(a).AsType<double>(), Checked(b).AsType<double>(), BinaryOp.Divide);

        /// <summary>NumPy's true division by a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<int> a, int b) => ElementwiseOps.Scalar(Checked(a).AsType<double>(), (double)b, BinaryOp.Divide, scalarOnLeft: false);

        /// <summary>NumPy's true division of a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(int a, DaskArray<int> b) => ElementwiseOps.Scalar(Checked(b).AsType<double>(), (double)a, BinaryOp.Divide, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>&amp;</c> with broadcasting.</summary>
        public static DaskArray<int> operator &(DaskArray<int> a, DaskArray<int> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseAnd);

        /// <summary>Elementwise bitwise <c>&amp;</c> with a scalar.</summary>
        public static DaskArray<int> operator &(DaskArray<int> a, int b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseAnd, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>&amp;</c> of a scalar.</summary>
        public static DaskArray<int> operator &(int a, DaskArray<int> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseAnd, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>|</c> with broadcasting.</summary>
        public static DaskArray<int> operator |(DaskArray<int> a, DaskArray<int> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseOr);

        /// <summary>Elementwise bitwise <c>|</c> with a scalar.</summary>
        public static DaskArray<int> operator |(DaskArray<int> a, int b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseOr, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>|</c> of a scalar.</summary>
        public static DaskArray<int> operator |(int a, DaskArray<int> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseOr, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>^</c> with broadcasting.</summary>
        public static DaskArray<int> operator ^(DaskArray<int> a, DaskArray<int> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseXor);

        /// <summary>Elementwise bitwise <c>^</c> with a scalar.</summary>
        public static DaskArray<int> operator ^(DaskArray<int> a, int b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseXor, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>^</c> of a scalar.</summary>
        public static DaskArray<int> operator ^(int a, DaskArray<int> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseXor, scalarOnLeft: true);

        /// <summary>Elementwise bitwise not (NumPy's <c>~</c>).</summary>
        public static DaskArray<int> operator ~(DaskArray<int> a) => ElementwiseOps.Unary(a, UnaryOp.Invert);

        /// <summary>Each element shifted left by the matching count.</summary>
        public static DaskArray<int> operator <<(DaskArray<int> a, DaskArray<int> b) => ElementwiseOps.Binary(a, b, BinaryOp.LeftShift);

        /// <summary>Each element shifted left by <paramref name="b"/> bits.</summary>
        public static DaskArray<int> operator <<(DaskArray<int> a, int b) => ElementwiseOps.Scalar(a, b, BinaryOp.LeftShift, scalarOnLeft: false);

        /// <summary>Each element shifted right by the matching count (arithmetic for signed types).</summary>
        public static DaskArray<int> operator >>(DaskArray<int> a, DaskArray<int> b) => ElementwiseOps.Binary(a, b, BinaryOp.RightShift);

        /// <summary>Each element shifted right by <paramref name="b"/> bits.</summary>
        public static DaskArray<int> operator >>(DaskArray<int> a, int b) => ElementwiseOps.Scalar(a, b, BinaryOp.RightShift, scalarOnLeft: false);
    }

    extension(DaskArray<short> x)
    {
        /// <summary>NumPy's true division: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<short> a, DaskArray<short> b) => ElementwiseOps.Binary(Checked(a).AsType<double>(), Checked(b).AsType<double>(), BinaryOp.Divide);

        /// <summary>NumPy's true division by a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<short> a, short b) => ElementwiseOps.Scalar(Checked(a).AsType<double>(), (double)b, BinaryOp.Divide, scalarOnLeft: false);

        /// <summary>NumPy's true division of a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(short a, DaskArray<short> b) => ElementwiseOps.Scalar(Checked(b).AsType<double>(), (double)a, BinaryOp.Divide, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>&amp;</c> with broadcasting.</summary>
        public static DaskArray<short> operator &(DaskArray<short> a, DaskArray<short> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseAnd);

        /// <summary>Elementwise bitwise <c>&amp;</c> with a scalar.</summary>
        public static DaskArray<short> operator &(DaskArray<short> a, short b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseAnd, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>&amp;</c> of a scalar.</summary>
        public static DaskArray<short> operator &(short a, DaskArray<short> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseAnd, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>|</c> with broadcasting.</summary>
        public static DaskArray<short> operator |(DaskArray<short> a, DaskArray<short> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseOr);

        /// <summary>Elementwise bitwise <c>|</c> with a scalar.</summary>
        public static DaskArray<short> operator |(DaskArray<short> a, short b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseOr, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>|</c> of a scalar.</summary>
        public static DaskArray<short> operator |(short a, DaskArray<short> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseOr, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>^</c> with broadcasting.</summary>
        public static DaskArray<short> operator ^(DaskArray<short> a, DaskArray<short> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseXor);

        /// <summary>Elementwise bitwise <c>^</c> with a scalar.</summary>
        public static DaskArray<short> operator ^(DaskArray<short> a, short b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseXor, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>^</c> of a scalar.</summary>
        public static DaskArray<short> operator ^(short a, DaskArray<short> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseXor, scalarOnLeft: true);

        /// <summary>Elementwise bitwise not (NumPy's <c>~</c>).</summary>
        public static DaskArray<short> operator ~(DaskArray<short> a) => ElementwiseOps.Unary(a, UnaryOp.Invert);

        /// <summary>Each element shifted left by the matching count.</summary>
        public static DaskArray<short> operator <<(DaskArray<short> a, DaskArray<short> b) => ElementwiseOps.Binary(a, b, BinaryOp.LeftShift);

        /// <summary>Each element shifted left by <paramref name="b"/> bits.</summary>
        public static DaskArray<short> operator <<(DaskArray<short> a, short b) => ElementwiseOps.Scalar(a, b, BinaryOp.LeftShift, scalarOnLeft: false);

        /// <summary>Each element shifted right by the matching count (arithmetic for signed types).</summary>
        public static DaskArray<short> operator >>(DaskArray<short> a, DaskArray<short> b) => ElementwiseOps.Binary(a, b, BinaryOp.RightShift);

        /// <summary>Each element shifted right by <paramref name="b"/> bits.</summary>
        public static DaskArray<short> operator >>(DaskArray<short> a, short b) => ElementwiseOps.Scalar(a, b, BinaryOp.RightShift, scalarOnLeft: false);
    }

    extension(DaskArray<sbyte> x)
    {
        /// <summary>NumPy's true division: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<sbyte> a, DaskArray<sbyte> b) => ElementwiseOps.Binary(Checked(a).AsType<double>(), Checked(b).AsType<double>(), BinaryOp.Divide);

        /// <summary>NumPy's true division by a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<sbyte> a, sbyte b) => ElementwiseOps.Scalar(Checked(a).AsType<double>(), (double)b, BinaryOp.Divide, scalarOnLeft: false);

        /// <summary>NumPy's true division of a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(sbyte a, DaskArray<sbyte> b) => ElementwiseOps.Scalar(Checked(b).AsType<double>(), (double)a, BinaryOp.Divide, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>&amp;</c> with broadcasting.</summary>
        public static DaskArray<sbyte> operator &(DaskArray<sbyte> a, DaskArray<sbyte> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseAnd);

        /// <summary>Elementwise bitwise <c>&amp;</c> with a scalar.</summary>
        public static DaskArray<sbyte> operator &(DaskArray<sbyte> a, sbyte b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseAnd, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>&amp;</c> of a scalar.</summary>
        public static DaskArray<sbyte> operator &(sbyte a, DaskArray<sbyte> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseAnd, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>|</c> with broadcasting.</summary>
        public static DaskArray<sbyte> operator |(DaskArray<sbyte> a, DaskArray<sbyte> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseOr);

        /// <summary>Elementwise bitwise <c>|</c> with a scalar.</summary>
        public static DaskArray<sbyte> operator |(DaskArray<sbyte> a, sbyte b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseOr, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>|</c> of a scalar.</summary>
        public static DaskArray<sbyte> operator |(sbyte a, DaskArray<sbyte> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseOr, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>^</c> with broadcasting.</summary>
        public static DaskArray<sbyte> operator ^(DaskArray<sbyte> a, DaskArray<sbyte> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseXor);

        /// <summary>Elementwise bitwise <c>^</c> with a scalar.</summary>
        public static DaskArray<sbyte> operator ^(DaskArray<sbyte> a, sbyte b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseXor, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>^</c> of a scalar.</summary>
        public static DaskArray<sbyte> operator ^(sbyte a, DaskArray<sbyte> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseXor, scalarOnLeft: true);

        /// <summary>Elementwise bitwise not (NumPy's <c>~</c>).</summary>
        public static DaskArray<sbyte> operator ~(DaskArray<sbyte> a) => ElementwiseOps.Unary(a, UnaryOp.Invert);

        /// <summary>Each element shifted left by the matching count.</summary>
        public static DaskArray<sbyte> operator <<(DaskArray<sbyte> a, DaskArray<sbyte> b) => ElementwiseOps.Binary(a, b, BinaryOp.LeftShift);

        /// <summary>Each element shifted left by <paramref name="b"/> bits.</summary>
        public static DaskArray<sbyte> operator <<(DaskArray<sbyte> a, sbyte b) => ElementwiseOps.Scalar(a, b, BinaryOp.LeftShift, scalarOnLeft: false);

        /// <summary>Each element shifted right by the matching count (arithmetic for signed types).</summary>
        public static DaskArray<sbyte> operator >>(DaskArray<sbyte> a, DaskArray<sbyte> b) => ElementwiseOps.Binary(a, b, BinaryOp.RightShift);

        /// <summary>Each element shifted right by <paramref name="b"/> bits.</summary>
        public static DaskArray<sbyte> operator >>(DaskArray<sbyte> a, sbyte b) => ElementwiseOps.Scalar(a, b, BinaryOp.RightShift, scalarOnLeft: false);
    }

    extension(DaskArray<ulong> x)
    {
        /// <summary>NumPy's true division: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<ulong> a, DaskArray<ulong> b) => ElementwiseOps.Binary(Checked(a).AsType<double>(), Checked(b).AsType<double>(), BinaryOp.Divide);

        /// <summary>NumPy's true division by a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<ulong> a, ulong b) => ElementwiseOps.Scalar(Checked(a).AsType<double>(), (double)b, BinaryOp.Divide, scalarOnLeft: false);

        /// <summary>NumPy's true division of a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(ulong a, DaskArray<ulong> b) => ElementwiseOps.Scalar(Checked(b).AsType<double>(), (double)a, BinaryOp.Divide, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>&amp;</c> with broadcasting.</summary>
        public static DaskArray<ulong> operator &(DaskArray<ulong> a, DaskArray<ulong> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseAnd);

        /// <summary>Elementwise bitwise <c>&amp;</c> with a scalar.</summary>
        public static DaskArray<ulong> operator &(DaskArray<ulong> a, ulong b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseAnd, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>&amp;</c> of a scalar.</summary>
        public static DaskArray<ulong> operator &(ulong a, DaskArray<ulong> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseAnd, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>|</c> with broadcasting.</summary>
        public static DaskArray<ulong> operator |(DaskArray<ulong> a, DaskArray<ulong> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseOr);

        /// <summary>Elementwise bitwise <c>|</c> with a scalar.</summary>
        public static DaskArray<ulong> operator |(DaskArray<ulong> a, ulong b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseOr, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>|</c> of a scalar.</summary>
        public static DaskArray<ulong> operator |(ulong a, DaskArray<ulong> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseOr, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>^</c> with broadcasting.</summary>
        public static DaskArray<ulong> operator ^(DaskArray<ulong> a, DaskArray<ulong> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseXor);

        /// <summary>Elementwise bitwise <c>^</c> with a scalar.</summary>
        public static DaskArray<ulong> operator ^(DaskArray<ulong> a, ulong b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseXor, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>^</c> of a scalar.</summary>
        public static DaskArray<ulong> operator ^(ulong a, DaskArray<ulong> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseXor, scalarOnLeft: true);

        /// <summary>Elementwise bitwise not (NumPy's <c>~</c>).</summary>
        public static DaskArray<ulong> operator ~(DaskArray<ulong> a) => ElementwiseOps.Unary(a, UnaryOp.Invert);

        /// <summary>Each element shifted left by the matching count.</summary>
        public static DaskArray<ulong> operator <<(DaskArray<ulong> a, DaskArray<ulong> b) => ElementwiseOps.Binary(a, b, BinaryOp.LeftShift);

        /// <summary>Each element shifted left by <paramref name="b"/> bits.</summary>
        public static DaskArray<ulong> operator <<(DaskArray<ulong> a, ulong b) => ElementwiseOps.Scalar(a, b, BinaryOp.LeftShift, scalarOnLeft: false);

        /// <summary>Each element shifted right by the matching count (arithmetic for signed types).</summary>
        public static DaskArray<ulong> operator >>(DaskArray<ulong> a, DaskArray<ulong> b) => ElementwiseOps.Binary(a, b, BinaryOp.RightShift);

        /// <summary>Each element shifted right by <paramref name="b"/> bits.</summary>
        public static DaskArray<ulong> operator >>(DaskArray<ulong> a, ulong b) => ElementwiseOps.Scalar(a, b, BinaryOp.RightShift, scalarOnLeft: false);
    }

    extension(DaskArray<uint> x)
    {
        /// <summary>NumPy's true division: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<uint> a, DaskArray<uint> b) => ElementwiseOps.Binary(Checked(a).AsType<double>(), Checked(b).AsType<double>(), BinaryOp.Divide);

        /// <summary>NumPy's true division by a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<uint> a, uint b) => ElementwiseOps.Scalar(Checked(a).AsType<double>(), (double)b, BinaryOp.Divide, scalarOnLeft: false);

        /// <summary>NumPy's true division of a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(uint a, DaskArray<uint> b) => ElementwiseOps.Scalar(Checked(b).AsType<double>(), (double)a, BinaryOp.Divide, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>&amp;</c> with broadcasting.</summary>
        public static DaskArray<uint> operator &(DaskArray<uint> a, DaskArray<uint> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseAnd);

        /// <summary>Elementwise bitwise <c>&amp;</c> with a scalar.</summary>
        public static DaskArray<uint> operator &(DaskArray<uint> a, uint b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseAnd, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>&amp;</c> of a scalar.</summary>
        public static DaskArray<uint> operator &(uint a, DaskArray<uint> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseAnd, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>|</c> with broadcasting.</summary>
        public static DaskArray<uint> operator |(DaskArray<uint> a, DaskArray<uint> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseOr);

        /// <summary>Elementwise bitwise <c>|</c> with a scalar.</summary>
        public static DaskArray<uint> operator |(DaskArray<uint> a, uint b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseOr, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>|</c> of a scalar.</summary>
        public static DaskArray<uint> operator |(uint a, DaskArray<uint> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseOr, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>^</c> with broadcasting.</summary>
        public static DaskArray<uint> operator ^(DaskArray<uint> a, DaskArray<uint> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseXor);

        /// <summary>Elementwise bitwise <c>^</c> with a scalar.</summary>
        public static DaskArray<uint> operator ^(DaskArray<uint> a, uint b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseXor, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>^</c> of a scalar.</summary>
        public static DaskArray<uint> operator ^(uint a, DaskArray<uint> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseXor, scalarOnLeft: true);

        /// <summary>Elementwise bitwise not (NumPy's <c>~</c>).</summary>
        public static DaskArray<uint> operator ~(DaskArray<uint> a) => ElementwiseOps.Unary(a, UnaryOp.Invert);

        /// <summary>Each element shifted left by the matching count.</summary>
        public static DaskArray<uint> operator <<(DaskArray<uint> a, DaskArray<uint> b) => ElementwiseOps.Binary(a, b, BinaryOp.LeftShift);

        /// <summary>Each element shifted left by <paramref name="b"/> bits.</summary>
        public static DaskArray<uint> operator <<(DaskArray<uint> a, uint b) => ElementwiseOps.Scalar(a, b, BinaryOp.LeftShift, scalarOnLeft: false);

        /// <summary>Each element shifted right by the matching count (arithmetic for signed types).</summary>
        public static DaskArray<uint> operator >>(DaskArray<uint> a, DaskArray<uint> b) => ElementwiseOps.Binary(a, b, BinaryOp.RightShift);

        /// <summary>Each element shifted right by <paramref name="b"/> bits.</summary>
        public static DaskArray<uint> operator >>(DaskArray<uint> a, uint b) => ElementwiseOps.Scalar(a, b, BinaryOp.RightShift, scalarOnLeft: false);
    }

    extension(DaskArray<ushort> x)
    {
        /// <summary>NumPy's true division: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<ushort> a, DaskArray<ushort> b) => ElementwiseOps.Binary(Checked(a).AsType<double>(), Checked(b).AsType<double>(), BinaryOp.Divide);

        /// <summary>NumPy's true division by a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<ushort> a, ushort b) => ElementwiseOps.Scalar(Checked(a).AsType<double>(), (double)b, BinaryOp.Divide, scalarOnLeft: false);

        /// <summary>NumPy's true division of a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(ushort a, DaskArray<ushort> b) => ElementwiseOps.Scalar(Checked(b).AsType<double>(), (double)a, BinaryOp.Divide, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>&amp;</c> with broadcasting.</summary>
        public static DaskArray<ushort> operator &(DaskArray<ushort> a, DaskArray<ushort> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseAnd);

        /// <summary>Elementwise bitwise <c>&amp;</c> with a scalar.</summary>
        public static DaskArray<ushort> operator &(DaskArray<ushort> a, ushort b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseAnd, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>&amp;</c> of a scalar.</summary>
        public static DaskArray<ushort> operator &(ushort a, DaskArray<ushort> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseAnd, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>|</c> with broadcasting.</summary>
        public static DaskArray<ushort> operator |(DaskArray<ushort> a, DaskArray<ushort> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseOr);

        /// <summary>Elementwise bitwise <c>|</c> with a scalar.</summary>
        public static DaskArray<ushort> operator |(DaskArray<ushort> a, ushort b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseOr, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>|</c> of a scalar.</summary>
        public static DaskArray<ushort> operator |(ushort a, DaskArray<ushort> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseOr, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>^</c> with broadcasting.</summary>
        public static DaskArray<ushort> operator ^(DaskArray<ushort> a, DaskArray<ushort> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseXor);

        /// <summary>Elementwise bitwise <c>^</c> with a scalar.</summary>
        public static DaskArray<ushort> operator ^(DaskArray<ushort> a, ushort b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseXor, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>^</c> of a scalar.</summary>
        public static DaskArray<ushort> operator ^(ushort a, DaskArray<ushort> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseXor, scalarOnLeft: true);

        /// <summary>Elementwise bitwise not (NumPy's <c>~</c>).</summary>
        public static DaskArray<ushort> operator ~(DaskArray<ushort> a) => ElementwiseOps.Unary(a, UnaryOp.Invert);

        /// <summary>Each element shifted left by the matching count.</summary>
        public static DaskArray<ushort> operator <<(DaskArray<ushort> a, DaskArray<ushort> b) => ElementwiseOps.Binary(a, b, BinaryOp.LeftShift);

        /// <summary>Each element shifted left by <paramref name="b"/> bits.</summary>
        public static DaskArray<ushort> operator <<(DaskArray<ushort> a, ushort b) => ElementwiseOps.Scalar(a, b, BinaryOp.LeftShift, scalarOnLeft: false);

        /// <summary>Each element shifted right by the matching count (arithmetic for signed types).</summary>
        public static DaskArray<ushort> operator >>(DaskArray<ushort> a, DaskArray<ushort> b) => ElementwiseOps.Binary(a, b, BinaryOp.RightShift);

        /// <summary>Each element shifted right by <paramref name="b"/> bits.</summary>
        public static DaskArray<ushort> operator >>(DaskArray<ushort> a, ushort b) => ElementwiseOps.Scalar(a, b, BinaryOp.RightShift, scalarOnLeft: false);
    }

    extension(DaskArray<byte> x)
    {
        /// <summary>NumPy's true division: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<byte> a, DaskArray<byte> b) => ElementwiseOps.Binary(Checked(a).AsType<double>(), Checked(b).AsType<double>(), BinaryOp.Divide);

        /// <summary>NumPy's true division by a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<byte> a, byte b) => ElementwiseOps.Scalar(Checked(a).AsType<double>(), (double)b, BinaryOp.Divide, scalarOnLeft: false);

        /// <summary>NumPy's true division of a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(byte a, DaskArray<byte> b) => ElementwiseOps.Scalar(Checked(b).AsType<double>(), (double)a, BinaryOp.Divide, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>&amp;</c> with broadcasting.</summary>
        public static DaskArray<byte> operator &(DaskArray<byte> a, DaskArray<byte> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseAnd);

        /// <summary>Elementwise bitwise <c>&amp;</c> with a scalar.</summary>
        public static DaskArray<byte> operator &(DaskArray<byte> a, byte b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseAnd, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>&amp;</c> of a scalar.</summary>
        public static DaskArray<byte> operator &(byte a, DaskArray<byte> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseAnd, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>|</c> with broadcasting.</summary>
        public static DaskArray<byte> operator |(DaskArray<byte> a, DaskArray<byte> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseOr);

        /// <summary>Elementwise bitwise <c>|</c> with a scalar.</summary>
        public static DaskArray<byte> operator |(DaskArray<byte> a, byte b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseOr, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>|</c> of a scalar.</summary>
        public static DaskArray<byte> operator |(byte a, DaskArray<byte> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseOr, scalarOnLeft: true);

        /// <summary>Elementwise bitwise <c>^</c> with broadcasting.</summary>
        public static DaskArray<byte> operator ^(DaskArray<byte> a, DaskArray<byte> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseXor);

        /// <summary>Elementwise bitwise <c>^</c> with a scalar.</summary>
        public static DaskArray<byte> operator ^(DaskArray<byte> a, byte b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseXor, scalarOnLeft: false);

        /// <summary>Elementwise bitwise <c>^</c> of a scalar.</summary>
        public static DaskArray<byte> operator ^(byte a, DaskArray<byte> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseXor, scalarOnLeft: true);

        /// <summary>Elementwise bitwise not (NumPy's <c>~</c>).</summary>
        public static DaskArray<byte> operator ~(DaskArray<byte> a) => ElementwiseOps.Unary(a, UnaryOp.Invert);

        /// <summary>Each element shifted left by the matching count.</summary>
        public static DaskArray<byte> operator <<(DaskArray<byte> a, DaskArray<byte> b) => ElementwiseOps.Binary(a, b, BinaryOp.LeftShift);

        /// <summary>Each element shifted left by <paramref name="b"/> bits.</summary>
        public static DaskArray<byte> operator <<(DaskArray<byte> a, byte b) => ElementwiseOps.Scalar(a, b, BinaryOp.LeftShift, scalarOnLeft: false);

        /// <summary>Each element shifted right by the matching count (arithmetic for signed types).</summary>
        public static DaskArray<byte> operator >>(DaskArray<byte> a, DaskArray<byte> b) => ElementwiseOps.Binary(a, b, BinaryOp.RightShift);

        /// <summary>Each element shifted right by <paramref name="b"/> bits.</summary>
        public static DaskArray<byte> operator >>(DaskArray<byte> a, byte b) => ElementwiseOps.Scalar(a, b, BinaryOp.RightShift, scalarOnLeft: false);
    }

    extension(DaskArray<bool> x)
    {
        /// <summary>NumPy's true division: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<bool> a, DaskArray<bool> b) => ElementwiseOps.Binary(Checked(a).AsType<double>(), Checked(b).AsType<double>(), BinaryOp.Divide);

        /// <summary>NumPy's true division by a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(DaskArray<bool> a, bool b) => ElementwiseOps.Scalar(Checked(a).AsType<double>(), b ? 1.0 : 0.0, BinaryOp.Divide, scalarOnLeft: false);

        /// <summary>NumPy's true division of a scalar: the float64 quotient.</summary>
        public static DaskArray<double> operator /(bool a, DaskArray<bool> b) => ElementwiseOps.Scalar(Checked(b).AsType<double>(), a ? 1.0 : 0.0, BinaryOp.Divide, scalarOnLeft: true);

        /// <summary>Elementwise logical <c>&amp;</c> with broadcasting.</summary>
        public static DaskArray<bool> operator &(DaskArray<bool> a, DaskArray<bool> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseAnd);

        /// <summary>Elementwise logical <c>&amp;</c> with a scalar.</summary>
        public static DaskArray<bool> operator &(DaskArray<bool> a, bool b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseAnd, scalarOnLeft: false);

        /// <summary>Elementwise logical <c>&amp;</c> of a scalar.</summary>
        public static DaskArray<bool> operator &(bool a, DaskArray<bool> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseAnd, scalarOnLeft: true);

        /// <summary>Elementwise logical <c>|</c> with broadcasting.</summary>
        public static DaskArray<bool> operator |(DaskArray<bool> a, DaskArray<bool> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseOr);

        /// <summary>Elementwise logical <c>|</c> with a scalar.</summary>
        public static DaskArray<bool> operator |(DaskArray<bool> a, bool b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseOr, scalarOnLeft: false);

        /// <summary>Elementwise logical <c>|</c> of a scalar.</summary>
        public static DaskArray<bool> operator |(bool a, DaskArray<bool> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseOr, scalarOnLeft: true);

        /// <summary>Elementwise logical <c>^</c> with broadcasting.</summary>
        public static DaskArray<bool> operator ^(DaskArray<bool> a, DaskArray<bool> b) => ElementwiseOps.Binary(a, b, BinaryOp.BitwiseXor);

        /// <summary>Elementwise logical <c>^</c> with a scalar.</summary>
        public static DaskArray<bool> operator ^(DaskArray<bool> a, bool b) => ElementwiseOps.Scalar(a, b, BinaryOp.BitwiseXor, scalarOnLeft: false);

        /// <summary>Elementwise logical <c>^</c> of a scalar.</summary>
        public static DaskArray<bool> operator ^(bool a, DaskArray<bool> b) => ElementwiseOps.Scalar(b, a, BinaryOp.BitwiseXor, scalarOnLeft: true);

        /// <summary>Elementwise logical not (NumPy's <c>~</c>).</summary>
        public static DaskArray<bool> operator ~(DaskArray<bool> a) => ElementwiseOps.Unary(a, UnaryOp.Invert);

        /// <summary>Elementwise logical not.</summary>
        public static DaskArray<bool> operator !(DaskArray<bool> a) => ElementwiseOps.Unary(a, UnaryOp.Invert);
    }

    private static DaskArray<T> Checked<T>(DaskArray<T> x)
        where T : unmanaged => x ?? throw new ArgumentNullException(nameof(x));
}
