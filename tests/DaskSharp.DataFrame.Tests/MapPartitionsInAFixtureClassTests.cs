using DaskSharp.DataFrames;
using DaskSharp.Tests;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// A MapPartitions lambda declared in a test class that implements xunit's IClassFixture: a worker
/// process loads the lambda's declaring type, so it needs xunit.core, which the client sends along.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class MapPartitionsInAFixtureClassTests(ProcessClusterFixture cluster, SmallRowGroupsFile file) : IClassFixture<SmallRowGroupsFile>
{
    [Fact]
    public void Processes_RunALambdaDeclaredHere_AndGiveTheSyncAnswer()
    {
        Assert.NotNull(cluster.Client);
        Assert.True(File.Exists(file.Path)); // the class fixture is why this class's type needs xunit.core
        double factor = 1.5;
        DaskDataFrame mapped = FrameCases.Hourly().MapPartitions(b => FrameOperationCases.ScaleX(b, factor), preservesIndex: true);
        Assert.Equal(FrameCases.Canonical(mapped.Compute("sync")), FrameCases.Canonical(mapped.Compute(ProcessClusterFixture.SchedulerName)));
        Assert.Equal(mapped["x"].Sum().Compute("sync"), mapped["x"].Sum().Compute(ProcessClusterFixture.SchedulerName));
    }
}
