using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using DaskSharp.Distributed.Cluster;

namespace DaskSharp.Distributed.Deploy;

/// <summary>
/// How the ranks of one launch find their scheduler without MPI: rank 0's scheduler writes the
/// scheduler file F, then rank 0 writes a <em>ticket</em> beside it (<c>F.launch</c>) naming this
/// launch and that scheduler's id. Other ranks wait for a ticket of their own launch and then take
/// F only if it is that scheduler's. A scheduler file (and ticket) left by an earlier run, or
/// written by another launch sharing the path, is never read as this launch's (dask-mpi#45, where
/// workers read the old file and tried to join a scheduler that was gone; dask-mpi avoids it with
/// an MPI barrier, which this replaces).
/// </summary>
public static class LaunchRendezvous
{
    /// <summary>With no launch id in the environment, a ticket written this long before a rank started still counts as its launch's (ranks start within seconds of each other, across nodes whose clocks may differ a little).</summary>
    public static readonly TimeSpan StartSkew = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions s_options = new() { WriteIndented = true };

    /// <summary>The ticket beside scheduler file <paramref name="schedulerFile"/>.</summary>
    public static string TicketPath(string schedulerFile) => Path.GetFullPath(schedulerFile) + ".launch";

    /// <summary>
    /// Refuses a scheduler file no rank could ever share: its directory is missing (a typo, or a
    /// directory that exists on the login node only) or cannot be written. Every rank checks before
    /// anything starts, so all of them stop with the same message instead of waiting out a timeout.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">naming the directory and the file.</exception>
    /// <exception cref="UnauthorizedAccessException">when the directory cannot be written.</exception>
    public static void CheckDirectory(string schedulerFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(schedulerFile);
        string full = Path.GetFullPath(schedulerFile);
        string directory = Path.GetDirectoryName(full) ?? full;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The directory '{directory}' of the scheduler file '{schedulerFile}' does not exist; create it first, on a file system every node of the launch shares.");
        }

        string probe = Path.Combine(directory, $".dask-write-probe-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
        try
        {
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UnauthorizedAccessException($"The scheduler file '{schedulerFile}' cannot be written: the directory '{directory}' is not writable ({e.Message}); give a --scheduler-file in a directory this user can write, on a file system every node shares.", e);
        }
    }

    /// <summary>Rank 0: marks scheduler file <paramref name="schedulerFile"/>, just written by the scheduler <paramref name="schedulerId"/>, as launch <paramref name="launchId"/>'s (owner-only, replaced atomically).</summary>
    public static void Publish(string schedulerFile, string? launchId, string schedulerId)
    {
        var ticket = new LaunchTicket(launchId, schedulerId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        string path = TicketPath(schedulerFile);
        string temporary = $"{path}.tmp-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, ticket, s_options);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Rank 0, closing: removes the ticket if it is still its own.</summary>
    public static void Withdraw(string schedulerFile, string schedulerId)
    {
        string path = TicketPath(schedulerFile);
        if (TryReadTicket(path) is { } ticket && ticket.Scheduler == schedulerId)
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Waits for the scheduler file of launch <paramref name="launchId"/> and returns it; a ticket
    /// or file of any other launch is passed over. Without a launch id, a ticket written after this
    /// process started (less <see cref="StartSkew"/>) is this launch's.
    /// </summary>
    /// <exception cref="TimeoutException">naming the file, the launch and what was found instead, after <paramref name="timeout"/>.</exception>
    public static async Task<SchedulerFile> WaitAsync(string schedulerFile, string? launchId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(schedulerFile);
        string ticketPath = TicketPath(schedulerFile);
        long startedMs;
        using (var self = System.Diagnostics.Process.GetCurrentProcess())
        {
            startedMs = new DateTimeOffset(self.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds();
        }

        long notBefore = startedMs - (long)StartSkew.TotalMilliseconds;
        DateTime deadline = DateTime.UtcNow + timeout;
        string seen = "no ticket";
        while (true)
        {
            if (TryReadTicket(ticketPath) is { } ticket)
            {
                bool ours = launchId is not null ? ticket.Launch == launchId : ticket.WrittenMs >= notBefore;
                if (ours && TryReadSchedulerFile(schedulerFile) is { } file && file.Id == ticket.Scheduler)
                {
                    return file;
                }

                seen = ours
                    ? $"this launch's ticket, but '{schedulerFile}' is not (yet) its scheduler {ticket.Scheduler}'s"
                    : $"a ticket from another launch ({ticket.Launch ?? "unnamed"}, scheduler {ticket.Scheduler}), which was ignored";
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"No scheduler of this launch ({launchId ?? "no launch id"}) wrote the scheduler file '{schedulerFile}' within {timeout.TotalSeconds} s (found {seen} at '{ticketPath}'); did rank 0 fail to start? See its output."));
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private static LaunchTicket? TryReadTicket(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<LaunchTicket>(File.ReadAllText(path), s_options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null; // not there yet, or being replaced
        }
    }

    private static SchedulerFile? TryReadSchedulerFile(string path)
    {
        try
        {
            return SchedulerFile.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>What <c>F.launch</c> holds.</summary>
    private sealed record LaunchTicket(
        [property: JsonPropertyName("launch")] string? Launch,
        [property: JsonPropertyName("scheduler")] string Scheduler,
        [property: JsonPropertyName("written_ms")] long WrittenMs);
}
