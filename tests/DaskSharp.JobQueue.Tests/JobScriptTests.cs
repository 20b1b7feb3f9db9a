using System.Runtime.CompilerServices;
using DaskSharp.JobQueue;

namespace DaskSharp.JobQueue.Tests;

/// <summary>The sbatch scripts, compared with golden text in dask-jobqueue's layout, and the parameters' checks and configuration.</summary>
public sealed class JobScriptTests
{
    private const string Scheduler = "tcp://10.0.0.1:8786";

    /// <summary>The seed notebook's SLURMCluster, as bwUniCluster's "multiple" queue takes it.</summary>
    private static SlurmJobOptions Seed(int nodesPerJob = 1) => SlurmJobOptions.Create(
        queue: "multiple", cores: 40, memory: "90GB", localDirectory: "/tmp", walltime: "00:30:00", @interface: "ib0", workerCommand: "dask", nodesPerJob: nodesPerJob);

    [Fact]
    public void Render_SeedExample_IsDaskJobqueuesScript()
    {
        // 40 cores: 8 processes of 5 threads (distributed's nprocesses_nthreads); 90 GB is 83.8 GiB, asked as 84G;
        // each process gets 90 GB / 8 = 10.48 GiB; workers retire 3 min ± 90 s before the 30 min end.
        const string expected = """
            #!/usr/bin/env bash

            #SBATCH -J dask-worker
            #SBATCH -p multiple
            #SBATCH -n 1
            #SBATCH -N 1
            #SBATCH --cpus-per-task=40
            #SBATCH --mem=84G
            #SBATCH -t 00:30:00

            dask worker tcp://10.0.0.1:8786 --name dummy-name --nthreads 5 --memory-limit 10.48GiB --nworkers 8 --nanny --death-timeout 60 --local-directory /tmp --lifetime 27m --lifetime-stagger 90s --interface ib0


            """;
        Assert.Equal(expected, SlurmJobScript.Render(Seed(), Scheduler, "dummy-name"));
    }

    [Fact]
    public void Render_TwoNodes_OneJobStartsAWorkerPerNodeWithSrun()
    {
        const string expected = """
            #!/usr/bin/env bash

            #SBATCH -J dask-worker
            #SBATCH -p multiple
            #SBATCH -n 2
            #SBATCH -N 2
            #SBATCH --cpus-per-task=40
            #SBATCH --mem=84G
            #SBATCH -t 00:30:00

            srun --nodes=2 --ntasks=2 --ntasks-per-node=1 --cpus-per-task=40 bash -c 'exec dask worker tcp://10.0.0.1:8786 --name dummy-name-$SLURM_NODEID --nthreads 5 --memory-limit 10.48GiB --nworkers 8 --nanny --death-timeout 60 --local-directory /tmp --lifetime 27m --lifetime-stagger 90s --interface ib0'


            """;
        SlurmJobOptions options = Seed(nodesPerJob: 2);
        Assert.Equal(expected, SlurmJobScript.Render(options, Scheduler, "dummy-name"));
        Assert.Equal(16, options.WorkersPerJob);
        Assert.Equal("dummy-name-1-7", SlurmJobScript.WorkerNames(options, "dummy-name")[15]);
    }

    [Fact]
    public void Render_EveryOption_InDaskJobqueuesOrder()
    {
        string logs = Path.Combine(Path.GetTempPath(), $"dasksharp-jobscript-{Guid.NewGuid():N}");
        try
        {
            SlurmJobOptions options = SlurmJobOptions.Create(
                queue: "dev_multiple", account: "hpc-group", cores: 8, memory: "28GB", processes: 4, walltime: "1-00:00:00",
                logDirectory: logs, jobName: "seed", jobExtraDirectives: ["--exclusive", "--gres=gpu:1"], jobDirectivesSkip: ["--mem"],
                jobScriptPrologue: ["module load devel/dotnet", "export OMP_NUM_THREADS=1"], jobScriptEpilogue: ["echo done"],
                workerExtraArgs: ["--lifetime", "23h"], nanny: false, deathTimeout: TimeSpan.FromSeconds(7.5), workerCommand: "/opt/dask");
            string expected = $"""
                #!/usr/bin/env bash

                #SBATCH -J seed
                #SBATCH -e {logs}/seed-%J.err
                #SBATCH -o {logs}/seed-%J.out
                #SBATCH -p dev_multiple
                #SBATCH -A hpc-group
                #SBATCH -n 1
                #SBATCH -N 1
                #SBATCH --cpus-per-task=8
                #SBATCH -t 1-00:00:00
                #SBATCH --exclusive
                #SBATCH --gres=gpu:1
                module load devel/dotnet
                export OMP_NUM_THREADS=1
                /opt/dask worker tcp://10.0.0.1:8786 --name seed-0 --nthreads 2 --memory-limit 6.52GiB --nworkers 4 --no-nanny --death-timeout 7.5 --lifetime 23h
                echo done

                """;
            Assert.Equal(expected, SlurmJobScript.Render(options, Scheduler, "seed-0"));
            Assert.True(Directory.Exists(logs), "the log directory is made, as dask-jobqueue makes it");
        }
        finally
        {
            Directory.Delete(logs, recursive: true);
        }
    }

    [Theory]
    [InlineData(1_000L, "1K")]
    [InlineData(1_234L, "2K")]
    [InlineData(12_345_678L, "12M")]
    [InlineData(1_234_567_890L, "2G")]
    [InlineData(15_000_000_000L, "14G")]
    [InlineData(28_000_000_000L, "27G")]
    public void SlurmMemory_RoundsUpToWholeUnits_AsDaskJobqueue(long bytes, string expected) =>
        Assert.Equal(expected, SlurmMemory.Format(bytes));

    [Theory]
    [InlineData("30", 30 * 60)]
    [InlineData("1:30", 90)]
    [InlineData("00:30:00", 30 * 60)]
    [InlineData("2-12", (2 * 24 + 12) * 3600)]
    [InlineData("1-02:03", 26 * 3600 + 3 * 60)]
    [InlineData("1-02:03:04", 26 * 3600 + 3 * 60 + 4)]
    public void Walltime_ReadsEveryFormSbatchTakes(string walltime, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), SlurmWalltime.Parse(walltime));

    [Fact]
    public void WorkerLifetime_IsWalltimeMinusAMargin_Staggered()
    {
        Assert.Equal((TimeSpan.FromMinutes(27), TimeSpan.FromSeconds(90)), SlurmJobOptions.WorkerLifetime(TimeSpan.FromMinutes(30), null));
        Assert.Equal((TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(7.5)), SlurmJobOptions.WorkerLifetime(TimeSpan.FromMinutes(1), null));
        Assert.Equal((TimeSpan.FromMinutes(715), TimeSpan.FromMinutes(2.5)), SlurmJobOptions.WorkerLifetime(TimeSpan.FromHours(12), null));
        Assert.Equal((TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(10)), SlurmJobOptions.WorkerLifetime(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public void ReplaceAfter_IsDueBeforeTheEarliestRetirement()
    {
        // 1 min: workers retire 37.5-52.5 s after start, the replacement is due at 30 s; 30 min: 25.5-28.5 min, due at 24 min.
        Assert.Equal(TimeSpan.FromSeconds(30), SlurmJobOptions.Create(cores: 1, memory: "1GB", walltime: "00:01:00").ReplaceAfter);
        Assert.Equal(TimeSpan.FromMinutes(24), SlurmJobOptions.Create(cores: 1, memory: "1GB").ReplaceAfter);
        Assert.Null(SlurmJobOptions.Create(cores: 1, memory: "1GB", workerExtraArgs: ["--lifetime", "10m"]).ReplaceAfter);
    }

    [Fact]
    public void JobTable_RunningPastTheReplacementDelay_LeavesThePlan_AndEndsAsObserved()
    {
        var table = new SlurmJobTable(TimeSpan.FromSeconds(30));
        var t0 = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        table.Submitted("c-0", "11", ["c-0"]);
        table.Submitted("c-1", "12", ["c-1"]);
        Assert.Empty(table.Observe([new("11", "RUNNING", ["node1"], "j"), new("12", "PENDING", [], "j")], t0));
        Assert.Empty(table.Observe([new("11", "RUNNING", ["node1"], "j"), new("12", "RUNNING", ["node2"], "j")], t0.AddSeconds(10)));
        Assert.Empty(table.Observe([new("11", "RUNNING", ["node1"], "j"), new("12", "RUNNING", ["node2"], "j")], t0.AddSeconds(30)));
        Assert.Equal(["12"], table.Planned.Select(j => j.JobId)); // 11 ran 30 s: expiring; 12 only 20 s
        Assert.Empty(table.Observe([new("11", "RUNNING", ["node1"], "j"), new("12", "COMPLETING", ["node2"], "j")], t0.AddSeconds(31)));
        Assert.False(table.All[1].Planned); // ending: out of the plan at once, reported when it settles
        IReadOnlyList<SlurmJob> ended = table.Observe([new("12", "CANCELLED", ["node2"], "j")], t0.AddSeconds(32));
        Assert.Equal([("11", "UNKNOWN"), ("12", "CANCELLED")], ended.Select(j => (j.JobId, j.State))); // squeue forgot 11: it ended
        Assert.Empty(table.Observe([new("12", "CANCELLED", ["node2"], "j")], t0.AddSeconds(33))); // reported once
        Assert.Equal(["UNKNOWN", "CANCELLED"], table.All.Select(j => j.State));
        Assert.Empty(table.Planned);
    }

    [Fact]
    public void JobTable_ScaleDown_ClosesJobsWithoutWorkersFirst_ThenTheNewest()
    {
        var table = new SlurmJobTable();
        foreach (int i in Enumerable.Range(0, 4))
        {
            table.Submitted($"c-{i}", $"{20 + i}", [$"c-{i}"]);
        }

        Assert.Equal(["22", "23"], table.ToCloseForTarget(2, ["c-0", "c-1", "c-2", "c-3"]).Select(j => j.JobId).Order());
        Assert.Equal(["21", "23"], table.ToCloseForTarget(2, ["c-0", "c-2"]).Select(j => j.JobId).Order());
        Assert.Equal(["22"], table.ToCloseForWorkers(["c-2", "c-9"]).Select(j => j.JobId));
    }

    [Theory]
    [InlineData("node[1-2]", "node1,node2")]
    [InlineData("gpu[01-03,07],login", "gpu01,gpu02,gpu03,gpu07,login")]
    [InlineData("node1", "node1")]
    [InlineData("", "")]
    public void Hostlist_ExpandsSlurmsCompressedLists(string list, string hosts) =>
        Assert.Equal(hosts, string.Join(',', Hostlist.Expand(list)));

    [Fact]
    public void Create_NoCoresOrMemory_SaysWhatToGive()
    {
        var e = Assert.Throws<ArgumentException>(() => SlurmJobOptions.Create(memory: "24GB"));
        Assert.Equal("cores", e.ParamName);
        Assert.Contains("new SLURMCluster(cores: 8, memory: \"24GB\")", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BadInput_NamesTheParameterAndValue()
    {
        var cores = Assert.Throws<ArgumentOutOfRangeException>(() => SlurmJobOptions.Create(cores: 0, memory: "1GB"));
        Assert.Equal("cores", cores.ParamName);
        Assert.Contains("cores is 0", cores.Message, StringComparison.Ordinal);

        var memory = Assert.Throws<ArgumentException>(() => SlurmJobOptions.Create(cores: 4, memory: "90 GBs"));
        Assert.Equal("memory", memory.ParamName);
        Assert.Contains("memory '90 GBs' is not an amount of memory", memory.Message, StringComparison.Ordinal);

        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => SlurmJobOptions.Create(cores: 4, memory: "0"));
        Assert.Equal("memory", zero.ParamName);

        var walltime = Assert.Throws<ArgumentException>(() => SlurmJobOptions.Create(cores: 4, memory: "1GB", walltime: "half an hour"));
        Assert.Equal("walltime", walltime.ParamName);
        Assert.Contains("walltime 'half an hour' is not a SLURM time limit", walltime.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SlurmJobOptions.Create(cores: 4, memory: "1GB", walltime: "00:00:00"));

        var processes = Assert.Throws<ArgumentOutOfRangeException>(() => SlurmJobOptions.Create(cores: 4, memory: "1GB", processes: 5));
        Assert.Equal("processes", processes.ParamName);
        var nodes = Assert.Throws<ArgumentOutOfRangeException>(() => SlurmJobOptions.Create(cores: 4, memory: "1GB", nodesPerJob: 0));
        Assert.Equal("nodesPerJob", nodes.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => SlurmJobOptions.Create(cores: 4, memory: "1GB", walltime: "00:01:00", lifetimeMargin: TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void Create_UnsetParameters_ComeFromTheConfiguration()
    {
        using (DaskConfig.Set(new Dictionary<string, object?>
        {
            ["jobqueue.slurm.cores"] = 4,
            ["jobqueue.slurm.memory"] = "8GB",
            ["jobqueue.slurm.queue"] = "debug",
            ["jobqueue.slurm.walltime"] = "00:10:00",
            ["jobqueue.slurm.job_extra_directives"] = new[] { "--exclusive" },
            ["jobqueue.slurm.nodes-per-job"] = 2,
        }))
        {
            SlurmJobOptions options = SlurmJobOptions.Create(queue: "multiple");
            Assert.Equal((4, 8_000_000_000L, "multiple", "00:10:00", 2), (options.Cores, options.MemoryBytes, options.Queue, options.Walltime, options.NodesPerJob));
            Assert.Equal(["--exclusive"], options.JobExtraDirectives);
            Assert.Equal(4, options.Processes); // 4 cores or fewer: one process each
        }
    }

    [Fact]
    public void Create_EnvironmentVariables_SetTheConfigurationSection()
    {
        // Set by the module initializer below, before DaskConfig first read the environment.
        SlurmJobOptions options = SlurmJobOptions.Create(configName: "envtest");
        Assert.Equal((2, 1L << 30, "env-account"), (options.Cores, options.MemoryBytes, options.Account));
        Assert.Equal(["--exclusive", "--gres=gpu:1"], options.JobExtraDirectives);
        Assert.Equal(TimeSpan.FromSeconds(30), options.DeathTimeout);
    }

#pragma warning disable CA2255 // a module initializer in a test assembly: the environment must be set before DaskConfig reads it once
    [ModuleInitializer]
    internal static void SetEnvironment()
    {
        Environment.SetEnvironmentVariable("DASK_JOBQUEUE__ENVTEST__CORES", "2");
        Environment.SetEnvironmentVariable("DASK_JOBQUEUE__ENVTEST__MEMORY", "1GiB");
        Environment.SetEnvironmentVariable("DASK_JOBQUEUE__ENVTEST__ACCOUNT", "env-account");
        Environment.SetEnvironmentVariable("DASK_JOBQUEUE__ENVTEST__JOB_EXTRA_DIRECTIVES", "['--exclusive', \"--gres=gpu:1\"]");
        Environment.SetEnvironmentVariable("DASK_JOBQUEUE__ENVTEST__DEATH_TIMEOUT", "30");
    }
#pragma warning restore CA2255
}
