using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DaskSharp.Arrays;
using DaskSharp.Graphs;

namespace DaskSharp;

/// <summary>
/// The chunk type of <c>DaskArray</c>: an n-dimensional array of unmanaged values over a
/// flat buffer, with a shape, strides (in elements) and an offset, so transposes and basic slices
/// are views that copy nothing. New arrays are contiguous row-major (C order), as NumPy's.
/// </summary>
/// <example><code>
/// var a = NDArray&lt;double&gt;.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
/// var t = a.T;                 // a 3 × 2 view
/// double v = t[2, 1];          // 6
/// var s = a + t.T;             // elementwise, broadcasting as NumPy
/// </code></example>
public sealed partial class NDArray<TValue> : IRecyclable, IChunkStorage
    where TValue : unmanaged
{
    private readonly TValue[] _data;
    private readonly int _offset;
    private readonly int[] _shape;
    private readonly int[] _strides;

    /// <summary>A new contiguous array of zeros.</summary>
    public NDArray(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        _shape = ValidateShape(shape);
        _strides = ContiguousStrides(_shape);
        _data = new TValue[checked((int)ShapeSize(_shape))];
    }

    internal NDArray(TValue[] data, int offset, int[] shape, int[] strides)
    {
        _data = data;
        _offset = offset;
        _shape = shape;
        _strides = strides;
    }

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The length of each dimension.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The distance in elements between neighbours along each dimension.</summary>
    public ReadOnlySpan<int> Strides => _strides;

    /// <summary>The number of elements.</summary>
    public long Size => ShapeSize(_shape);

    /// <summary>Bytes of data the array views (<see cref="Size"/> × element size).</summary>
    public long NBytes => Size * Unsafe.SizeOf<TValue>();

    /// <summary>True when the elements are laid out row-major with no gaps, so <see cref="AsSpan"/> works.</summary>
    public bool IsContiguous => IsContiguousLayout(_shape, _strides);

    /// <summary>The transpose (all axes reversed), a view.</summary>
    public NDArray<TValue> T => Transpose();

    internal TValue[] Data => _data;

    internal int Offset => _offset;

    internal int[] ShapeArray => _shape;

    internal int[] StridesArray => _strides;

    /// <summary>One element.</summary>
    [IndexerName("Element")]
    public TValue this[params int[] index]
    {
        get => _data[ElementOffset(index)];
        set => _data[ElementOffset(index)] = value;
    }

    /// <summary>Wraps <paramref name="data"/> (no copy) as an array of <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">when the sizes disagree.</exception>
    public static NDArray<TValue> FromArray(TValue[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 && data.Length == 1)
        {
            return new NDArray<TValue>(data, 0, [], []);
        }

        int[] s = ValidateShape(shape.Length == 0 ? [data.Length] : shape);
        if (ShapeSize(s) != data.Length)
        {
            throw new ArgumentException($"Cannot view {data.Length} elements as shape {ShapeText(s)} ({ShapeSize(s)} elements).", nameof(shape));
        }

        return new NDArray<TValue>(data, 0, s, ContiguousStrides(s));
    }

    /// <summary>A copy of a rectangular .NET array.</summary>
    public static NDArray<TValue> FromArray(TValue[,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var result = new NDArray<TValue>(data.GetLength(0), data.GetLength(1));
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, TValue>(ref MemoryMarshal.GetArrayDataReference(data)), data.Length).CopyTo(result._data);
        return result;
    }

    /// <summary>The value of a one-element array, as NumPy's <c>float(a)</c>.</summary>
    /// <exception cref="InvalidOperationException">when the array has more than one element.</exception>
    public static explicit operator TValue(NDArray<TValue> array) => (array ?? throw new ArgumentNullException(nameof(array))).Item();

    /// <summary>
    /// A new contiguous array whose contents are garbage, for kernels that overwrite every element:
    /// large chunks skip the zeroing pass (and its page faults), which costs as much as a cheap kernel.
    /// </summary>
    internal static NDArray<TValue> Uninitialized(params int[] shape)
    {
        int[] s = ValidateShape(shape);
        return new NDArray<TValue>(BufferPool<TValue>.Rent(checked((int)ShapeSize(s))), 0, s, ContiguousStrides(s));
    }

    /// <summary>A 0-d array holding one value.</summary>
    public static NDArray<TValue> Scalar(TValue value) => new([value], 0, [], []);

    /// <summary>A new contiguous array filled with <paramref name="value"/>.</summary>
    public static NDArray<TValue> Full(TValue value, params int[] shape)
    {
        var result = new NDArray<TValue>(shape);
        result._data.AsSpan().Fill(value);
        return result;
    }

    /// <summary>The elements as a span; only for contiguous arrays.</summary>
    /// <exception cref="InvalidOperationException">for a strided view (use <see cref="AsContiguous"/>).</exception>
    public Span<TValue> AsSpan()
    {
        if (!IsContiguous)
        {
            throw new InvalidOperationException($"A strided view (shape {ShapeText(_shape)}, strides {ShapeText(_strides)}) has no single span; call AsContiguous() first.");
        }

        return _data.AsSpan(_offset, (int)Size);
    }

    /// <summary>The elements in row-major order, as a new .NET array.</summary>
    public TValue[] ToArray() => AsContiguous() is var c && ReferenceEquals(c, this) ? AsSpan().ToArray() : c._data;

    /// <summary>The value of a 0-d (or one-element) array.</summary>
    public TValue Item() => Size == 1
        ? _data[_offset]
        : throw new InvalidOperationException($"Item() needs one element; this array has shape {ShapeText(_shape)}.");

    /// <summary>This array if contiguous, else a contiguous copy.</summary>
    public NDArray<TValue> AsContiguous() => IsContiguous ? this : Copy();

    /// <summary>
    /// This array when its innermost axis longer than 1 has unit stride, else a contiguous copy.
    /// Kernels read inner runs as spans, so a run's elements must be adjacent; length-1 axes are
    /// skipped because the run iterator drops them.
    /// </summary>
    internal NDArray<TValue> WithUnitInnerStride()
    {
        for (int d = Rank - 1; d >= 0; d--)
        {
            if (_shape[d] != 1)
            {
                return _strides[d] == 1 ? this : Copy();
            }
        }

        return this;
    }

    /// <summary>A contiguous copy.</summary>
    public NDArray<TValue> Copy()
    {
        var result = Uninitialized(_shape);
        StridedCopy.Copy(this, result);
        return result;
    }

    /// <summary>The axes permuted (reversed when none are given); a view.</summary>
    /// <exception cref="ArgumentException">when <paramref name="axes"/> is not a permutation of the axes.</exception>
    public NDArray<TValue> Transpose(params int[] axes)
    {
        int[] perm = Axes.Permutation(axes, Rank);
        var shape = new int[Rank];
        var strides = new int[Rank];
        for (int i = 0; i < Rank; i++)
        {
            shape[i] = _shape[perm[i]];
            strides[i] = _strides[perm[i]];
        }

        return new NDArray<TValue>(_data, _offset, shape, strides);
    }

    /// <summary>The same elements in a new shape (one axis may be -1); a view when contiguous, else a copy.</summary>
    /// <exception cref="ArgumentException">when the sizes cannot match.</exception>
    public NDArray<TValue> Reshape(params int[] shape)
    {
        int[] s = Axes.ResolveReshape(shape, Size, ShapeText(_shape));
        NDArray<TValue> c = AsContiguous();
        return new NDArray<TValue>(c._data, c._offset, s, ContiguousStrides(s));
    }

    /// <summary>A view of a sub-block: <paramref name="starts"/> and <paramref name="lengths"/> per axis.</summary>
    public NDArray<TValue> Block(ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths)
    {
        if (starts.Length != Rank || lengths.Length != Rank)
        {
            throw new ArgumentException($"Block needs {Rank} starts and lengths.");
        }

        int offset = _offset;
        var shape = new int[Rank];
        for (int d = 0; d < Rank; d++)
        {
            if (starts[d] < 0 || lengths[d] < 0 || starts[d] + lengths[d] > _shape[d])
            {
                throw new ArgumentOutOfRangeException(nameof(starts), $"Block [{starts[d]}, {starts[d] + lengths[d]}) is outside axis {d} of length {_shape[d]}.");
            }

            offset += starts[d] * _strides[d];
            shape[d] = lengths[d];
        }

        return new NDArray<TValue>(_data, offset, shape, (int[])_strides.Clone());
    }

    /// <summary>A view with a step along each axis (negative steps reverse), as NumPy's basic slicing.</summary>
    internal NDArray<TValue> View(int offset, int[] shape, int[] strides) => new(_data, offset, shape, strides);

    /// <inheritdoc/>
    long IChunkStorage.StorageBytes => Buffer.ByteLength(_data);

    /// <inheritdoc/>
    bool IRecyclable.SharesStorageWith(object? other) => other is NDArray<TValue> a && ReferenceEquals(a._data, _data);

    /// <inheritdoc/>
    void IRecyclable.Recycle() => BufferPool<TValue>.Return(_data);

    /// <summary>NumPy-like text: <c>array([[1, 2], [3, 4]])</c>, elided in the middle when large.</summary>
    public override string ToString() => NDArrayFormat.Format(this);

    internal static int[] ContiguousStrides(int[] shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = s;
            s *= Math.Max(shape[d], 1);
        }

        return strides;
    }

    internal static bool IsContiguousLayout(int[] shape, int[] strides)
    {
        int expected = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] != 1 && strides[d] != expected)
            {
                return false;
            }

            expected *= shape[d];
        }

        return true;
    }

    internal static long ShapeSize(ReadOnlySpan<int> shape)
    {
        long size = 1;
        foreach (int s in shape)
        {
            size *= s;
        }

        return size;
    }

    internal static string ShapeText(ReadOnlySpan<int> shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape.ToArray()) + ")";

    private static int[] ValidateShape(int[] shape)
    {
        foreach (int s in shape)
        {
            if (s < 0)
            {
                throw new ArgumentException($"Negative dimensions are not allowed: {ShapeText(shape)}.", nameof(shape));
            }
        }

        if (ShapeSize(shape) > System.Array.MaxLength)
        {
            throw new ArgumentException($"Shape {ShapeText(shape)} has {ShapeSize(shape)} elements; a chunk holds at most {System.Array.MaxLength}.", nameof(shape));
        }

        return (int[])shape.Clone();
    }

    private int ElementOffset(int[] index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.Length != Rank)
        {
            throw new IndexOutOfRangeException($"Index of {index.Length} dimensions for an array of {Rank}.");
        }

        int offset = _offset;
        for (int d = 0; d < Rank; d++)
        {
            int i = index[d] < 0 ? index[d] + _shape[d] : index[d];
            if ((uint)i >= (uint)_shape[d])
            {
                throw new IndexOutOfRangeException($"Index {index[d]} is out of bounds for axis {d} with size {_shape[d]}.");
            }

            offset += i * _strides[d];
        }

        return offset;
    }
}
