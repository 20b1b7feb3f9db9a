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
    /// processes: what a worker needs to load the functions' types and their captured state's
    /// (<see cref="FunctionReference.UserAssemblies"/>: with their base types, interfaces and fields,
    /// so xunit for a lambda in a test class that is an <c>IClassFixture</c>).
    /// </summary>
    private void UploadAssemblies(IEnumerable<TaskFunction> functions)
    {
        var fresh = new List<byte[]>();
        foreach (Delegate d in functions.SelectMany(FunctionCodec.Delegates))
        {
            foreach (string file in FilesToShip(d))
            {
                Upload(file, fresh);
            }
        }

        if (fresh.Count > 0)
        {
            Send(new Protocol.UploadAssembliesMessage([.. fresh]));
        }
    }

    /// <summary>
    /// The files a worker needs for <paramref name="function"/>, less what every worker has. An
    /// assembly loaded from bytes has no file and is left out; a worker that needs it names it in its error.
    /// </summary>
    internal static IEnumerable<string> FilesToShip(Delegate function) =>
        FunctionReference.UserAssemblies(function)
            .Where(a => !a.IsDynamic && a.Location.Length > 0 && !s_workerHas.Value.Contains(a.Location))
            .Select(a => a.Location);

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
