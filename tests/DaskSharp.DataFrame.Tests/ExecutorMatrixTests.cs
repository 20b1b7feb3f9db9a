using DaskSharp.Tests;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Every dataframe operation gives the sync scheduler's answer, exactly, on threads and on worker processes.</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class ExecutorMatrixTests(ProcessClusterFixture cluster)
{
    public static TheoryData<string> Cases => [.. FrameCases.Lazy.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Threads_GiveTheSyncAnswer(string name) =>
        Assert.Equal(FrameCases.Lazy[name]("sync"), FrameCases.Lazy[name]("threads"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Processes_GiveTheSyncAnswer(string name)
    {
        Assert.NotNull(cluster.Client);
        Assert.Equal(FrameCases.Lazy[name]("sync"), FrameCases.Lazy[name](ProcessClusterFixture.SchedulerName));
    }
}
