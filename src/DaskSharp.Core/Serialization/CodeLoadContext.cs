using System.Reflection;
using System.Runtime.Loader;

namespace DaskSharp.Serialization;

/// <summary>
/// An assembly load context for code that arrived as bytes (a client's assemblies on a worker):
/// assemblies added here are found first, by simple name; everything else (the framework,
/// DaskSharp itself) comes from the default context, so library types are shared with the host.
/// </summary>
/// <example><code>
/// using var context = new CodeLoadContext("client-1");
/// context.LoadAssembly(bytes);
/// Delegate f = FunctionReference.FromBytes(payload).ToDelegate(context);
/// </code></example>
public sealed class CodeLoadContext : AssemblyLoadContext, IDisposable
{
    private readonly Dictionary<string, Assembly> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Guid, Assembly> _byMvid = [];
    private readonly object _gate = new();

    /// <summary>A collectible context.</summary>
    public CodeLoadContext(string name)
        : base(name, isCollectible: true)
    {
    }

    /// <summary>
    /// Called for a dependency that is neither loaded here nor in the default context; return its
    /// bytes (e.g. fetched from the client) or null.
    /// </summary>
    public Func<AssemblyName, byte[]?>? MissingAssemblyProvider { get; set; }

    /// <summary>Loads an assembly from its bytes (once per MVID) and returns it.</summary>
    public Assembly LoadAssembly(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Guid mvid = AssemblyIdentity.ReadMvid(bytes);
        lock (_gate)
        {
            if (_byMvid.TryGetValue(mvid, out Assembly? existing))
            {
                return existing;
            }

            Assembly assembly = LoadFromStream(new MemoryStream(bytes, writable: false));
            _byMvid[mvid] = assembly;
            _byName[assembly.GetName().Name!] = assembly;
            return assembly;
        }
    }

    /// <summary>True when an assembly with this MVID has been loaded here.</summary>
    public bool HasAssembly(Guid mvid)
    {
        lock (_gate)
        {
            return _byMvid.ContainsKey(mvid);
        }
    }

    /// <summary>The assembly loaded here with this MVID, or null.</summary>
    public Assembly? FindAssembly(Guid mvid)
    {
        lock (_gate)
        {
            return _byMvid.GetValueOrDefault(mvid);
        }
    }

    /// <inheritdoc/>
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        lock (_gate)
        {
            if (assemblyName.Name is { } name && _byName.TryGetValue(name, out Assembly? loaded))
            {
                return loaded;
            }
        }

        // Shared framework and DaskSharp assemblies resolve in the default context (return null).
        if (IsInDefaultContext(assemblyName))
        {
            return null;
        }

        byte[]? bytes = MissingAssemblyProvider?.Invoke(assemblyName);
        return bytes is null ? null : LoadAssembly(bytes);
    }

    /// <summary>Unloads the context (its assemblies go when nothing references them).</summary>
    public void Dispose() => Unload();

    private static bool IsInDefaultContext(AssemblyName name)
    {
        foreach (Assembly a in Default.Assemblies)
        {
            if (AssemblyName.ReferenceMatchesDefinition(name, a.GetName()))
            {
                return true;
            }
        }

        try
        {
            return Default.LoadFromAssemblyName(name) is not null;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }
}
