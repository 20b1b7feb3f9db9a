using DaskSharp.Core.Tests;
using DaskSharp.Serialization;

[assembly: ValueCodecs(typeof(PointCodecs))]

namespace DaskSharp.Core.Tests;

/// <summary>A user's own value type, as a collection would register one.</summary>
public sealed record Point(int X, int Y);

/// <summary>Registers <see cref="Point"/>'s codec; counts how often it was asked to.</summary>
public sealed class PointCodecs : IValueCodecRegistration
{
    public static int Registrations { get; private set; }

    public void Register()
    {
        Registrations++;
        ValueSerializer.Register(new PointSerializer());
    }

    private sealed class PointSerializer : ITypeSerializer
    {
        public string Name => "test-point";

        public bool CanSerialize(Type type) => type == typeof(Point);

        public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value)
        {
            var p = (Point)value;
            return ([.. BitConverter.GetBytes(p.X), .. BitConverter.GetBytes(p.Y)], []);
        }

        public object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames) =>
            header.Length == 8 ? new Point(BitConverter.ToInt32(header, 0), BitConverter.ToInt32(header, 4)) : throw new InvalidDataException("A point is 8 bytes.");
    }
}
