// The seed's MPI job, client side: job.sh has started `mpirun -np 9 dask mpi --scheduler-file
// ~/dask-scheduler.json ...` in the background; this program connects through that file,
// computes the seed's array expression on the job's workers and shuts the cluster down.
//
//   dotnet MpiJob.dll [SCHEDULER-FILE] [WORKERS] [SIZE]   (defaults: ~/dask-scheduler.json, 1, 20000)
using System.Diagnostics;
using DaskSharp;
using DaskSharp.Distributed;

string schedulerFile = args.Length > 0 ? args[0] : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "dask-scheduler.json");
int workers = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
int size = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20_000;

// mpirun was started in the background a moment ago: wait (bounded) for rank 0 to write the file.
var waited = Stopwatch.StartNew();
while (!File.Exists(schedulerFile))
{
    if (waited.Elapsed > TimeSpan.FromSeconds(120))
    {
        Console.Error.WriteLine($"No scheduler file {schedulerFile} after 120 s: did `mpirun ... dask mpi` start? See its output.");
        return 1;
    }

    Thread.Sleep(200);
}

using var client = new Client(schedulerFile: schedulerFile);
client.WaitForWorkers(workers, TimeSpan.FromSeconds(120));
Console.WriteLine(client);   // the workers, and inside a SLURM job the ssh command for the dashboard

// The seed's array: (x + x.T) - x.mean(axis=0), summed. Every column's mean is subtracted n times,
// which takes away exactly one sum of x, so the result is x's own sum.
var x = Da.Random.Random((size, size), chunks: "16 MiB");
var y = (x + x.T) - x.Mean(axis: 0);
var watch = Stopwatch.StartNew();
double total = y.Sum().Compute();
double expected = x.Sum().Compute();
Console.WriteLine($"((x + x.T) - x.Mean(axis: 0)).Sum() = {total:F3} on {client.SchedulerInfo().Workers.Count} workers in {watch.Elapsed.TotalSeconds:F1} s");
Console.WriteLine($"x.Sum() = {expected:F3}; they agree: {Math.Abs(total - expected) <= 1e-9 * Math.Abs(expected)}");

// Ends the scheduler, and with it every rank of the mpirun: the job script's `wait` returns 0.
client.Shutdown();
return 0;
