using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Cli;

/// <summary>Waits for SIGINT or SIGTERM (or cancellation), so `dask` closes cleanly and removes its scheduler file.</summary>
internal static class Shutdown
{
    public static async Task WaitAsync(CancellationToken cancellationToken)
    {
        var signalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(PosixSignalContext context)
        {
            context.Cancel = true;
            signalled.TrySetResult();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handler);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handler);
        await signalled.Task.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
    }
}

/// <summary>Console logs in distributed's style: time - logger - level - message.</summary>
internal static class Logs
{
    public static ILoggerFactory Create() => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Information)
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-dd HH:mm:ss,fff - ";
        }));
}
