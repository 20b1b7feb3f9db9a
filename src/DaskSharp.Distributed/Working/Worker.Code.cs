using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Serialization;
using DaskSharp.Graphs;
using DaskSharp.Serialization;

namespace DaskSharp.Distributed.Working;

// Code loading: task specs and the client assemblies they need, in this client's load context.
public sealed partial class Worker
{
    private GraphNode Deserialize(SerializedTask task) => TaskSerializer.Deserialize(task, _code);

    /// <summary>
    /// Loads a client's assembly into the code context, unless this process has that exact build
    /// already (loaded or loadable, e.g. DaskSharp's own): two copies of one assembly would make two
    /// incompatible sets of its types.
    /// </summary>
    private void LoadShippedAssembly(byte[] bytes)
    {
        var (name, mvid) = AssemblyIdentity.Read(bytes);
        if (System.Runtime.Loader.AssemblyLoadContext.Default.Assemblies.Any(a => a.ManifestModule.ModuleVersionId == mvid) || DefaultCanLoad(name, mvid))
        {
            return;
        }

        _code.LoadAssembly(bytes);
    }

    private static bool DefaultCanLoad(string name, Guid mvid)
    {
        try
        {
            return System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyName(new System.Reflection.AssemblyName(name)).ManifestModule.ModuleVersionId == mvid;
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return false;
        }
    }
}
