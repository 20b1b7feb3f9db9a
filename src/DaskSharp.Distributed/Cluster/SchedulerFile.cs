using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DaskSharp.Distributed.Cluster;

/// <summary>
/// The scheduler file, as distributed writes it (<c>--scheduler-file</c>): the scheduler's type, id,
/// address, dashboard port and workers, plus the connection secret. Workers and clients that can read
/// the file can connect, so it is written readable by its owner only.
/// </summary>
public sealed record SchedulerFile(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("services")] IReadOnlyDictionary<string, int> Services,
    [property: JsonPropertyName("workers")] IReadOnlyDictionary<string, object> Workers,
    [property: JsonPropertyName("secret")] string Secret)
{
    private static readonly JsonSerializerOptions s_options = new() { WriteIndented = true };

    /// <summary>
    /// Writes the file with owner-only permissions (0600), replacing any old one atomically: the
    /// bytes go to a fresh temporary file beside it, created exclusively with mode 0600, which is
    /// then renamed over <paramref name="path"/>. No existing file is ever opened for writing, so
    /// neither a stale temporary file nor one planted there (a symlink, a 0644 file) lends its mode
    /// or its target; a file another user owns at <paramref name="path"/> in a sticky directory
    /// such as /tmp makes the rename fail instead of being reused.
    /// </summary>
    /// <exception cref="IOException">when the file cannot be written; the temporary file is removed.</exception>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        (string temporary, FileStream stream) = CreateTemporary(full);
        try
        {
            using (stream)
            {
                JsonSerializer.Serialize(stream, this, s_options);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// The file <c>dask scheduler</c> writes when given no <c>--scheduler-file</c>:
    /// <c>dask-scheduler-PORT.json</c> in <paramref name="directory"/> (the scheduler's
    /// <c>--local-directory</c>, else the temporary directory), so workers on this machine can be
    /// pointed at it and the secret never has to be printed.
    /// </summary>
    public static string DefaultPath(string directory, int port) =>
        Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"dask-scheduler-{port}.json"));

    // O_CREAT|O_EXCL with mode 0600 from the first byte; a name that exists (a leftover, or one
    // someone guessed) is never opened, another random one is tried.
    private static (string Path, FileStream Stream) CreateTemporary(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        for (int attempt = 1; ; attempt++)
        {
            string temporary = string.Create(CultureInfo.InvariantCulture, $"{path}.tmp-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}");
            try
            {
                return (temporary, new FileStream(temporary, options));
            }
            catch (IOException) when (attempt < 5 && File.Exists(temporary))
            {
                // taken: try another name
            }
        }
    }

    /// <summary>Reads a scheduler file.</summary>
    /// <exception cref="InvalidDataException">naming the file when it is not a scheduler file.</exception>
    public static SchedulerFile Read(string path)
    {
        try
        {
            SchedulerFile? file = JsonSerializer.Deserialize<SchedulerFile>(File.ReadAllText(path), s_options);
            if (file is null || string.IsNullOrEmpty(file.Address))
            {
                throw new InvalidDataException($"{path} has no scheduler address; is it a scheduler file?");
            }

            return file;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a scheduler file: {e.Message}", e);
        }
    }
}
