using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Deploy;

namespace DaskSharp.Distributed.Tests.Deploy;

/// <summary>The scheduler file and its launch ticket, on a real directory, without any launcher.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LaunchRendezvousTests
{
    private static SchedulerFile Written(string path, string id, string address)
    {
        var file = new SchedulerFile("Scheduler", id, address, new Dictionary<string, int>(), new Dictionary<string, object>(), "secret-" + id);
        file.Write(path);
        return file;
    }

    [Fact]
    public async Task WaitAsync_TicketOfThisLaunch_ReturnsItsSchedulersFile()
    {
        string path = Path.Combine(Launches.NewDirectory(), "s.json");
        Written(path, "Scheduler-1", "tcp://127.0.0.1:4001");
        LaunchRendezvous.Publish(path, "launch-a", "Scheduler-1");
        SchedulerFile found = await LaunchRendezvous.WaitAsync(path, "launch-a", TimeSpan.FromSeconds(5));
        Assert.Equal(("Scheduler-1", "tcp://127.0.0.1:4001", "secret-Scheduler-1"), (found.Id, found.Address, found.Secret));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LaunchRendezvous.TicketPath(path)));
    }

    [Fact]
    public async Task WaitAsync_StaleFileFirst_WaitsAndTakesTheOneThisLaunchWritesLater()
    {
        string path = Path.Combine(Launches.NewDirectory(), "s.json");
        Written(path, "Scheduler-old", "tcp://127.0.0.1:9");
        LaunchRendezvous.Publish(path, "launch-old", "Scheduler-old");
        Task<SchedulerFile> waiting = LaunchRendezvous.WaitAsync(path, "launch-new", TimeSpan.FromSeconds(20));
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the earlier launch's file must not be taken");

        Written(path, "Scheduler-new", "tcp://127.0.0.1:4002");
        LaunchRendezvous.Publish(path, "launch-new", "Scheduler-new");
        Assert.Equal("tcp://127.0.0.1:4002", (await waiting.WaitAsync(TimeSpan.FromSeconds(20))).Address);
    }

    [Fact]
    public async Task WaitAsync_TicketWhoseSchedulerFileIsSomeoneElses_IsNotTaken()
    {
        // This launch's ticket, but the file beside it was replaced by another scheduler's.
        string path = Path.Combine(Launches.NewDirectory(), "s.json");
        Written(path, "Scheduler-other", "tcp://127.0.0.1:9");
        LaunchRendezvous.Publish(path, "launch-a", "Scheduler-mine");
        var e = await Assert.ThrowsAsync<TimeoutException>(() => LaunchRendezvous.WaitAsync(path, "launch-a", TimeSpan.FromMilliseconds(300)));
        Assert.Contains($"found this launch's ticket, but '{path}' is not (yet) its scheduler Scheduler-mine's", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitAsync_NothingThere_TimesOutNamingTheFileAndLaunch()
    {
        string path = Path.Combine(Launches.NewDirectory(), "s.json");
        var e = await Assert.ThrowsAsync<TimeoutException>(() => LaunchRendezvous.WaitAsync(path, "launch-z", TimeSpan.FromMilliseconds(200)));
        Assert.StartsWith($"No scheduler of this launch (launch-z) wrote the scheduler file '{path}' within 0.2 s (found no ticket at '{path}.launch')", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitAsync_NoLaunchId_TakesATicketWrittenSinceThisProcessStarted()
    {
        string path = Path.Combine(Launches.NewDirectory(), "s.json");
        Written(path, "Scheduler-1", "tcp://127.0.0.1:4003");
        LaunchRendezvous.Publish(path, launchId: null, "Scheduler-1");
        Assert.Equal("tcp://127.0.0.1:4003", (await LaunchRendezvous.WaitAsync(path, launchId: null, TimeSpan.FromSeconds(5))).Address);
    }

    [Fact]
    public void Withdraw_RemovesOnlyItsOwnTicket()
    {
        string path = Path.Combine(Launches.NewDirectory(), "s.json");
        LaunchRendezvous.Publish(path, "launch-b", "Scheduler-b");
        LaunchRendezvous.Withdraw(path, "Scheduler-someone-else");
        Assert.True(File.Exists(LaunchRendezvous.TicketPath(path)));
        LaunchRendezvous.Withdraw(path, "Scheduler-b");
        Assert.False(File.Exists(LaunchRendezvous.TicketPath(path)));
    }

    [Fact]
    public void CheckDirectory_MissingDirectory_NamesItAndTheFile()
    {
        string missing = Path.Combine(Launches.NewDirectory(), "nope");
        var e = Assert.Throws<DirectoryNotFoundException>(() => LaunchRendezvous.CheckDirectory(Path.Combine(missing, "s.json")));
        Assert.Equal($"The directory '{missing}' of the scheduler file '{Path.Combine(missing, "s.json")}' does not exist; create it first, on a file system every node of the launch shares.", e.Message);
    }

    [Fact]
    public void CheckDirectory_WritableDirectory_LeavesNothingBehind()
    {
        string directory = Launches.NewDirectory();
        LaunchRendezvous.CheckDirectory(Path.Combine(directory, "s.json"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("4GB", 4_000_000_000L)]
    [InlineData("512 MiB", 536_870_912L)]
    public void ParseMemoryLimit_Sizes_AreBytes(string text, long bytes) => Assert.Equal(bytes, RankOptions.ParseMemoryLimit(text, threads: 1));

    [Fact]
    public void ParseMemoryLimit_Auto_IsTheMachinesShareForTheThreads()
    {
        Assert.Equal((long)(Working.SystemMemory.Total * Math.Min(1.0, 1.0 / Environment.ProcessorCount)), RankOptions.ParseMemoryLimit("auto", threads: 1));
        Assert.Equal(Working.SystemMemory.Total, RankOptions.ParseMemoryLimit("auto", threads: Environment.ProcessorCount * 2));
    }

    [Fact]
    public void ParseMemoryLimit_Nonsense_IsRefusedNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => RankOptions.ParseMemoryLimit("lots", threads: 1));
        Assert.StartsWith("The memory limit 'lots' is not a byte count, a size such as 4GB, 'auto', or 0 for no limit.", e.Message, StringComparison.Ordinal);
    }
}
