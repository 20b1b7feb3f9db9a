using Microsoft.Extensions.Logging;

namespace DaskSharp.Cli;

/// <summary>
/// Ends a worker process when the process that started it dies, as distributed's
/// <c>AsyncProcess._immediate_exit_when_closed</c> does with its <c>parent_alive_pipe</c>.
/// </summary>
/// <remarks>
/// The nanny starts the worker with standard input a pipe whose write end only the nanny's
/// process holds (.NET opens it close-on-exec, so no other child inherits it) and never writes
/// to. The kernel closes that end when the nanny's process exits for any reason, SIGKILL
/// included, so the read here returns end-of-file at once. Polling the parent's pid would be
/// late and can be fooled by pid reuse; PR_SET_PDEATHSIG fires when the forking *thread* exits,
/// which in .NET is any thread-pool thread, and is Linux-only.
/// </remarks>
internal static class ParentWatch
{
    /// <summary>The worker process's exit code when its parent is gone (nobody is left to read it; distributed's <c>os._exit(-1)</c>).</summary>
    public const int ParentGoneExitCode = 255;

    public static void ExitWhenStandardInputCloses(ILogger logger)
    {
        var watch = new Thread(() =>
        {
            try
            {
                using Stream stdin = Console.OpenStandardInput();
                var buffer = new byte[256];
                while (stdin.Read(buffer) > 0)
                {
                    // nothing is meant to be written; anything that is, is ignored
                }
            }
            catch (IOException)
            {
                // a broken pipe means the same as end-of-file
            }

            logger.LogCritical("The process that started this worker is gone (its pipe closed); exiting");
            Environment.Exit(ParentGoneExitCode);
        })
        {
            IsBackground = true,
            Name = "dask-parent-watch",
        };
        watch.Start();
    }
}
