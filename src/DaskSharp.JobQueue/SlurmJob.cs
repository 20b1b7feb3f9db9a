namespace DaskSharp.JobQueue;

/// <summary>One job a <see cref="SLURMCluster"/> submitted, as it last saw it.</summary>
/// <param name="Name">The job's name in the cluster (its workers are this name, or this name with node and process indices).</param>
/// <param name="JobId">SLURM's job id.</param>
/// <param name="State">SLURM's state name (SUBMITTED until squeue first lists it; UNKNOWN when SLURM forgot it).</param>
/// <param name="Nodes">Its nodes in SLURM's order (empty while pending).</param>
/// <param name="Workers">The names its workers register with, node by node.</param>
/// <param name="CancelRequested">True once the cluster cancelled it (scaling down or closing).</param>
/// <param name="RunningSince">When the cluster first saw it RUNNING.</param>
/// <param name="Expiring">True once its workers are about to retire for their lifetime: it no longer counts in the plan, so adaptive scaling submits its replacement while they are still there to hand their results over.</param>
public sealed record SlurmJob(string Name, string JobId, string State, IReadOnlyList<string> Nodes, IReadOnlyList<string> Workers, bool CancelRequested = false, DateTimeOffset? RunningSince = null, bool Expiring = false)
{
    /// <summary>States in which a job still runs or will run (COMPLETING is a job on its way out).</summary>
    private static readonly HashSet<string> s_live = new(StringComparer.Ordinal)
    {
        "SUBMITTED", "PENDING", "CONFIGURING", "RUNNING", "SUSPENDED", "RESIZING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "SIGNALING", "STAGE_OUT", "RESV_DEL_HOLD",
    };

    /// <summary>True once it has ended (completed, cancelled, failed, timed out, …) or is ending.</summary>
    public bool Finished => !s_live.Contains(State);

    /// <summary>True once it has ended for good: finished and no longer COMPLETING (squeue need not be asked about it again).</summary>
    public bool Settled => Finished && State != "COMPLETING";

    /// <summary>True when the cluster means to keep it: not ended, not cancelled by the cluster, and not about to retire for its lifetime.</summary>
    public bool Planned => !Finished && !CancelRequested && !Expiring;

    /// <summary>The node a worker of this job runs on, by its position in <see cref="Workers"/>; null while unknown.</summary>
    public string? NodeOf(int worker, int processesPerNode) =>
        worker / processesPerNode is var node && node < Nodes.Count ? Nodes[node] : null;
}
