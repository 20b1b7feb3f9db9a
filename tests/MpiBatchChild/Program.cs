using System.Globalization;
using DaskSharp.Distributed;
using DaskSharp.Distributed.Deploy;

// MpiBatchChild mpi|mpi-undisposed|slurm SCHEDULER-FILE
// Rank 1 prints "workers=N" and "result=328350" (the sum of i*i for i < 100), then ends the cluster
// by disposing the runner (mpi-undisposed: by simply returning, as a script that forgets to);
// every rank then exits 0.
if (args.Length != 2 || args[0] is not ("mpi" or "mpi-undisposed" or "slurm"))
{
    Console.Error.WriteLine("usage: MpiBatchChild mpi|mpi-undisposed|slurm SCHEDULER-FILE");
    return 2;
}

TimeSpan timeout = TimeSpan.FromSeconds(30);
BatchRunner runner = args[0] != "slurm"
    ? DaskMpi.Initialize(@interface: "lo", memoryLimit: "0", dashboardAddress: null, schedulerFile: args[1], timeout: timeout)
    : new SlurmRunner(schedulerFile: args[1], @interface: "lo", memoryLimit: "0", dashboardAddress: null, timeout: timeout);

Client client = runner.Client;
int workers = runner.Rank.Size - 2;
client.WaitForWorkers(workers, timeout);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rank={runner.Rank.Rank} workers={client.SchedulerInfo().Workers.Count}"));
int[] squares = client.Gather(client.Map((int i) => i * i, Enumerable.Range(0, 100)));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result={squares.Sum()}"));
if (args[0] != "mpi-undisposed")
{
    runner.Dispose();
}

return 0;
