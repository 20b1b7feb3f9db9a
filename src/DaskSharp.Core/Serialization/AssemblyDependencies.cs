using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;

namespace DaskSharp.Serialization;

/// <summary>
/// The files an assembly references, transitively, found where this process finds them (loaded, on
/// the trusted platform list of its deps.json, or next to the referencing file), minus the shared
/// frameworks every .NET process has. A client uses it for what every worker has (DaskSharp and
/// its dependencies), so that it does not send those.
/// </summary>
/// <remarks>
/// Files are read as metadata, never loaded. A reference this process cannot find on disk (an
/// assembly loaded from bytes, or one never deployed) is left out.
/// </remarks>
public static class AssemblyDependencies
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> s_closures = new(StringComparer.Ordinal);

    private static readonly Lazy<Dictionary<string, string>> s_trusted = new(ReadTrustedPlatformAssemblies);

    private static readonly string s_sharedFrameworks = SharedFrameworks();

    /// <summary>True for a file of the shared frameworks (or, in a self-contained app, beside the core library).</summary>
    public static bool IsSharedFramework(string path) => path.StartsWith(s_sharedFrameworks, StringComparison.Ordinal);

    /// <summary>
    /// Paths of the assemblies <paramref name="assembly"/> references, transitively, that this process
    /// can find outside the shared frameworks (not the assembly itself; empty for one without a file).
    /// </summary>
    public static IReadOnlyList<string> Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.IsDynamic || assembly.Location.Length == 0
            ? []
            : s_closures.GetOrAdd(assembly.Location, _ => Walk(assembly.Location, AssemblyLoadContext.GetLoadContext(assembly)));
    }

    /// <summary>The same for the assembly file at <paramref name="path"/>, resolving its references as the default context would.</summary>
    public static IReadOnlyList<string> Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        return s_closures.GetOrAdd(full, _ => Walk(full, null));
    }

    /// <summary>
    /// Where this process has (or would load) the assembly named <paramref name="name"/> as a reference
    /// of <paramref name="referrerPath"/> in <paramref name="context"/>: a copy loaded there or in the
    /// default context (null if that copy has no file), else the trusted platform list's, else a file
    /// beside the referrer; null when none is found.
    /// </summary>
    public static string? Locate(AssemblyName name, string? referrerPath = null, AssemblyLoadContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Name is not { Length: > 0 } simple)
        {
            return null;
        }

        // The referrer's context, then the default one: where the runtime would look (other contexts' copies are not the referrer's).
        foreach (Assembly a in (context?.Assemblies ?? []).Concat(AssemblyLoadContext.Default.Assemblies))
        {
            if (!a.IsDynamic && string.Equals(a.GetName().Name, simple, StringComparison.OrdinalIgnoreCase))
            {
                return a.Location.Length > 0 ? a.Location : null; // loaded from bytes: no file to send
            }
        }

        if (s_trusted.Value.TryGetValue(simple, out string? trusted))
        {
            return trusted;
        }

        string? beside = referrerPath is null ? null : Path.Combine(Path.GetDirectoryName(referrerPath)!, simple + ".dll");
        return beside is not null && File.Exists(beside) ? beside : null;
    }

    private static List<string> Walk(string root, AssemblyLoadContext? context)
    {
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { root };
        var pending = new Queue<string>();
        pending.Enqueue(root);
        while (pending.Count > 0)
        {
            string file = pending.Dequeue();
            foreach (AssemblyName reference in References(file))
            {
                if (Locate(reference, file, context) is { } path
                    && !IsSharedFramework(path)
                    && seen.Add(path))
                {
                    found.Add(path);
                    pending.Enqueue(path);
                }
            }
        }

        return found;
    }

    private static List<AssemblyName> References(string file)
    {
        try
        {
            using var pe = new PEReader(File.OpenRead(file));
            if (!pe.HasMetadata)
            {
                return [];
            }

            MetadataReader metadata = pe.GetMetadataReader();
            var names = new List<AssemblyName>(metadata.AssemblyReferences.Count);
            foreach (AssemblyReferenceHandle handle in metadata.AssemblyReferences)
            {
                names.Add(metadata.GetAssemblyReference(handle).GetAssemblyName());
            }

            return names;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
        {
            return []; // unreadable: whatever it references is left out, as an unfound reference would be
        }
    }

    // <dotnet>/shared/ (Microsoft.NETCore.App, Microsoft.AspNetCore.App, ...): installed everywhere, never shipped.
    // A self-contained app has no such folder; then only the directory of the core library counts.
    private static string SharedFrameworks()
    {
        string core = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string? framework = Path.GetDirectoryName(core);
        string root = framework is not null && Path.GetFileName(framework) == "Microsoft.NETCore.App" ? Path.GetDirectoryName(framework)! : core;
        return root + Path.DirectorySeparatorChar;
    }

    private static Dictionary<string, string> ReadTrustedPlatformAssemblies()
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
        {
            foreach (string path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                byName.TryAdd(Path.GetFileNameWithoutExtension(path), path);
            }
        }

        return byName;
    }
}
