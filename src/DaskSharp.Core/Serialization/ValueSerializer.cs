using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using MessagePack;

namespace DaskSharp.Serialization;

/// <summary>
/// The registry that moves values between processes (distributed's <c>dask_serialize</c> dispatch).
/// Core registers primitives, strings, arrays of them, enums and tuples; each collection registers
/// the codecs of the values its graphs carry through <see cref="ValueCodecsAttribute"/> on its
/// assembly, found when the assembly loads. A type nobody registered is refused with a message that
/// says how to register one — values are never sent through a format that lets the sender pick
/// which types get created.
/// </summary>
public static class ValueSerializer
{
    private static readonly ConcurrentDictionary<string, ITypeSerializer> s_byName = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<Assembly, bool> s_scanned = new();
    private static readonly object s_gate = new();

    // Replaced whole on each registration, so a lookup racing with one never caches a stale choice.
    private static volatile Lookup s_lookup = new([]);

    static ValueSerializer()
    {
        Register(new PlainSerializer());
        Register(new EnumSerializer());
        Register(new TupleSerializer());

        // Collections register their codecs when their assembly loads: the ones loaded already, and
        // every later one (a worker may receive a chunk before anything there touched the Array code).
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => RegisterCodecsOf(e.LoadedAssembly);
        foreach (Assembly assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            RegisterCodecsOf(assembly);
        }
    }

    /// <summary>Adds a serializer; later registrations are tried first.</summary>
    public static void Register(ITypeSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        lock (s_gate)
        {
            s_byName[serializer.Name] = serializer;
            s_lookup = new([serializer, .. s_lookup.Ordered]);
        }
    }

    /// <summary>Makes sure the codecs of the assemblies loaded so far are registered (the first use of the registry does it).</summary>
    internal static void FindCodecs()
    {
        // Nothing to do: calling this runs the static constructor, which scans and subscribes.
    }

    /// <summary>
    /// Loads the DaskSharp assemblies in <paramref name="directory"/> (a worker host's own folder), so
    /// the codecs of every collection installed beside it are registered before any value arrives.
    /// </summary>
    public static void LoadCodecAssemblies(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        foreach (string path in Directory.EnumerateFiles(directory, "DaskSharp.*.dll"))
        {
            try
            {
                RegisterCodecsOf(AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(Path.GetFileNameWithoutExtension(path))));
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                // Not an assembly of this application (a stale file); it carries no codecs we could use.
            }
        }
    }

    /// <summary>True when some registered serializer handles <paramref name="type"/>.</summary>
    public static bool CanSerialize(Type type) => Find(type) is not null;

    /// <summary>The value as header and frames; a value serialized already is returned as it is.</summary>
    /// <exception cref="NotSupportedException">for a type no serializer handles.</exception>
    public static SerializedValue Serialize(object? value)
    {
        if (value is SerializedValue ready)
        {
            return ready;
        }

        Type type = value?.GetType() ?? typeof(object);
        ITypeSerializer serializer = Find(type) ?? throw new NotSupportedException(
            $"Values of type {type.FullName} cannot be sent between processes; register an ITypeSerializer for it with ValueSerializer.Register.");
        var (header, frames) = serializer.Serialize(value!);
        return new SerializedValue(serializer.Name, header, frames);
    }

    /// <summary>The value back.</summary>
    /// <exception cref="InvalidDataException">for an unknown serializer name or bytes that do not decode.</exception>
    public static object? Deserialize(SerializedValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!s_byName.TryGetValue(value.Serializer, out ITypeSerializer? serializer))
        {
            throw new InvalidDataException($"No serializer named '{value.Serializer}' is registered here.");
        }

        try
        {
            return serializer.Deserialize(value.Header, value.Frames);
        }
        catch (Exception e) when (e is MessagePackSerializationException or ArgumentException or OverflowException or EndOfStreamException or InvalidCastException)
        {
            throw new InvalidDataException($"The '{value.Serializer}' value does not decode: {e.Message}", e);
        }
    }

    private static ITypeSerializer? Find(Type type)
    {
        Lookup lookup = s_lookup;
        if (lookup.ByType.TryGetValue(type, out ITypeSerializer? known))
        {
            return known;
        }

        foreach (ITypeSerializer serializer in lookup.Ordered)
        {
            if (serializer.CanSerialize(type))
            {
                lookup.ByType[type] = serializer;
                return serializer;
            }
        }

        return null;
    }

    private static void RegisterCodecsOf(Assembly assembly)
    {
        // Codecs are process-wide, so only assemblies of the application itself may add them: a
        // client's code loaded on a worker (a collectible context) would otherwise be kept alive.
        if (assembly.IsDynamic || AssemblyLoadContext.GetLoadContext(assembly) != AssemblyLoadContext.Default || !s_scanned.TryAdd(assembly, true))
        {
            return;
        }

        foreach (ValueCodecsAttribute attribute in assembly.GetCustomAttributes<ValueCodecsAttribute>())
        {
            attribute.CreateRegistration().Register();
        }
    }

    /// <summary>The serializers, newest first, and the choice made for each type seen so far.</summary>
    private sealed record Lookup(ITypeSerializer[] Ordered)
    {
        public ConcurrentDictionary<Type, ITypeSerializer> ByType { get; } = new();
    }
}
