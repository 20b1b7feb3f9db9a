using System.Globalization;
using DaskSharp.Distributed.Cluster;

// Started by WorkerLifecycleTests with DASKSHARP_WORKER_HOST naming the dask host. Prints
// "worker pids: <pid> <pid>" once both workers have joined, then waits to be killed (SIGKILL:
// nothing here gets to clean up). It gives up after two minutes so it never outlives a test run.
using var cluster = new LocalCluster(nWorkers: 2, threadsPerWorker: 1, processes: true, memoryLimit: null, dashboardAddress: null);
Console.WriteLine("worker pids: " + string.Join(' ', cluster.WorkerProcessIds.Select(p => p.ToString(CultureInfo.InvariantCulture))));
Console.Out.Flush();
Thread.Sleep(TimeSpan.FromMinutes(2));
return 1;
