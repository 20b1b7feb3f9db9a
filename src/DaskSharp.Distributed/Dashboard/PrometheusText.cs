using System.Globalization;
using System.Text;
using DaskSharp.Distributed.Scheduling;

namespace DaskSharp.Distributed.Dashboard;

/// <summary>
/// <c>/metrics</c> in the Prometheus text exposition format (version 0.0.4), with distributed's
/// metric names (<c>dask_scheduler_*</c>) where it has one.
/// </summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(ClusterSnapshot s)
    {
        var text = new StringBuilder();
        Family(text, "dask_scheduler_clients", "gauge", "Number of clients connected.", [([], s.Clients)]);
        Family(text, "dask_scheduler_workers", "gauge", "Number of workers known by scheduler.", [
            ([("state", "connected")], s.Workers.Count),
            ([("state", "saturated")], s.Workers.Count(w => w.Saturated)),
            ([("state", "idle")], s.Workers.Count(w => w.Idle)),
            ([("state", "paused")], s.Workers.Count(w => w.Paused)),
            ([("state", "retiring")], s.Workers.Count(w => w.Retiring))]);
        Family(text, "dask_scheduler_worker_threads", "gauge", "Worker threads in the cluster.", [([], s.Workers.Sum(w => w.Threads))]);
        Family(text, "dask_scheduler_tasks", "gauge", "Number of tasks known by scheduler.", [
            .. ClusterSnapshot.KnownStates.Select(t => (Labels(("state", DashboardJson.StateName(t))), (double)s.Tasks(t)))]);
        Family(text, "dask_scheduler_tasks_forgotten", "counter", "Total number of processed tasks no longer in memory and already removed from the scheduler.", [
            ([], s.Prefixes.Sum(p => p.TotalsInto[(int)TaskState.Forgotten]))]);
        Family(text, "dask_scheduler_tasks_suspicious", "counter", "Total number of times a task has been marked suspicious.", [
            .. s.Prefixes.Select(p => (Labels(("task_prefix_name", p.Name)), (double)p.Suspicious))]);
        Family(text, "dask_scheduler_prefix_state_totals", "counter", "Accumulated count of task prefixes in each state.", [
            .. s.Prefixes.SelectMany(p => Enum.GetValues<TaskState>().Select(t => (Labels(("task_prefix_name", p.Name), ("state", DashboardJson.StateName(t))), (double)p.TotalsInto[(int)t])))]);
        Family(text, "dask_scheduler_tasks_compute_seconds", "counter", "Total time (per prefix) spent computing tasks.", [
            .. s.Prefixes.Select(p => (Labels(("task_prefix_name", p.Name)), p.ComputeSeconds))]);
        Family(text, "dask_scheduler_tasks_per_second", "gauge", "Tasks finished per second over the last five seconds (since the first of them, at least one second).", [([], s.TasksPerSecond)]);
        Family(text, "dask_scheduler_tasks_output_bytes", "gauge", "Bytes of task results held by workers.", [
            ([("state", "memory")], s.Workers.Sum(w => w.ManagedBytes)),
            ([("state", "spilled")], s.Workers.Sum(w => w.SpilledBytes))]);
        Family(text, "dask_scheduler_worker_memory_bytes", "gauge", "Memory per worker: managed results, spilled results, process and limit.", [
            .. s.Workers.SelectMany(w => new[]
            {
                (Labels(("worker", w.Address), ("type", "managed")), (double)w.ManagedBytes),
                (Labels(("worker", w.Address), ("type", "spilled")), (double)w.SpilledBytes),
                (Labels(("worker", w.Address), ("type", "process")), (double)w.ProcessBytes),
                (Labels(("worker", w.Address), ("type", "limit")), (double)w.MemoryLimit),
            })]);

        // distributed's worker metrics, per worker here since the scheduler serves them all.
        Family(text, "dask_worker_memory_bytes", "gauge", "Memory breakdown: managed results in memory, unmanaged (process minus managed), spilled to disk.", [
            .. s.Workers.SelectMany(w => new[]
            {
                (Labels(("worker", w.Address), ("type", "managed")), (double)w.ManagedMemoryBytes),
                (Labels(("worker", w.Address), ("type", "unmanaged")), (double)w.UnmanagedBytes),
                (Labels(("worker", w.Address), ("type", "spilled")), (double)w.SpilledBytes),
            })]);
        Family(text, "dask_worker_spill_bytes", "counter", "Total size of spilled/unspilled data since the worker was started.", [
            .. s.Workers.SelectMany(w => new[]
            {
                (Labels(("worker", w.Address), ("activity", "disk_write")), (double)w.DiskWriteBytes),
                (Labels(("worker", w.Address), ("activity", "disk_read")), (double)w.DiskReadBytes),
            })]);
        Family(text, "dask_worker_dropped_bytes", "counter", "Total size of results dropped to be recomputed since the worker was started.", [
            .. s.Workers.Select(w => (Labels(("worker", w.Address)), (double)w.DroppedBytes))]);
        Family(text, "dask_worker_paused", "gauge", "1 while the worker is paused: its memory is above the pause threshold.", [
            .. s.Workers.Select(w => (Labels(("worker", w.Address)), w.Paused ? 1.0 : 0.0))]);
        return text.ToString();
    }

    private static (string Name, string Value)[] Labels(params (string Name, string Value)[] labels) => labels;

    private static void Family(StringBuilder text, string name, string type, string help, IEnumerable<((string Name, string Value)[] Labels, double Value)> samples)
    {
        // Counters carry the _total suffix on their samples, as prometheus_client writes them.
        string sample = type == "counter" ? name + "_total" : name;
        text.Append("# HELP ").Append(sample).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(sample).Append(' ').Append(type).Append('\n');
        foreach (var (labels, value) in samples)
        {
            text.Append(sample);
            if (labels.Length > 0)
            {
                text.Append('{');
                for (int i = 0; i < labels.Length; i++)
                {
                    text.Append(i == 0 ? string.Empty : ",").Append(labels[i].Name).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
                }

                text.Append('}');
            }

            text.Append(' ').Append(Number(value)).Append('\n');
        }
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
