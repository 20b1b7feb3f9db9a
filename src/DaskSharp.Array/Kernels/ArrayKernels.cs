using System.Numerics;

namespace DaskSharp.Arrays;

/// <summary>
/// The span kernels for one element type, written once over generic math and picked per type at
/// first use: <see cref="FloatKernels{T}"/> for floating point, <see cref="NumberKernels{T}"/> for
/// integers, <see cref="BoolKernels"/> for booleans. Each call processes a whole contiguous run,
/// so the virtual call is paid per run, not per element.
/// </summary>
internal abstract class ArrayKernels<T>
    where T : unmanaged
{
    private static ArrayKernels<T>? s_instance;

    public static ArrayKernels<T> Instance => s_instance ??= Create();

    public abstract string DtypeName { get; }

    public abstract bool IsFloatingPoint { get; }

    public abstract void Binary(BinaryOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination);

    public abstract void Binary(BinaryOp op, ReadOnlySpan<T> x, T y, Span<T> destination);

    public abstract void Binary(BinaryOp op, T x, ReadOnlySpan<T> y, Span<T> destination);

    public abstract void Unary(UnaryOp op, ReadOnlySpan<T> x, Span<T> destination);

    public abstract void Compare(CompareOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<bool> destination);

    public abstract void Compare(CompareOp op, ReadOnlySpan<T> x, T y, Span<bool> destination);

    public abstract void Compare(CompareOp op, T x, ReadOnlySpan<T> y, Span<bool> destination);

    public abstract T Reduce(ReduceOp op, ReadOnlySpan<T> x);

    /// <summary><paramref name="accumulator"/>[i] = Combine(op, accumulator[i], x[i]) for a run (a reduction along a kept axis).</summary>
    public virtual void Accumulate(ReduceOp op, Span<T> accumulator, ReadOnlySpan<T> x) =>
        Binary(Reductions.AsBinary(op), accumulator, x, accumulator);

    public abstract T Combine(ReduceOp op, T a, T b);

    public abstract T Identity(ReduceOp op);

    /// <summary>Sum of the run in double precision (mean and variance accumulate in double).</summary>
    public abstract double SumAsDouble(ReadOnlySpan<T> x);

    /// <summary>Σ (x - mean)² in double precision.</summary>
    public abstract double SumSquaredDeviations(ReadOnlySpan<T> x, double mean);

    public abstract double ToDouble(T value);

    public abstract T FromDouble(double value);

    public abstract bool IsNaN(T value);

    private static ArrayKernels<T> Create()
    {
        Type t = typeof(T);
        object kernels =
            t == typeof(bool) ? new BoolKernels() :
            t == typeof(double) || t == typeof(float) || t == typeof(Half)
                ? Activator.CreateInstance(typeof(FloatKernels<>).MakeGenericType(t))!
                : IsInteger(t)
                    ? Activator.CreateInstance(typeof(IntegerKernels<>).MakeGenericType(t))!
                    : throw new NotSupportedException($"Arrays of {t.Name} are not supported; use a numeric type or bool.");
        return (ArrayKernels<T>)kernels;
    }

    private static bool IsInteger(Type t) =>
        t == typeof(long) || t == typeof(int) || t == typeof(short) || t == typeof(sbyte)
        || t == typeof(ulong) || t == typeof(uint) || t == typeof(ushort) || t == typeof(byte);
}
