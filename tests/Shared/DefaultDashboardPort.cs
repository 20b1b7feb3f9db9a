namespace DaskSharp.Tests;

/// <summary>
/// Port 8787 is one per machine, and test processes that want it (DaskSharp.Distributed.Tests'
/// seed and port tests, DaskSharp.Core.Tests' quickstart test) run at once: they take turns
/// through a file lock (an exclusive open is an flock on Linux). This file is compiled into both.
/// </summary>
internal sealed class DefaultDashboardPort : IDisposable
{
    private readonly FileStream _lock;

    private DefaultDashboardPort(FileStream held) => _lock = held;

    public static DefaultDashboardPort Acquire()
    {
        string path = Path.Combine(Path.GetTempPath(), "dasksharp-tests-port-8787.lock");
        TimeSpan bound = TimeSpan.FromMinutes(3);
        DateTime deadline = DateTime.UtcNow + bound;
        while (true)
        {
            try
            {
                return new DefaultDashboardPort(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException e)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new TimeoutException($"Waited {bound.TotalMinutes} min for the lock on port 8787 ({path}), held by another test process.", e);
                }

                // Another process holds it and .NET offers no blocking flock to wait on: retry the open.
                Thread.Sleep(100);
            }
        }
    }

    public void Dispose() => _lock.Dispose();
}
