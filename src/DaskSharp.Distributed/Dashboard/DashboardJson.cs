using System.Buffers;
using System.Text.Json;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Scheduling;

namespace DaskSharp.Distributed.Dashboard;

/// <summary>
/// The JSON the pages and <c>/api/v1</c> read, written by hand with <see cref="Utf8JsonWriter"/>:
/// state names as distributed spells them, and no reflection on the hot update path.
/// </summary>
internal static class DashboardJson
{
    /// <summary>distributed's names for task states, indexed by <see cref="TaskState"/>.</summary>
    public static readonly string[] StateNames = [.. Enum.GetValues<TaskState>().Select(StateName)];

    public static string StateName(TaskState state) => state switch
    {
        TaskState.NoWorker => "no-worker",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The cluster: totals, workers and progress by prefix.</summary>
    public static void Snapshot(Utf8JsonWriter w, ClusterSnapshot s)
    {
        w.WriteStartObject();
        w.WriteNumber("time", s.Time);
        w.WriteString("id", s.Id);
        w.WriteString("address", s.Address);
        w.WriteNumber("clients", s.Clients);
        w.WriteNumber("tasks_per_second", Math.Round(s.TasksPerSecond, 1));
        w.WriteStartObject("totals");
        w.WriteNumber("workers", s.Workers.Count);
        w.WriteNumber("threads", s.Workers.Sum(x => x.Threads));
        w.WriteNumber("memory_limit", s.Workers.Sum(x => x.MemoryLimit));
        w.WriteNumber("managed_bytes", s.Workers.Sum(x => x.ManagedBytes));
        w.WriteNumber("spilled_bytes", s.Workers.Sum(x => x.SpilledBytes));
        foreach (TaskState state in Enum.GetValues<TaskState>())
        {
            w.WriteNumber(StateNames[(int)state], s.Tasks(state));
        }

        w.WriteEndObject();
        w.WritePropertyName("workers");
        Array(w, s.Workers, Worker);
        w.WritePropertyName("prefixes");
        Array(w, s.Prefixes, Prefix);
        w.WriteEndObject();
    }

    /// <summary>A JSON array of <paramref name="items"/>, each written by <paramref name="write"/>.</summary>
    public static void Array<T>(Utf8JsonWriter w, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        w.WriteStartArray();
        foreach (T item in items)
        {
            write(w, item);
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// One worker. Memory as Dask's bars split it: <c>managed_bytes</c> results held (in memory or
    /// spilled), <c>managed_memory_bytes</c> those in memory, <c>unmanaged_bytes</c> the rest of the
    /// process (<c>process_bytes</c> − in memory, at least 0), <c>spilled_bytes</c> on disk;
    /// <c>disk_write_bytes</c>, <c>disk_read_bytes</c>, <c>dropped_bytes</c> totals since it started;
    /// <c>status</c> running, paused or retiring.
    /// </summary>
    public static void Worker(Utf8JsonWriter w, WorkerSnapshot x)
    {
        w.WriteStartObject();
        w.WriteString("address", x.Address);
        w.WriteString("name", x.Name);
        w.WriteNumber("threads", x.Threads);
        w.WriteNumber("memory_limit", x.MemoryLimit);
        w.WriteNumber("managed_bytes", x.ManagedBytes);
        w.WriteNumber("spilled_bytes", x.SpilledBytes);
        w.WriteNumber("process_bytes", x.ProcessBytes);
        w.WriteNumber("managed_memory_bytes", x.ManagedMemoryBytes);
        w.WriteNumber("unmanaged_bytes", x.UnmanagedBytes);
        w.WriteNumber("disk_write_bytes", x.DiskWriteBytes);
        w.WriteNumber("disk_read_bytes", x.DiskReadBytes);
        w.WriteNumber("dropped_bytes", x.DroppedBytes);
        w.WriteString("status", x.Status);
        w.WriteNumber("cpu", x.Cpu);
        w.WriteNumber("processing", x.Processing);
        w.WriteNumber("in_memory", x.InMemory);
        w.WriteNumber("executing", x.Executing);
        w.WriteNumber("ready", x.Ready);
        w.WriteBoolean("paused", x.Paused);
        w.WriteBoolean("retiring", x.Retiring);
        w.WriteNumber("last_seen", Math.Round(x.LastSeen, 3));
        w.WriteNumber("pid", x.Pid);
        w.WriteEndObject();
    }

    public static void Prefix(Utf8JsonWriter w, PrefixSnapshot p)
    {
        w.WriteStartObject();
        w.WriteString("name", p.Name);
        w.WriteNumber("index", p.Index);
        w.WriteNumber("total", p.Total);
        for (int i = 0; i < p.States.Length; i++)
        {
            w.WriteNumber(StateNames[i], p.States[i]);
        }

        if (p.DurationAverage is { } average)
        {
            w.WriteNumber("duration_average", average);
        }

        w.WriteNumber("compute_seconds", Math.Round(p.ComputeSeconds, 6));
        w.WriteEndObject();
    }

    /// <summary>
    /// Task stream entries, compactly (a page may receive thousands a second): <c>workers</c> lists
    /// the addresses the rows refer to, <c>t0</c> is the time the offsets count from, and each entry
    /// is <c>[worker index, thread, action, start offset, stop offset, prefix colour index, key, nbytes, peer]</c>
    /// with the action numbered as in <c>actions</c>. <c>next</c> is the sequence number to ask for next.
    /// </summary>
    public static void Stream(Utf8JsonWriter w, IReadOnlyList<TaskStreamEntry> entries, long next)
    {
        w.WriteStartObject();
        w.WriteNumber("next", next);
        w.WriteStartArray("actions");
        foreach (ActionKind kind in Enum.GetValues<ActionKind>())
        {
            w.WriteStringValue(WorkerActivity.Name(kind));
        }

        w.WriteEndArray();
        double t0 = entries.Count > 0 ? Math.Floor(entries[0].Start) : 0;
        w.WriteNumber("t0", t0);
        var workers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (TaskStreamEntry e in entries)
        {
            workers.TryAdd(e.Worker, workers.Count);
        }

        w.WriteStartArray("workers");
        foreach (string worker in workers.Keys)
        {
            w.WriteStringValue(worker);
        }

        w.WriteEndArray();
        w.WriteStartArray("entries");
        foreach (TaskStreamEntry e in entries)
        {
            w.WriteStartArray();
            w.WriteNumberValue(workers[e.Worker]);
            w.WriteNumberValue(e.Thread);
            w.WriteNumberValue((int)e.Kind);
            w.WriteNumberValue(Math.Round(e.Start - t0, 6));
            w.WriteNumberValue(Math.Round(e.Stop - t0, 6));
            w.WriteNumberValue(e.Prefix?.Index ?? -1);
            w.WriteStringValue(e.Key?.ToString());
            w.WriteNumberValue(e.NBytes);
            w.WriteStringValue(e.Peer);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void Task(Utf8JsonWriter w, TaskSnapshot t)
    {
        w.WriteStartObject();
        w.WriteString("key", t.Key);
        w.WriteString("prefix", t.Prefix);
        w.WriteString("state", StateName(t.State));
        w.WriteString("processing_on", t.ProcessingOn);
        Strings(w, "who_has", t.WhoHas);
        Strings(w, "who_wants", t.WhoWants);
        KeyStates(w, "dependencies", t.Dependencies);
        KeyStates(w, "dependents", t.Dependents);
        w.WriteNumber("nbytes", t.NBytes);
        w.WriteString("exception", t.Exception);
        w.WriteStartArray("story");
        foreach (var (key, from, to, stimulus) in t.Story)
        {
            w.WriteStartArray();
            w.WriteStringValue(key);
            w.WriteStringValue(StateName(from));
            w.WriteStringValue(StateName(to));
            w.WriteStringValue(stimulus);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (string v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static void KeyStates(Utf8JsonWriter w, string name, IEnumerable<(string Key, TaskState State)> values)
    {
        w.WriteStartObject(name);
        foreach (var (key, state) in values)
        {
            w.WriteString(key, StateName(state));
        }

        w.WriteEndObject();
    }
}
