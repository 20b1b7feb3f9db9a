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

    /// <summary>Writes the file with owner-only permissions (0600), replacing any old one atomically.</summary>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string temporary = path + ".tmp-" + Environment.ProcessId;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, this, s_options);
        }

        File.Move(temporary, path, overwrite: true);
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
