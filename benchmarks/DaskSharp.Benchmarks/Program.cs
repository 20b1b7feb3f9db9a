// The workload runner: `dotnet run -c Release --project benchmarks/DaskSharp.Benchmarks -- WORKLOAD [SIZE]`
// prints one JSON line per workload, in the shape of ../shared/anchors/dask_anchor.py, so the two
// can be compared side by side (benchmarks/compare.sh).
using DaskSharp.Benchmarks;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: DaskSharp.Benchmarks WORKLOAD [SIZE] [--repeat N] [--no-warmup]");
    Console.WriteLine("workloads: " + string.Join(", ", Workloads.Names));
    return args.Length == 0 ? 2 : 0;
}

if (args[0] == BogusPeersProcess.Flag && args.Length > 1)
{
    return Workloads.RunBogusPeers(args[1]); // the hostile-load workload's child process
}

string workload = args[0];
long? size = args.Length > 1 && long.TryParse(args[1], out long s) ? s : null;
int repeat = 1;
int r = Array.IndexOf(args, "--repeat");
if (r >= 0 && r + 1 < args.Length)
{
    repeat = int.Parse(args[r + 1], System.Globalization.CultureInfo.InvariantCulture);
}

if (!Workloads.TryGet(workload, out var run))
{
    Console.Error.WriteLine($"unknown workload '{workload}'; known: {string.Join(", ", Workloads.Names)}");
    return 2;
}

// One untimed warm-up run at the same size, so JIT compilation is not what gets measured
// (--no-warmup skips it, for the workloads that take minutes: seed-full, persist-4x).
if (!args.Contains("--no-warmup"))
{
    run(size, false);
}

for (int i = 0; i < repeat; i++)
{
    run(size, true);
}

return 0;
