using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DaskSharp.Distributed.Cluster;

namespace DaskSharp.JobQueue;

/// <summary>
/// The worker host staged for jobs (<c>stageRuntime: true</c>), as the seed stages its conda
/// environment by hand: the files the <c>dask</c> host needs (DaskSharp.Cli.dll, its deps.json and
/// runtimeconfig.json and every assembly and native library its deps.json names — a
/// framework-dependent publish, run by the nodes' <c>dotnet</c>) are copied once to
/// <see cref="SharedPath"/> on the shared file system, named by their content hash so every
/// cluster of the same build reuses them; each job then copies them to the node-local directory
/// once per node, and the workers run from local disk, not the shared file system.
/// </summary>
/// <param name="SharedPath">The staged copy on the shared directory.</param>
/// <param name="Hash">The content hash naming it (16 hex digits).</param>
/// <param name="Muxer">The <c>dotnet</c> that runs the host on the nodes.</param>
public sealed record WorkerRuntimeStage(string SharedPath, string Hash, string Muxer)
{
    /// <summary>The staged directory's name, on the shared and on the node-local disk.</summary>
    public string DirectoryName => $"dasksharp-runtime-{Hash}";

    /// <summary>
    /// Stages this program's worker host under <paramref name="sharedDirectory"/> unless a copy with
    /// the same content is there already (written to a temporary name and renamed, so a job never sees half a copy).
    /// </summary>
    /// <exception cref="InvalidOperationException">when no worker host is installed here, or it is not a DaskSharp.Cli.dll with its deps.json.</exception>
    public static WorkerRuntimeStage Publish(string sharedDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sharedDirectory);
        (string FileName, string[] Arguments) host = WorkerHost.Find() is { Arguments: [var dll] } found && dll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? found
            : throw new InvalidOperationException("stageRuntime needs the dask worker host as DaskSharp.Cli.dll (reference DaskSharp.Cli, or set DASKSHARP_WORKER_HOST to its .dll).");
        IReadOnlyList<(string Relative, string Full)> files = Files(host.Arguments[0]);
        string hash = ContentHash(files);
        string target = Path.Combine(sharedDirectory, $"dasksharp-runtime-{hash}");
        if (!File.Exists(Path.Combine(target, "DaskSharp.Cli.dll")))
        {
            string partial = $"{target}.{Guid.NewGuid():N}.partial";
            foreach (var (relative, full) in files)
            {
                string to = Path.Combine(partial, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(full, to);
            }

            try
            {
                Directory.Move(partial, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                Directory.Delete(partial, recursive: true); // another cluster staged the same content first
            }
        }

        return new WorkerRuntimeStage(target, hash, host.FileName);
    }

    /// <summary>The files the host at <paramref name="hostDll"/> runs with, relative to its directory, in a stable order.</summary>
    internal static IReadOnlyList<(string Relative, string Full)> Files(string hostDll)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(hostDll))!;
        string baseName = Path.GetFileNameWithoutExtension(hostDll);
        string deps = Path.Combine(directory, baseName + ".deps.json");
        if (!File.Exists(deps))
        {
            throw new InvalidOperationException($"stageRuntime needs {deps}, which lists the files the worker host runs with.");
        }

        var relative = new SortedSet<string>(StringComparer.Ordinal) { baseName + ".dll", baseName + ".deps.json", baseName + ".runtimeconfig.json" };
        using (JsonDocument document = JsonDocument.Parse(File.ReadAllText(deps)))
        {
            foreach (JsonProperty target in document.RootElement.GetProperty("targets").EnumerateObject())
            {
                foreach (JsonProperty library in target.Value.EnumerateObject())
                {
                    AddAssets(library.Value, "runtime", p => Path.GetFileName(p), relative);
                    AddAssets(library.Value, "native", p => Path.GetFileName(p), relative);
                    AddAssets(library.Value, "runtimeTargets", p => p, relative); // runtimes/<rid>/… kept as laid out
                    AddAssets(library.Value, "resources", p => Path.Combine(Path.GetFileName(Path.GetDirectoryName(p)!), Path.GetFileName(p)), relative);
                }
            }
        }

        return [.. relative.Select(r => (r, Path.Combine(directory, r))).Where(f => File.Exists(f.Item2))];
    }

    /// <summary>SHA-256 over the files' relative paths and bytes, as 16 hex digits.</summary>
    internal static string ContentHash(IReadOnlyList<(string Relative, string Full)> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (relative, full) in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(relative + "\n"));
            sha.AppendData(File.ReadAllBytes(full));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    /// <summary>
    /// The shell lines that copy the staged host to <paramref name="localDirectory"/> (once: a node
    /// that has it keeps it; concurrent copies race to a rename) and point the workers at it.
    /// </summary>
    internal string CopyCommand(string localDirectory)
    {
        string local = $"{localDirectory}/{DirectoryName}";
        return $"mkdir -p {localDirectory} && {{ [ -e {local}/DaskSharp.Cli.dll ] || {{ cp -r {ShellText.Quote(SharedPath)} {local}.$$ && mv -T {local}.$$ {local} 2>/dev/null || rm -rf {local}.$$; }}; }}";
    }

    private static void AddAssets(JsonElement library, string kind, Func<string, string> place, SortedSet<string> into)
    {
        if (library.TryGetProperty(kind, out JsonElement assets))
        {
            foreach (JsonProperty asset in assets.EnumerateObject())
            {
                into.Add(place(asset.Name));
            }
        }
    }
}
