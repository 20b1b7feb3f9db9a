using System.Globalization;
using DaskSharp.Distributed;
using DaskSharp.Distributed.Deploy;

// MpiBatchChild mpi|slurm SCHEDULER-FILE
// Rank 1 prints "workers=N" and "result=328350" (the sum of i*i for i < 100), then ends the cluster
// by disposing the runner; every rank then exits 0.
if (args.Length != 2 || args[0] is not ("mpi" or "slurm"))
{
    Console.Error.WriteLine("usage: MpiBatchChild mpi|slurm SCHEDULER-FILE");
    return 2;
}

TimeSpan timeout = TimeSpan.FromSeconds(30);
using BatchRunner runner = args[0] == "mpi"
    ? DaskMpi.Initialize(@interface: "lo", memoryLimit: "0", dashboardAddress: null, schedulerFile: args[1], timeout: timeout)
    : new SlurmRunner(schedulerFile: args[1], @interface: "lo", memoryLimit: "0", dashboardAddress: null, timeout: timeout);

Client client = runner.Client;
int workers = runner.Rank.Size - 2;
client.WaitForWorkers(workers, timeout);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rank={runner.Rank.Rank} workers={client.SchedulerInfo().Workers.Count}"));
int[] squares = client.Gather(client.Map((int i) => i * i, Enumerable.Range(0, 100)));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result={squares.Sum()}"));
return 0;
