using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Shuffle;

namespace DaskSharp.Distributed.Working;

// The worker's p2p shuffle service: entered by every task thread, fed the scheduler's answers and the peers' pieces.
public sealed partial class Worker
{
    /// <summary>The configuration key of the bytes of received shuffle pieces a worker keeps in memory before it writes them to its directory (distributed's p2p buffer).</summary>
    public const string ShuffleBufferConfigKey = "distributed.p2p.buffer";

    private const string DefaultShuffleBuffer = "64MB";

    [ThreadStatic]
    private static Graphs.Key? t_runningKey;

    private WorkerShuffleService? _shuffleService;

    /// <summary>The shuffle pieces this worker owns (for tests and diagnostics).</summary>
    public ShuffleStore ShufflePieces => ShuffleService.Store;

    private WorkerShuffleService ShuffleService => _shuffleService ??= NewShuffleService();

    private WorkerShuffleService NewShuffleService()
    {
        long budget = DaskConfig.Get<object?>(ShuffleBufferConfigKey, DefaultShuffleBuffer) switch
        {
            long n => n,
            int n => n,
            string s => ByteSize.Parse(s),
            var other => throw new ArgumentException($"{ShuffleBufferConfigKey} must be a size such as \"64MB\", not {other}."),
        };

        // A transfer waits for the scheduler to notice a dead peer; give it what a silent worker is allowed, and more.
        var store = new ShuffleStore(Path.Combine(LocalDirectory, "shuffle"), budget);
        return new WorkerShuffleService(store, SendToScheduler, () => Address, () => t_runningKey, _peers, _logger, TimeSpan.FromMinutes(2));
    }

    private void HandleShuffleMessage(ProtocolMessage message)
    {
        switch (message)
        {
            case ShuffleRunReply r:
                ShuffleService.OnReply(r);
                break;
            case ShuffleStopMessage s:
                ShuffleService.OnStop(s);
                break;
        }
    }
}
