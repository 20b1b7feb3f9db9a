namespace DaskSharp.JobQueue;

/// <summary>
/// The jobs a cluster submitted and what became of them, with the scaling decisions, and no I/O:
/// the cluster's shell feeds it sbatch's ids and squeue's rows and carries out its answers
/// (dask's SpecCluster plan, one entry per job). Not thread-safe: the cluster holds a lock.
/// </summary>
internal sealed class SlurmJobTable(TimeSpan? replaceAfter = null)
{
    private readonly List<SlurmJob> _jobs = [];
    private int _next;

    /// <summary>Every job, oldest first.</summary>
    public IReadOnlyList<SlurmJob> All => _jobs;

    /// <summary>The jobs the cluster means to keep, oldest first.</summary>
    public IReadOnlyList<SlurmJob> Planned => [.. _jobs.Where(j => j.Planned)];

    /// <summary>A fresh job name: the cluster's name and a counter, as dask-jobqueue names its jobs' workers.</summary>
    public string NextName(string cluster) => $"{cluster}-{_next++}";

    /// <summary>Records a submitted job.</summary>
    public SlurmJob Submitted(string name, string jobId, IReadOnlyList<string> workers)
    {
        var job = new SlurmJob(name, jobId, "SUBMITTED", [], workers);
        _jobs.Add(job);
        return job;
    }

    /// <summary>Marks <paramref name="jobs"/> cancelled by the cluster (they leave the plan at once).</summary>
    public void CancelRequested(IEnumerable<SlurmJob> jobs)
    {
        foreach (SlurmJob job in jobs)
        {
            int i = _jobs.FindIndex(j => j.JobId == job.JobId);
            _jobs[i] = _jobs[i] with { CancelRequested = true };
        }
    }

    /// <summary>
    /// Takes squeue's view of the jobs at <paramref name="now"/>; a live job squeue no longer lists is
    /// UNKNOWN (SLURM has forgotten it, so it ended). A job running for longer than the
    /// replacement delay is expiring: its workers retire soon, so it leaves the plan.
    /// </summary>
    /// <returns>The jobs that settled in their final state (past COMPLETING) since the last look without the cluster cancelling them.</returns>
    public IReadOnlyList<SlurmJob> Observe(IReadOnlyList<SqueueRow> rows, DateTimeOffset now)
    {
        var byId = rows.ToDictionary(r => r.JobId, StringComparer.Ordinal);
        var ended = new List<SlurmJob>();
        for (int i = 0; i < _jobs.Count; i++)
        {
            SlurmJob job = _jobs[i];
            SlurmJob seen;
            if (byId.TryGetValue(job.JobId, out SqueueRow? row))
            {
                // Ended jobs too: COMPLETING turns into what the job ended as.
                seen = job with { State = row.State, Nodes = row.Nodes.Count > 0 ? row.Nodes : job.Nodes };
            }
            else if (!job.Finished)
            {
                seen = job with { State = "UNKNOWN" };
            }
            else
            {
                continue;
            }

            if (seen.State == "RUNNING" && seen.RunningSince is null)
            {
                seen = seen with { RunningSince = now };
            }

            if (replaceAfter is { } delay && seen.RunningSince is { } since && now - since >= delay)
            {
                seen = seen with { Expiring = true };
            }

            _jobs[i] = seen;
            if (seen.Settled && !job.Settled && !seen.CancelRequested)
            {
                ended.Add(seen);
            }
        }

        return ended;
    }

    /// <summary>
    /// The planned jobs to close to keep <paramref name="target"/>, as SpecCluster.scale picks them:
    /// jobs none of whose workers has arrived first, then the newest.
    /// </summary>
    public IReadOnlyList<SlurmJob> ToCloseForTarget(int target, IReadOnlyCollection<string> observedWorkers)
    {
        IReadOnlyList<SlurmJob> planned = Planned;
        int excess = planned.Count - target;
        if (excess <= 0)
        {
            return [];
        }

        return [.. planned
            .Select((job, order) => (job, order, arrived: job.Workers.Any(observedWorkers.Contains)))
            .OrderBy(p => p.arrived)
            .ThenByDescending(p => p.order)
            .Take(excess)
            .Select(p => p.job)];
    }

    /// <summary>The planned jobs all of whose workers are in <paramref name="workers"/> (a job goes whole or not at all, so no job keeps half its nodes idle).</summary>
    public IReadOnlyList<SlurmJob> ToCloseForWorkers(IReadOnlyCollection<string> workers) =>
        [.. Planned.Where(j => j.Workers.All(workers.Contains))];
}
