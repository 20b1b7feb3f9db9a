using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Working;

/// <summary>
/// A worker's own scratch directory, <c>&lt;root&gt;/dask-scratch-space/worker-&lt;id&gt;</c>, as
/// distributed's <c>WorkSpace</c> keeps them: the worker holds an exclusive lock on a file inside it
/// for as long as it lives (on Linux an advisory <c>flock</c>, released by the kernel when the process
/// dies, even by SIGKILL). A directory whose lock anyone can take belongs to a dead worker, and
/// <see cref="PurgeStale"/> removes it — at every worker's start, and by the nanny after its worker
/// died — so the spill files of killed workers do not pile up on disk.
/// </summary>
internal sealed class WorkerDirectory : IDisposable
{
    /// <summary>The folder under the root that holds every worker's directory.</summary>
    private const string ScratchFolder = "dask-scratch-space";

    private const string LockFile = "worker.lock";

    /// <summary>A directory without a lock file is left alone this long: its worker may be making it.</summary>
    private static readonly TimeSpan s_creationGrace = TimeSpan.FromMinutes(1);

    private readonly FileStream _lock;

    private WorkerDirectory(string path, FileStream held)
    {
        Path = path;
        _lock = held;
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>Makes and locks a fresh directory under <paramref name="root"/> (the system's temporary directory when null), first removing stale ones.</summary>
    public static WorkerDirectory Create(string? root, ILogger logger)
    {
        PurgeStale(root, logger);
        string path = System.IO.Path.Combine(ScratchSpace(root), $"worker-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        var held = new FileStream(System.IO.Path.Combine(path, LockFile), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        return new WorkerDirectory(path, held);
    }

    /// <summary>Removes the <c>worker-*</c> directories of dead workers (their lock is free) under <paramref name="root"/>'s scratch space (the system's temporary directory's when null); returns how many.</summary>
    public static int PurgeStale(string? root, ILogger logger)
    {
        string scratch = ScratchSpace(root);
        if (!Directory.Exists(scratch))
        {
            return 0;
        }

        int removed = 0;
        foreach (string directory in Directory.EnumerateDirectories(scratch, "worker-*"))
        {
            try
            {
                if (!IsStale(directory))
                {
                    continue;
                }

                Directory.Delete(directory, recursive: true);
                removed++;
                logger.LogInformation("Removed the directory of a dead worker: {Directory}", directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another purge got there first, or the directory is not ours to remove.
            }
        }

        return removed;
    }

    /// <summary>The folder that holds the workers' directories under <paramref name="root"/> (the system's temporary directory when null).</summary>
    private static string ScratchSpace(string? root) => System.IO.Path.Combine(root ?? System.IO.Path.GetTempPath(), ScratchFolder);

    /// <summary>Unlocks and deletes the directory.</summary>
    public void Dispose()
    {
        _lock.Dispose();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static bool IsStale(string directory)
    {
        string file = System.IO.Path.Combine(directory, LockFile);
        if (!File.Exists(file))
        {
            return DateTime.UtcNow - Directory.GetLastWriteTimeUtc(directory) > s_creationGrace;
        }

        try
        {
            using var probe = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true; // nobody holds it: its worker is gone
        }
        catch (IOException)
        {
            return false; // a live worker holds it
        }
    }
}
