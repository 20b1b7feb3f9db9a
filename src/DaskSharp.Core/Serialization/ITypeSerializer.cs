namespace DaskSharp.Serialization;

/// <summary>Turns values of some types into a header and raw frames and back (distributed's <c>dask_serialize</c>).</summary>
public interface ITypeSerializer
{
    /// <summary>The name written on the wire; the reader looks the serializer up by it.</summary>
    string Name { get; }

    /// <summary>True when this serializer handles <paramref name="type"/>.</summary>
    bool CanSerialize(Type type);

    /// <summary>The header and frames of <paramref name="value"/>.</summary>
    (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value);

    /// <summary>The value back from its header and frames.</summary>
    /// <exception cref="InvalidDataException">when they do not describe a value.</exception>
    object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames);
}
