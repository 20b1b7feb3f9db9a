using System.Reflection;
using DaskSharp.Graphs;
using DaskSharp.Serialization;

namespace DaskSharp.Distributed;

// Code shipping: the files workers in other processes need to load and run the tasks' functions.
public sealed partial class Client
{
    /// <summary>
    /// What every <c>dask worker</c> has (DaskSharp.Cli references Distributed and the collections):
    /// these assemblies and their dependencies are never sent.
    /// </summary>
    private static readonly Lazy<HashSet<string>> s_workerHas = new(() =>
    {
        var has = new HashSet<string>(StringComparer.Ordinal);
        string self = typeof(Client).Assembly.Location;
        foreach (string name in (string[])["DaskSharp.Distributed", "DaskSharp.Array", "DaskSharp.DataFrame"])
        {
            if (AssemblyDependencies.Locate(new AssemblyName(name), self) is { } path)
            {
                has.Add(path);
                has.UnionWith(AssemblyDependencies.Of(path));
            }
        }

        return has;
    });

    /// <summary>
    /// Ships, once per file, the assemblies of user code to the scheduler for workers in other
    /// processes: those the functions and their captured state come from, and what those reference
    /// that a worker does not have, so a worker can load a type whose interface or base type comes
    /// from another of the user's libraries (xunit, for a lambda in a test class) and run code that
    /// calls into them.
    /// </summary>
    private void UploadAssemblies(IEnumerable<TaskFunction> functions)
    {
        var fresh = new List<byte[]>();
        foreach (Delegate d in functions.SelectMany(FunctionCodec.Delegates))
        {
            foreach (Assembly a in FunctionReference.UserAssemblies(d))
            {
                foreach (string file in FilesToShip(a))
                {
                    Upload(file, fresh);
                }
            }
        }

        if (fresh.Count > 0)
        {
            Send(new Protocol.UploadAssembliesMessage([.. fresh]));
        }
    }

    /// <summary>
    /// The files a worker needs for code from <paramref name="assembly"/>: its own, then those of its
    /// dependencies other than what every worker has. None for an assembly loaded from bytes (there is
    /// no file; a worker that needs it names it in its error).
    /// </summary>
    internal static IEnumerable<string> FilesToShip(Assembly assembly)
    {
        if (assembly.IsDynamic || assembly.Location.Length == 0)
        {
            yield break;
        }

        yield return assembly.Location;
        foreach (string dependency in AssemblyDependencies.Of(assembly))
        {
            if (!s_workerHas.Value.Contains(dependency))
            {
                yield return dependency;
            }
        }
    }

    private void Upload(string path, List<byte[]> fresh)
    {
        lock (_uploaded)
        {
            if (_uploaded.Add(path))
            {
                fresh.Add(File.ReadAllBytes(path));
            }
        }
    }
}
