using DaskSharp.Arrays.Serialization;
using DaskSharp.Serialization;

[assembly: ValueCodecs(typeof(ArrayCodecs))]

namespace DaskSharp.Arrays.Serialization;

/// <summary>
/// Every value an array graph carries between processes: chunks (<see cref="NDArraySerializer"/>),
/// reduction partials and chunk tables (<see cref="ArrayPartsSerializer"/>), rechunk and overlap
/// plans (<see cref="PlanSerializer"/>), and the memory a chunk holds. Registered with Core's
/// registry when this assembly loads.
/// </summary>
internal sealed class ArrayCodecs : IValueCodecRegistration
{
    public void Register()
    {
        ValueSerializer.Register(new NDArraySerializer());
        ValueSerializer.Register(new ArrayPartsSerializer());
        ValueSerializer.Register(new PlanSerializer());
        RegisterSize<double>();
        RegisterSize<float>();
        RegisterSize<Half>();
        RegisterSize<long>();
        RegisterSize<int>();
        RegisterSize<short>();
        RegisterSize<sbyte>();
        RegisterSize<ulong>();
        RegisterSize<uint>();
        RegisterSize<ushort>();
        RegisterSize<byte>();
        RegisterSize<bool>();
    }

    // The chunk's buffer, not just the view's elements: a view keeps the whole buffer alive.
    private static void RegisterSize<T>()
        where T : unmanaged =>
        SizeOf.Register<NDArray<T>>(chunk => 64 + ((IChunkStorage)chunk).StorageBytes);
}
