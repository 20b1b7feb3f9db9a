using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Query;
using DaskSharp.Tests;
using static DaskSharp.DataFrame.Tests.FrameOpsReference;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// Query on the hourly frame (8 partitions of 6 h from 2000-01-01): comparisons of the index with
/// date strings read only the partitions whose divisions may hold the rows, as Loc does; the rows
/// are those of the whole frame that the condition keeps, on every scheduler.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class QueryIndexPruningTests(ProcessClusterFixture cluster)
{
    private static readonly LocalFrame Whole = FrameCases.Hourly().Compute("sync");

    private static readonly DateTime[] Times = FrameOpsReference.Times(Whole);

    private static readonly object?[] X = Whole.Values("x");

    /// <summary>query, the rows it keeps (by time and x), partitions read, the divisions after.</summary>
    private static readonly Dictionary<string, (Func<DateTime, double?, bool> Keeps, string Partitions, string Divisions)> s_cases = new()
    {
        ["index >= '2000-01-02 12:00' and x > 0"] = ((t, x) => t >= Hour(36) && x > 0, "6-7", "2000-01-02T12:00:00.0000000Z|2000-01-02T18:00:00.0000000Z|2000-01-03T00:00:00.0000000Z"),
        ["timestamp < '2000-01-01 06:00'"] = ((t, _) => t < Hour(6), "0-1", "2000-01-01T00:00:00.0000000Z|2000-01-01T06:00:00.0000000Z|2000-01-01T06:00:00.0000000Z"),
        ["'2000-01-01 06:00' < index < '2000-01-01 13:00'"] = ((t, _) => t > Hour(6) && t < Hour(13), "1-2", "2000-01-01T06:00:00.0000000Z|2000-01-01T12:00:00.0000000Z|2000-01-01T13:00:00.0000000Z"),
        ["index == '2000-01-02' and (x > 0 or x <= 0)"] = ((t, _) => t == Hour(24), "4-4", "2000-01-02T00:00:00.0000000Z|2000-01-02T00:00:00.0000000Z"),
        ["x < 0 and index > '2000-01-01 20:00' and index <= '2000-01-02 02:00'"] = ((t, x) => x < 0 && t > Hour(20) && t <= Hour(26), "3-4", "2000-01-01T20:00:00.0000000Z|2000-01-02T00:00:00.0000000Z|2000-01-02T02:00:00.0000000Z"),
        ["index > '2000-01-05'"] = ((_, _) => false, "7-7", "unknown"),
        ["index > '2000-01-02' or x > 0"] = ((t, x) => t > Hour(24) || x > 0, "0-7", "2000-01-01T00:00:00.0000000Z|2000-01-01T06:00:00.0000000Z|2000-01-01T12:00:00.0000000Z|2000-01-01T18:00:00.0000000Z|2000-01-02T00:00:00.0000000Z|2000-01-02T06:00:00.0000000Z|2000-01-02T12:00:00.0000000Z|2000-01-02T18:00:00.0000000Z|2000-01-03T00:00:00.0000000Z"),
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    private static string Expected(string query) =>
        Rows(Whole, r => s_cases[query].Keeps(Times[r], (double?)X[r]));

    [Theory]
    [MemberData(nameof(Cases))]
    public void AnIndexComparison_ReadsOnlyThePartitionsItMayKeep_AndKeepsTheRowsOfTheWholeFrame(string query)
    {
        DaskDataFrame q = FrameCases.Hourly().Query(query);
        Assert.Equal(Expected(query), FrameCases.Canonical(q.Compute("sync")));
        (_, string partitions, string divisions) = s_cases[query];
        string[] range = partitions.Split('-');
        Assert.Equal(int.Parse(range[1]) - int.Parse(range[0]) + 1, q.NPartitions);
        Assert.Equal(divisions, Divisions(q));
        if (partitions != "0-7")
        {
            Assert.Contains($"partitions {partitions} of 8", q.Explain(), StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("Loc:", q.Explain(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Threads_AndProcesses_KeepTheSameRows(string query)
    {
        Assert.NotNull(cluster.Client);
        Assert.Equal(Expected(query), FrameCases.Canonical(FrameCases.Hourly().Query(query).Compute("threads")));
        Assert.Equal(Expected(query), FrameCases.Canonical(FrameCases.Hourly().Query(query).Compute(ProcessClusterFixture.SchedulerName)));
    }

    [Fact]
    public void ThePrunedQuery_KeepsItsFilterAtTheSource_UnderTheLoc()
    {
        DaskDataFrame q = FrameCases.Hourly().Query("index >= '2000-01-02 12:00' and x > 0")[new[] { "y" }];
        const string Source = "Timeseries: 2000-01-01 00:00:00 to 2000-01-03 00:00:00 freq=01:00:00 partition_freq=06:00:00 seed=7";
        string after = q.Explain()[q.Explain().IndexOf("After optimisation:", StringComparison.Ordinal)..];
        Assert.Equal(
            "After optimisation:\n"
            + "Fused: Projection: [y]\n"
            + "  Loc: IndexRange: timestamp in [2000-01-02 12:00:00, ] partitions 6-7 of 8\n"
            + "    Fused: Filter: ((timestamp >= Timestamp('2000-01-02 12:00:00')) & (x > 0))\n"
            + $"      {Source} [x, y]\n",
            after);
    }

    [Theory]
    [InlineData("index > 3 and index <= 7.5 and x > 0", 3.0, 7.5)]
    [InlineData("2 <= index", 2.0, null)]
    [InlineData("index == 4 and index < 9", 4.0, 4.0)]
    [InlineData("index > 3 or index < 1", null, null)]
    [InlineData("x > 3", null, null)]
    public void TheBounds_AreTheTightestAndedComparisonsOfTheIndex(string query, double? lower, double? upper)
    {
        FrameSchema schema = Dd.FromArrow(FrameOpsCases(), npartitions: 1, index: "k").Plan.Schema;
        (object? lo, object? hi) = QueryIndexBounds.Of(QueryParser.Parse(query, schema), schema);
        Assert.Equal((lower, upper), ((double?)lo, (double?)hi));
    }

    [Fact]
    public void AConstantTheIndexCannotHold_BoundsNothing()
    {
        FrameSchema schema = FrameCases.Hourly().Plan.Schema;
        var byId = new FrameSchema(schema.Arrow, "id");
        Assert.Equal(((object?)1000L, (object?)null), QueryIndexBounds.Of(QueryParser.Parse("id > 1000 and id < 1002.5", byId), byId));
    }

    private static Apache.Arrow.RecordBatch FrameOpsCases()
    {
        var k = new Apache.Arrow.DoubleArray.Builder().AppendRange([1.0, 2, 3, 4]).Build();
        var x = new Apache.Arrow.DoubleArray.Builder().AppendRange([0.5, 1.5, 2.5, 3.5]).Build();
        var schema = new Apache.Arrow.Schema([new("k", Apache.Arrow.Types.DoubleType.Default, true), new("x", Apache.Arrow.Types.DoubleType.Default, true)], null);
        return new Apache.Arrow.RecordBatch(schema, [k, x], 4);
    }
}
