namespace DaskSharp.Distributed.Protocol;

// The p2p shuffle's messages: a worker asks the scheduler for a shuffle's run and reports its barrier;
// the scheduler stops runs; workers send each other pieces.

/// <summary>A transfer asks for the run of shuffle <paramref name="Id"/> (creating it on the first ask); answered with a <see cref="ShuffleRunReply"/> (same request id).</summary>
internal sealed record ShuffleGetMessage(string Id, int Outputs, string Barrier) : ProtocolMessage
{
    public const string OpName = "shuffle-get-or-create";

    public override string Op => OpName;
}

/// <summary>The barrier ran on transfers of <paramref name="Run"/> (<paramref name="Consistent"/>: all of them); answered with a <see cref="ShuffleRunReply"/>, an error when the shuffle restarts.</summary>
internal sealed record ShuffleBarrierMessage(string Id, long Run, bool Consistent, string Barrier) : ProtocolMessage
{
    public const string OpName = "shuffle-barrier";

    public override string Op => OpName;
}

/// <summary>A shuffle's run and the owner of each output partition, or why there is none.</summary>
internal sealed record ShuffleRunReply(string Id, long Run, string[] Workers, string? Error) : ProtocolMessage
{
    public const string OpName = "shuffle-run";

    public override string Op => OpName;
}

/// <summary>Runs of shuffle <paramref name="Id"/> up to <paramref name="Run"/> are over: drop their pieces, refuse new ones.</summary>
internal sealed record ShuffleStopMessage(string Id, long Run, string Reason) : ProtocolMessage
{
    public const string OpName = "shuffle-stop";

    public override string Op => OpName;
}

/// <summary>Input partition <paramref name="Input"/>'s pieces of <paramref name="Outputs"/> in run <paramref name="Run"/>, to the worker owning them; answered with ok, or an error when the run is over.</summary>
internal sealed record ShuffleSendMessage(string Id, long Run, int Input, int[] Outputs, byte[][] Data) : ProtocolMessage
{
    public const string OpName = "shuffle-send";

    public override string Op => OpName;
}

/// <summary>The unpack of output partition's owner <paramref name="Owner"/> runs as <paramref name="Key"/> on another worker: pin it to its owner and run it there; answered with a <see cref="ShuffleRunReply"/>.</summary>
internal sealed record ShuffleRescheduleMessage(string Id, long Run, Graphs.Key Key, string Owner) : ProtocolMessage
{
    public const string OpName = "shuffle-reschedule";

    public override string Op => OpName;
}
