namespace DaskSharp.Arrays;

/// <summary>
/// NumPy's result types, written down once: for each input element type, the element type of its
/// sums (<c>sum</c>, <c>prod</c>, <c>cumsum</c>, <c>nansum</c>), its means (<c>mean</c>, <c>var</c>,
/// <c>std</c>, <c>median</c>, <c>average</c>), its true quotient (<c>/</c>), its floating-point
/// functions (<c>sqrt</c>, <c>exp</c>, <c>floor</c>, <c>arctan2</c>, …) and its quantiles
/// (<c>percentile</c>, <c>quantile</c>). Read from NumPy 1.24 on a 64-bit Linux (where NumPy's
/// default integer is int64) and checked against it by the tests. The typed API exposes each rule
/// as the return type of an overload; generic code that would change the type is refused with a
/// hint, since a static type cannot change at run time.
/// </summary>
internal static class TypePromotion
{
    private static readonly (Type Input, Type Sum, Type Mean, Type TrueDivide, Type Float, Type Quantile)[] s_table =
    [
        (typeof(double), typeof(double), typeof(double), typeof(double), typeof(double), typeof(double)),
        (typeof(float), typeof(float), typeof(float), typeof(float), typeof(float), typeof(double)),
        (typeof(Half), typeof(Half), typeof(Half), typeof(Half), typeof(Half), typeof(double)),
        (typeof(long), typeof(long), typeof(double), typeof(double), typeof(double), typeof(double)),
        (typeof(int), typeof(long), typeof(double), typeof(double), typeof(double), typeof(double)),
        (typeof(short), typeof(long), typeof(double), typeof(double), typeof(float), typeof(double)),
        (typeof(sbyte), typeof(long), typeof(double), typeof(double), typeof(Half), typeof(double)),
        (typeof(ulong), typeof(ulong), typeof(double), typeof(double), typeof(double), typeof(double)),
        (typeof(uint), typeof(ulong), typeof(double), typeof(double), typeof(double), typeof(double)),
        (typeof(ushort), typeof(ulong), typeof(double), typeof(double), typeof(float), typeof(double)),
        (typeof(byte), typeof(ulong), typeof(double), typeof(double), typeof(Half), typeof(double)),
        (typeof(bool), typeof(long), typeof(double), typeof(double), typeof(Half), typeof(double)),
    ];

    /// <summary>The element type of sums and products (and their cumulative and NaN forms).</summary>
    public static Type Sum(Type input) => Row(input).Sum;

    /// <summary>The element type of means, variances, standard deviations, medians and averages.</summary>
    public static Type Mean(Type input) => Row(input).Mean;

    /// <summary>The element type of <c>x / y</c> for two arrays of <paramref name="input"/>.</summary>
    public static Type TrueDivide(Type input) => Row(input).TrueDivide;

    /// <summary>The element type of the floating-point functions (sqrt, exp, log, the trigonometric functions, floor, ceil, trunc, arctan2, hypot).</summary>
    public static Type Float(Type input) => Row(input).Float;

    /// <summary>The element type of percentiles and quantiles.</summary>
    public static Type Quantile(Type input) => Row(input).Quantile;

    /// <summary>
    /// NumPy's <c>promote_types</c>: the type of arithmetic between two element types. Bool gives way
    /// to anything; kinds of one signedness take the wider; a signed and an unsigned type take a
    /// signed type wider than the unsigned one (float64 beyond int64); an integer and a float take a
    /// float whose mantissa holds the integer (8-bit → float16, 16-bit → float32, wider → float64).
    /// </summary>
    public static Type Binary(Type a, Type b)
    {
        if (a == b)
        {
            return a;
        }

        (char Kind, int Size) x = KindOf(a);
        (char Kind, int Size) y = KindOf(b);
        if (x.Kind == 'b' || y.Kind == 'b')
        {
            return x.Kind == 'b' ? b : a;
        }

        if (x.Kind == y.Kind)
        {
            return x.Size >= y.Size ? a : b;
        }

        if (x.Kind == 'f' || y.Kind == 'f')
        {
            var (f, i) = x.Kind == 'f' ? (x, y) : (y, x);
            int needed = i.Size == 1 ? 2 : i.Size == 2 ? 4 : 8;
            return FloatOf(Math.Max(f.Size, needed));
        }

        var (signed, unsigned) = x.Kind == 'i' ? (x, y) : (y, x);
        return unsigned.Size < signed.Size ? SignedOf(signed.Size) : unsigned.Size == 8 ? typeof(double) : SignedOf(unsigned.Size * 2);
    }

    /// <summary>Every element type of the table.</summary>
    public static IEnumerable<Type> Types => s_table.Select(r => r.Input);

    /// <summary>
    /// Checks that <paramref name="operation"/> on <typeparamref name="TIn"/> keeps its type under
    /// <paramref name="rule"/>: generic code (a <c>DaskArray&lt;T&gt;</c> of unknown T) can only
    /// return T.
    /// </summary>
    /// <exception cref="NotSupportedException">NumPy would return another type; the message says which and how to ask for it.</exception>
    public static void RequireSame<TIn>(Func<Type, Type> rule, string operation)
    {
        Type result = rule(typeof(TIn));
        if (result != typeof(TIn))
        {
            string from = Dtype.NameOf(typeof(TIn));
            string to = Dtype.NameOf(result);
            throw new NotSupportedException(
                $"{operation} of a {from} array is {to} in NumPy, and this call returns {from}: call it on a DaskArray<{Alias(typeof(TIn))}> (not a generic DaskArray<T>), "
                + $"or convert first with AsType<{Alias(result)}>(){(rule == Sum || rule == Mean ? $", or give the type: {operation}<{Alias(result)}>(…)" : "")}.");
        }
    }

    /// <summary>The C# name of an element type (<c>double</c>, <c>long</c>, …).</summary>
    public static string Alias(Type t) =>
        t == typeof(double) ? "double" : t == typeof(float) ? "float" : t == typeof(long) ? "long" : t == typeof(int) ? "int"
        : t == typeof(short) ? "short" : t == typeof(sbyte) ? "sbyte" : t == typeof(ulong) ? "ulong" : t == typeof(uint) ? "uint"
        : t == typeof(ushort) ? "ushort" : t == typeof(byte) ? "byte" : t == typeof(bool) ? "bool" : t.Name;

    private static (char Kind, int Size) KindOf(Type t) =>
        t == typeof(bool) ? ('b', 1)
        : t == typeof(double) ? ('f', 8) : t == typeof(float) ? ('f', 4) : t == typeof(Half) ? ('f', 2)
        : t == typeof(long) ? ('i', 8) : t == typeof(int) ? ('i', 4) : t == typeof(short) ? ('i', 2) : t == typeof(sbyte) ? ('i', 1)
        : t == typeof(ulong) ? ('u', 8) : t == typeof(uint) ? ('u', 4) : t == typeof(ushort) ? ('u', 2) : t == typeof(byte) ? ('u', 1)
        : throw new NotSupportedException($"Arrays of {t.Name} are not supported; use a numeric type or bool.");

    private static Type FloatOf(int size) => size == 2 ? typeof(Half) : size == 4 ? typeof(float) : typeof(double);

    private static Type SignedOf(int size) => size == 1 ? typeof(sbyte) : size == 2 ? typeof(short) : size == 4 ? typeof(int) : typeof(long);

    private static (Type Input, Type Sum, Type Mean, Type TrueDivide, Type Float, Type Quantile) Row(Type input)
    {
        foreach (var row in s_table)
        {
            if (row.Input == input)
            {
                return row;
            }
        }

        throw new NotSupportedException($"Arrays of {input.Name} are not supported; use a numeric type or bool.");
    }
}
