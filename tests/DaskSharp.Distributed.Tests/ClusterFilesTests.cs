using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Serialization;
using DaskSharp.Serialization;

namespace DaskSharp.Distributed.Tests;

public class ClusterFilesTests
{
    [Fact]
    public void SchedulerFile_RoundTripsWithDasksKeys_AndOwnerOnlyPermissions()
    {
        string path = Path.Combine(Path.GetTempPath(), $"scheduler-{Guid.NewGuid():N}.json");
        try
        {
            var file = new SchedulerFile("Scheduler", "Scheduler-1", "tcp://127.0.0.1:8786", new Dictionary<string, int> { ["dashboard"] = 8787 }, new Dictionary<string, object>(), "abc");
            file.Write(path);
            string json = File.ReadAllText(path);
            foreach (string key in (string[])["\"type\"", "\"id\"", "\"address\"", "\"services\"", "\"dashboard\": 8787", "\"workers\"", "\"secret\""])
            {
                Assert.Contains(key, json);
            }

            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            SchedulerFile back = SchedulerFile.Read(path);
            Assert.Equal(("tcp://127.0.0.1:8786", "abc", 8787), (back.Address, back.Secret, back.Services["dashboard"]));

            File.WriteAllText(path, "{ not json");
            var e = Assert.Throws<InvalidDataException>(() => SchedulerFile.Read(path));
            Assert.StartsWith($"{path} is not a scheduler file", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SchedulerFile_Write_FilesAlreadyThere_NeverLendTheirMode()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string directory = Directory.CreateTempSubdirectory("dask-file-").FullName;
        string path = Path.Combine(directory, "scheduler.json");
        string leftover = $"{path}.tmp-{Environment.ProcessId}"; // the temporary name of earlier versions
        try
        {
            const UnixFileMode everyone = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            foreach (string planted in (string[])[path, leftover])
            {
                File.WriteAllText(planted, "planted");
                File.SetUnixFileMode(planted, everyone);
            }

            new SchedulerFile("Scheduler", "Scheduler-1", "tcp://127.0.0.1:8786", new Dictionary<string, int>(), new Dictionary<string, object>(), "the-secret").Write(path);

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal("the-secret", SchedulerFile.Read(path).Secret);
            Assert.Equal(("planted", everyone), (File.ReadAllText(leftover), File.GetUnixFileMode(leftover))); // never opened, never reused
            Assert.Equal([path, leftover], Directory.GetFiles(directory).Order(StringComparer.Ordinal)); // its own temporary file is gone
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void SizeOf_CountsChunkBuffersExactly()
    {
        var chunk = new NDArray<double>(100, 10);
        Assert.Equal(64 + 8000, SizeOf.Of(chunk));
        Assert.Equal(64 + 8000, SizeOf.Of(chunk.T)); // a view keeps the whole buffer alive
        Assert.Equal(24 + 400, SizeOf.Of(new int[100]));
        Assert.Equal(24 + 10, SizeOf.Of("hello"));
        Assert.Equal(0, SizeOf.Of(null));
        SizeOf.Register<Uri>(u => 1000 + u.OriginalString.Length);
        Assert.Equal(1000 + 12, SizeOf.Of(new Uri("http://x.org")));
    }
}
