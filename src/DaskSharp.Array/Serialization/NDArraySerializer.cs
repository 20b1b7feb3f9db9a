using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DaskSharp.Serialization;
using MessagePack;

namespace DaskSharp.Arrays.Serialization;

/// <summary>
/// Array chunks: the header is (dtype, shape), the one frame is the elements' bytes in row-major
/// order — the chunk's own memory when it is contiguous, so nothing is copied to send it.
/// </summary>
internal sealed class NDArraySerializer : ITypeSerializer
{
    // One entry per element type: its NumPy name (from Dtype) and the typed read and write, chosen without reflection.
    private static readonly Dictionary<Type, Codec> s_byType = new Codec[]
    {
        Codec.For<double>(), Codec.For<float>(), Codec.For<long>(), Codec.For<int>(), Codec.For<short>(), Codec.For<sbyte>(),
        Codec.For<ulong>(), Codec.For<uint>(), Codec.For<ushort>(), Codec.For<byte>(), Codec.For<bool>(), Codec.For<System.Numerics.Complex>(),
    }.ToDictionary(c => c.Type);

    private static readonly Dictionary<string, Codec> s_byDtype = s_byType.Values.ToDictionary(c => c.Dtype, StringComparer.Ordinal);

    public string Name => "ndarray";

    public bool CanSerialize(Type type) => s_byType.ContainsKey(type);

    public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value) => s_byType[value.GetType()].Write(value);

    public object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        var reader = new MessagePackReader(header);
        if (reader.ReadArrayHeader() != 2)
        {
            throw new InvalidDataException("An ndarray header is [dtype, shape].");
        }

        string dtype = reader.ReadString() ?? throw new InvalidDataException("An ndarray header without a dtype.");
        int[] shape = IntArrayCodec.Read(ref reader);

        if (!s_byDtype.TryGetValue(dtype, out Codec? codec))
        {
            throw new InvalidDataException($"Unknown ndarray dtype '{dtype}'.");
        }

        if (frames.Count != 1)
        {
            throw new InvalidDataException($"An ndarray has one frame, not {frames.Count}.");
        }

        return codec.Read(shape, frames[0]);
    }

    private sealed record Codec(Type Type, string Dtype, Func<object, (byte[], ReadOnlyMemory<byte>[])> Write, Func<int[], ReadOnlyMemory<byte>, object> Read)
    {
        public static Codec For<T>()
            where T : unmanaged
        {
            string dtype = Arrays.Dtype.NameOf(typeof(T));
            return new(typeof(NDArray<T>), dtype, value => SerializeTyped((NDArray<T>)value, dtype), (shape, frame) => DeserializeTyped<T>(shape, frame));
        }
    }

    private static (byte[], ReadOnlyMemory<byte>[]) SerializeTyped<T>(NDArray<T> array, string dtype)
        where T : unmanaged
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(dtype);
        IntArrayCodec.Write(ref writer, array.Shape);

        writer.Flush();
        // The chunk's own buffer when it is exactly the chunk (the common case): sent without a copy.
        T[] data = array.IsContiguous && array.Offset == 0 && array.Data.Length == array.Size ? array.Data : array.ToArray();
        return (buffer.WrittenSpan.ToArray(), [new ByteView<T>(data).Memory]);
    }

    private static NDArray<T> DeserializeTyped<T>(int[] shape, ReadOnlyMemory<byte> frame)
        where T : unmanaged
    {
        long count = shape.Aggregate(1L, (n, s) => n * s);
        int size = Unsafe.SizeOf<T>();
        if (frame.Length != count * size)
        {
            throw new InvalidDataException($"An ndarray of shape ({string.Join(", ", shape)}) needs {count * size} bytes, not {frame.Length}.");
        }

        var data = new T[count];
        frame.Span.CopyTo(MemoryMarshal.AsBytes(data.AsSpan()));
        return NDArray<T>.FromArray(data, shape);
    }

    /// <summary>Bytes of a T[] as memory, without copying.</summary>
    private sealed class ByteView<T>(T[] data) : MemoryManager<byte>
        where T : unmanaged
    {
        private GCHandle _pin;

        public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(data.AsSpan());

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            if (!_pin.IsAllocated)
            {
                _pin = GCHandle.Alloc(data, GCHandleType.Pinned);
            }

            unsafe
            {
                return new MemoryHandle((byte*)_pin.AddrOfPinnedObject() + elementIndex);
            }
        }

        public override void Unpin()
        {
            if (_pin.IsAllocated)
            {
                _pin.Free();
            }
        }

        protected override void Dispose(bool disposing) => Unpin();
    }
}
