using DaskSharp.Tests;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Query's <c>in</c>, <c>not in</c>, lists and date strings select exactly the rows pandas selects, on the sync scheduler, threads and worker processes (the isin, isna and timestamp literals travel in the plan).</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class QueryInMatrixTests(ProcessClusterFixture cluster)
{
    public static TheoryData<string, string, string> Cases => QueryInCases.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sync_SelectsTheRowsPandasSelects(string frame, string query, string positions) =>
        Assert.Equal(QueryInCases.Rows(frame, positions), QueryInCases.Query(frame, query, "sync"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Threads_SelectTheRowsPandasSelects(string frame, string query, string positions) =>
        Assert.Equal(QueryInCases.Rows(frame, positions), QueryInCases.Query(frame, query, "threads"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Processes_SelectTheRowsPandasSelects(string frame, string query, string positions)
    {
        Assert.NotNull(cluster.Client);
        Assert.Equal(QueryInCases.Rows(frame, positions), QueryInCases.Query(frame, query, ProcessClusterFixture.SchedulerName));
    }
}
