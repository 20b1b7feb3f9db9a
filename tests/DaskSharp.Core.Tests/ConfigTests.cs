using System.Collections;

namespace DaskSharp.Core.Tests;

public class ConfigTests
{
    [Fact]
    public void Set_IsScopedAndRestored()
    {
        Assert.Equal("threads", DaskConfig.Get<string>("scheduler"));
        using (DaskConfig.Set("scheduler", "sync"))
        {
            Assert.Equal("sync", DaskConfig.Get<string>("scheduler"));
            using (DaskConfig.Set("scheduler", "threads"))
            {
                Assert.Equal("threads", DaskConfig.Get<string>("scheduler"));
            }

            Assert.Equal("sync", DaskConfig.Get<string>("scheduler"));
        }

        Assert.Equal("threads", DaskConfig.Get<string>("scheduler"));
    }

    [Fact]
    public async Task Set_DoesNotLeakIntoOtherFlows()
    {
        using var inside = new SemaphoreSlim(0);
        using var checkedOutside = new SemaphoreSlim(0);
        Task scoped = Task.Run(async () =>
        {
            using (DaskConfig.Set("test.flow", 1))
            {
                inside.Release();
                await checkedOutside.WaitAsync();
            }
        });

        await inside.WaitAsync();
        Assert.False(DaskConfig.TryGet("test.flow", out _));
        checkedOutside.Release();
        await scoped;
    }

    [Fact]
    public void Keys_AreNormalised()
    {
        using (DaskConfig.Set("Num_Workers", 3))
        {
            Assert.Equal(3, DaskConfig.Get<int>("num-workers"));
            Assert.Equal(3, DaskConfig.Get("NUM_WORKERS", 1));
        }
    }

    [Fact]
    public void Get_ConvertsStringsAndReportsBadValues()
    {
        using (DaskConfig.Set("test.number", "12"))
        {
            Assert.Equal(12, DaskConfig.Get<int>("test.number"));
            Assert.Equal(12.0, DaskConfig.Get<double>("test.number"));
        }

        using (DaskConfig.Set("test.number", "twelve"))
        {
            var e = Assert.Throws<InvalidCastException>(() => DaskConfig.Get<int>("test.number"));
            Assert.Equal("The configuration value of 'test.number' is 'twelve', which is not a Int32.", e.Message);
        }

        Assert.Throws<KeyNotFoundException>(() => DaskConfig.Get<int>("test.nothing"));
        Assert.Equal(7, DaskConfig.Get("test.nothing", 7));
    }

    [Fact]
    public void ReadEnvironment_FollowsDaskNaming()
    {
        var env = new Hashtable
        {
            ["DASK_SCHEDULER"] = "sync",
            ["DASK_NUM_WORKERS"] = "2",
            ["DASK_ARRAY__CHUNK_SIZE"] = "64MiB",
            ["DASK_DISTRIBUTED__WORKER__MEMORY__TARGET"] = "0.6",
            ["DASK_OPTIMIZATION__FUSE__ACTIVE"] = "False",
            ["HOME"] = "/root",
        };

        var config = DaskConfig.ReadEnvironment(env);

        Assert.Equal("sync", config["scheduler"]);
        Assert.Equal(2, config["num-workers"]);
        Assert.Equal("64MiB", config["array.chunk-size"]);
        Assert.Equal(0.6, config["distributed.worker.memory.target"]);
        Assert.Equal(false, config["optimization.fuse.active"]);
        Assert.Equal(5, config.Count);
    }

    [Fact]
    public async Task SetGlobal_AppliesEverywhereUntilCleared()
    {
        DaskConfig.SetGlobal("test.global", "on");
        try
        {
            Assert.Equal("on", await Task.Run(() => DaskConfig.Get<string>("test.global")));
            using (DaskConfig.Set("test.global", "scoped"))
            {
                Assert.Equal("scoped", DaskConfig.Get<string>("test.global"));
            }
        }
        finally
        {
            DaskConfig.ClearGlobal("test.global");
        }

        Assert.False(DaskConfig.TryGet("test.global", out _));
    }

    [Fact]
    public void FuseActiveFalse_TurnsOffLinearFusion()
    {
        var inc = Dask.Delayed((int x) => x + 1);
        var graph = new Graphs.TaskGraph
        {
            ["a"] = Graphs.TaskSpec.Call(() => 1),
            ["b"] = Graphs.TaskSpec.Call((int x) => x + 1, Graphs.TaskArg.Ref("a")),
        };

        using (DaskConfig.Set("optimization.fuse.active", false))
        {
            Assert.Equal(2, Optimization.GraphOptimizer.Optimize(graph, [new Graphs.Key("b")]).Count);
        }

        Assert.Equal(1, Optimization.GraphOptimizer.Optimize(graph, [new Graphs.Key("b")]).Count);
        Assert.Equal(3, inc(inc(1)).Compute());
    }
}

public class ByteSizeTests
{
    [Theory]
    [InlineData("100", 100)]
    [InlineData("100 MB", 100_000_000)]
    [InlineData("100M", 100_000_000)]
    [InlineData("5kB", 5000)]
    [InlineData("5.4 kB", 5400)]
    [InlineData("1kiB", 1024)]
    [InlineData("1e6", 1_000_000)]
    [InlineData("1e6 kB", 1_000_000_000)]
    [InlineData("MB", 1_000_000)]
    [InlineData("16 MiB", 16 * 1024 * 1024)]
    [InlineData("2GB", 2_000_000_000)]
    [InlineData("128MiB", 128 * 1024 * 1024)]
    public void Parse_FollowsDaskParseBytes(string text, long expected)
    {
        Assert.Equal(expected, ByteSize.Parse(text));
    }

    [Fact]
    public void Parse_BadUnit_NamesIt()
    {
        var e = Assert.Throws<FormatException>(() => ByteSize.Parse("5 foos"));
        Assert.Equal("Could not interpret 'foos' as a byte unit (in the byte size '5 foos').", e.Message);
    }

    [Theory]
    [InlineData(1, "1 B")]
    [InlineData(920, "920 B")]
    [InlineData(922, "0.90 kiB")]
    [InlineData(16 * 1024 * 1024, "16.00 MiB")]
    [InlineData(2_000_000_000, "1.86 GiB")]
    [InlineData(1L << 50, "1.00 PiB")]
    public void Format_FollowsDaskFormatBytes(long bytes, string expected)
    {
        Assert.Equal(expected, ByteSize.Format(bytes));
    }
}
