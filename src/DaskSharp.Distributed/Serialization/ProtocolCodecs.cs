using DaskSharp.Distributed.Serialization;
using DaskSharp.Serialization;

[assembly: ValueCodecs(typeof(ProtocolCodecs))]

namespace DaskSharp.Distributed.Serialization;

/// <summary>The protocol's own bulk records (<see cref="WireSerializer"/>) and graph nodes (<see cref="TaskNodeSerializer"/>), registered when this assembly loads.</summary>
internal sealed class ProtocolCodecs : IValueCodecRegistration
{
    public void Register()
    {
        ValueSerializer.Register(new WireSerializer());
        ValueSerializer.Register(new TaskNodeSerializer());
    }
}
