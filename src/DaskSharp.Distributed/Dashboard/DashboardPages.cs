using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Scheduling;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Dashboard;

/// <summary>
/// The dashboard's HTML. Live pages are a shared layout around a body from the embedded assets,
/// drawn by <c>dashboard.js</c> from the event stream; <c>/info</c> pages are rendered here from
/// one snapshot (distributed's info pages are static too).
/// </summary>
internal static class DashboardPages
{
    private static readonly Dictionary<string, string> Assets = new(StringComparer.Ordinal);

    /// <summary>An embedded asset (<c>Dashboard/Assets/*</c>).</summary>
    public static string Asset(string name)
    {
        lock (Assets)
        {
            if (!Assets.TryGetValue(name, out string? text))
            {
                using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"DaskSharp.Dashboard.{name}")
                    ?? throw new InvalidOperationException($"The dashboard asset {name} is not embedded in DaskSharp.Distributed.");
                using var reader = new StreamReader(stream, Encoding.UTF8);
                Assets[name] = text = reader.ReadToEnd();
            }

            return text;
        }
    }

    /// <summary>A live page: <paramref name="page"/> names its body asset and tells the script what to draw.</summary>
    public static string Live(string title, string page) => Layout(title, page, Asset($"{page}.html"));

    public static string InfoIndex(Scheduler scheduler)
    {
        ClusterSnapshot s = scheduler.Snapshot();
        var body = new StringBuilder();
        body.Append("<h2>Workers</h2><table class=\"table\"><tr><th>Worker</th><th>Name</th><th>Threads</th><th>Memory</th><th>Processing</th><th>In memory</th></tr>");
        foreach (WorkerSnapshot w in s.Workers)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{WorkerLink(w.Address)}</td><td>{E(w.Name)}</td><td>{w.Threads}</td><td>{E(ByteSize.Format(w.ManagedBytes))} / {E(ByteSize.Format(w.MemoryLimit))}</td><td>{w.Processing}</td><td>{w.InMemory}</td></tr>");
        }

        body.Append("</table><h2>Task prefixes</h2><table class=\"table\"><tr><th>Prefix</th><th>Total</th>");
        foreach (string state in DashboardJson.StateNames)
        {
            body.Append(CultureInfo.InvariantCulture, $"<th>{E(state)}</th>");
        }

        body.Append("<th>Mean duration</th></tr>");
        foreach (PrefixSnapshot p in s.Prefixes)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Name)}</td><td>{p.Total}</td>");
            foreach (int n in p.States)
            {
                body.Append(CultureInfo.InvariantCulture, $"<td>{n}</td>");
            }

            body.Append(CultureInfo.InvariantCulture, $"<td>{(p.DurationAverage is { } d ? Seconds(d) : "–")}</td></tr>");
        }

        body.Append("</table><h2>Recent tasks</h2><ul class=\"keys\">");
        foreach (TaskStreamEntry e in scheduler.TaskStream.Since(0, 50).Where(e => e.Kind is ActionKind.Compute or ActionKind.Erred).Reverse())
        {
            body.Append(CultureInfo.InvariantCulture, $"<li>{TaskLink(e.Key!.ToString())} on {WorkerLink(e.Worker)} ({Seconds(e.Stop - e.Start)})</li>");
        }

        body.Append("</ul><form action=\"/info/task/\" onsubmit=\"location.href='/info/task/'+encodeURIComponent(this.key.value);return false\"><label>Task key <input name=\"key\" size=\"60\"></label> <button>Show</button></form>");
        return Layout("Info", "info", body.ToString());
    }

    public static string? WorkerInfo(Scheduler scheduler, string address)
    {
        WorkerSnapshot? w = scheduler.Snapshot().Workers.FirstOrDefault(x => x.Address == address);
        if (w is null || scheduler.WorkerTasks(address, 200) is not var (processing, hasWhat))
        {
            return null;
        }

        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<h2>Worker {E(w.Address)}</h2><table class=\"table\">");
        Row(body, "Name", E(w.Name));
        Row(body, "Process id", w.Pid.ToString(CultureInfo.InvariantCulture));
        Row(body, "Threads", w.Threads.ToString(CultureInfo.InvariantCulture));
        Row(body, "Memory (results held)", $"{E(ByteSize.Format(w.ManagedBytes))} of {E(ByteSize.Format(w.MemoryLimit))}");
        Row(body, "Spilled to disk", E(ByteSize.Format(w.SpilledBytes)));
        Row(body, "Process memory", $"{E(ByteSize.Format(w.ProcessBytes))} ({E(ByteSize.Format(w.ManagedMemoryBytes))} managed in memory, {E(ByteSize.Format(w.UnmanagedBytes))} unmanaged)");
        Row(body, "Spill traffic since start", $"{E(ByteSize.Format(w.DiskWriteBytes))} written, {E(ByteSize.Format(w.DiskReadBytes))} read back, {E(ByteSize.Format(w.DroppedBytes))} dropped for recompute");
        Row(body, "CPU", $"{w.Cpu.ToString("0.#", CultureInfo.InvariantCulture)} %");
        Row(body, "Tasks processing / executing / ready / in memory", $"{w.Processing} / {w.Executing} / {w.Ready} / {w.InMemory}");
        Row(body, "Status", w.Status);
        Row(body, "Last seen", $"{Seconds(w.LastSeen)} ago");
        body.Append("</table>");
        KeyList(body, "Processing", processing);
        KeyList(body, "Holds", hasWhat);
        return Layout($"Worker {address}", "info", body.ToString());
    }

    public static string? TaskInfo(Scheduler scheduler, string keyText)
    {
        if (scheduler.TaskInfo(ParseKey(keyText)) is not { } t)
        {
            return null;
        }

        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<h2>Task {E(t.Key)}</h2><table class=\"table\">");
        Row(body, "State", $"<span class=\"state state-{E(DashboardJson.StateName(t.State))}\">{E(DashboardJson.StateName(t.State))}</span>");
        Row(body, "Prefix", E(t.Prefix));
        Row(body, "Processing on", t.ProcessingOn is { } on ? WorkerLink(on) : "–");
        Row(body, "Who has", t.WhoHas.Count == 0 ? "–" : string.Join(", ", t.WhoHas.Select(WorkerLink)));
        Row(body, "Wanted by", t.WhoWants.Count == 0 ? "–" : E(string.Join(", ", t.WhoWants)));
        Row(body, "Result size", E(ByteSize.Format(t.NBytes)));
        if (t.Exception is { } exception)
        {
            Row(body, "Exception", $"<pre>{E(exception)}</pre>");
        }

        body.Append("</table><h3>Dependencies</h3><ul class=\"keys\">");
        foreach (var (key, state) in t.Dependencies)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li>{TaskLink(key)} <span class=\"state\">{E(DashboardJson.StateName(state))}</span></li>");
        }

        body.Append("</ul><h3>Dependents</h3><ul class=\"keys\">");
        foreach (var (key, state) in t.Dependents)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li>{TaskLink(key)} <span class=\"state\">{E(DashboardJson.StateName(state))}</span></li>");
        }

        body.Append("</ul><h3>Story</h3><table class=\"table\"><tr><th>Key</th><th>From</th><th>To</th><th>Stimulus</th></tr>");
        foreach (var (key, from, to, stimulus) in t.Story)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(key)}</td><td>{E(DashboardJson.StateName(from))}</td><td>{E(DashboardJson.StateName(to))}</td><td>{E(stimulus)}</td></tr>");
        }

        body.Append("</table>");
        return Layout($"Task {t.Key}", "info", body.ToString());
    }

    /// <summary>A key from its printed form: <c>name</c>, or <c>('name', 1, 2)</c> for block keys.</summary>
    public static Key ParseKey(string text)
    {
        string trimmed = text.Trim();
        if (!trimmed.StartsWith("('", StringComparison.Ordinal) || !trimmed.EndsWith(')'))
        {
            return new Key(trimmed);
        }

        int close = trimmed.IndexOf('\'', 2);
        if (close < 0)
        {
            return new Key(trimmed);
        }

        string name = trimmed[2..close];
        string[] parts = trimmed[(close + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var index = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out index[i]))
            {
                return new Key(trimmed);
            }
        }

        return new Key(name, index);
    }

    private static string Layout(string title, string page, string body) =>
        Asset("layout.html").Replace("{{title}}", E(title), StringComparison.Ordinal).Replace("{{page}}", page, StringComparison.Ordinal).Replace("{{body}}", body, StringComparison.Ordinal);

    private static void Row(StringBuilder body, string name, string html) => body.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(name)}</th><td>{html}</td></tr>");

    private static void KeyList(StringBuilder body, string title, IReadOnlyList<string> keys)
    {
        body.Append(CultureInfo.InvariantCulture, $"<h3>{E(title)} ({keys.Count}{(keys.Count == 200 ? "+" : string.Empty)})</h3><ul class=\"keys\">");
        foreach (string key in keys)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li>{TaskLink(key)}</li>");
        }

        body.Append("</ul>");
    }

    private static string WorkerLink(string address) => $"<a href=\"/info/worker/{Uri.EscapeDataString(address)}\">{E(address)}</a>";

    private static string TaskLink(string key) => $"<a href=\"/info/task/{Uri.EscapeDataString(key)}\">{E(key)}</a>";

    private static string Seconds(double seconds) => seconds switch
    {
        < 1e-3 => $"{(seconds * 1e6).ToString("0", CultureInfo.InvariantCulture)} µs",
        < 1 => $"{(seconds * 1e3).ToString("0.#", CultureInfo.InvariantCulture)} ms",
        _ => $"{seconds.ToString("0.##", CultureInfo.InvariantCulture)} s",
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
