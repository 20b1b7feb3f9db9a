using System.Buffers;
using System.Runtime.InteropServices;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// A managed array's bytes as the <see cref="Memory{T}"/> of bytes an Arrow buffer holds, with no
/// copy: a kernel's result array (long[], double[], …) becomes the column's buffer as it is.
/// </summary>
internal sealed class ArrayMemory<T> : MemoryManager<byte>
    where T : unmanaged
{
    private readonly T[] _array;
    private readonly int _length;

    /// <summary>The first <paramref name="length"/> values of <paramref name="array"/>, which the buffer now owns.</summary>
    public ArrayMemory(T[] array, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, array.Length);
        _array = array;
        _length = length;
    }

    /// <inheritdoc/>
    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(_array.AsSpan(0, _length));

    /// <inheritdoc/>
    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        GCHandle handle = GCHandle.Alloc(_array, GCHandleType.Pinned);
        byte* start = (byte*)handle.AddrOfPinnedObject() + elementIndex;
        return new MemoryHandle(start, handle, this);
    }

    /// <inheritdoc/>
    public override void Unpin()
    {
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
    }
}
