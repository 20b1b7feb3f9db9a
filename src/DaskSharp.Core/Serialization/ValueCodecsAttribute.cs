namespace DaskSharp.Serialization;

/// <summary>
/// Registers the value codecs of an assembly (a collection such as DaskSharp.Array) when it loads:
/// <c>[assembly: ValueCodecs(typeof(ArrayCodecs))]</c>, where <c>ArrayCodecs</c> implements
/// <see cref="IValueCodecRegistration"/> with a parameterless constructor.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class ValueCodecsAttribute : Attribute
{
    /// <summary>Names the type whose <see cref="IValueCodecRegistration.Register"/> adds the codecs.</summary>
    public ValueCodecsAttribute(Type registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        Registration = registration;
    }

    /// <summary>The type that registers the codecs.</summary>
    public Type Registration { get; }

    internal IValueCodecRegistration CreateRegistration() =>
        Activator.CreateInstance(Registration, nonPublic: true) as IValueCodecRegistration
        ?? throw new InvalidOperationException($"{Registration.FullName} named by [ValueCodecs] does not implement IValueCodecRegistration.");
}

/// <summary>Adds an assembly's serializers (<see cref="ValueSerializer.Register"/>) and sizes (<see cref="SizeOf.Register{T}"/>).</summary>
public interface IValueCodecRegistration
{
    /// <summary>Registers the codecs; called once per process, when the assembly loads.</summary>
    void Register();
}
