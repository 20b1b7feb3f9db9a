using System.Net.Sockets;
using DaskSharp.Distributed.Comm;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Working;

/// <summary>
/// Connects a worker to its scheduler as distributed does (<c>comm.core.connect</c> inside the
/// worker's register loop): a failed attempt is retried after a full-jitter exponential back-off
/// (uniform in [0, 10 ms × 2^attempt]), each wait and attempt bounded by what is left of a 30 s
/// window (<c>distributed.comm.timeouts.connect</c>), after which a new window starts from 10 ms.
/// Workers started before their scheduler, or outliving a restarted one, so neither hammer the
/// address nor wait long once it is up. Only the caller's token (the death timeout) ends it.
/// </summary>
internal static class SchedulerConnector
{
    /// <summary>distributed's <c>distributed.comm.timeouts.connect</c>.</summary>
    internal static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_backoffBase = TimeSpan.FromMilliseconds(10);

    public static async Task<IComm> ConnectAsync(WorkerOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        TimeProvider time = options.TimeProvider ?? TimeProvider.System;
        long windowStart = time.GetTimestamp();
        for (int attempt = 0; ; attempt++)
        {
            TimeSpan left = Window - time.GetElapsedTime(windowStart);
            if (left <= TimeSpan.Zero)
            {
                (windowStart, attempt, left) = (time.GetTimestamp(), 0, Window);
            }

            // An attempt is bounded too: a SYN to an address that drops packets would otherwise wait for the kernel's timeout.
            using var attemptTimer = new CancellationTokenSource(left, time);
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimer.Token);
            try
            {
                return await Comms.ConnectAsync(options.SchedulerAddress, options.Secret, bound.Token, options.Tls).ConfigureAwait(false);
            }
            catch (Exception e) when (IsRetryable(e))
            {
                // The death timeout ended the wait while this attempt failed: that, not the refusal, is why it stops.
                cancellationToken.ThrowIfCancellationRequested();
                LogLevel level = attempt == 0 ? LogLevel.Information : LogLevel.Debug;
                logger.Log(level, "Waiting to connect to the scheduler at {Address}: {Reason}", options.SchedulerAddress, e.Message);
            }

            TimeSpan upper = UpperBound(attempt, Window - time.GetElapsedTime(windowStart));
            await Task.Delay(Random.Shared.NextDouble() * upper, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The longest wait after failed attempt <paramref name="attempt"/> (0-based): 10 ms × 2^attempt, at most <paramref name="left"/>.</summary>
    internal static TimeSpan UpperBound(int attempt, TimeSpan left)
    {
        TimeSpan exponential = attempt >= 20 ? TimeSpan.MaxValue : s_backoffBase * (1 << attempt);
        return left <= TimeSpan.Zero ? TimeSpan.Zero : exponential < left ? exponential : left;
    }

    // Refused, reset or unreachable, or an attempt that ran out of its window: the scheduler may
    // yet come up. A refused secret or a TLS failure will not get better by retrying.
    private static bool IsRetryable(Exception e) => e is SocketException or OperationCanceledException
        || (e is IOException && e.InnerException is not System.Security.Authentication.AuthenticationException);
}
