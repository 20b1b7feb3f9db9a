// DaskSharp quickstart: lazy functions and chunked arrays, one graph each, computed in parallel on
// the local threaded scheduler; then the seed notebook's first cell: a Client on an in-process
// cluster, futures, and the same array computed through it.
using DaskSharp;
using DaskSharp.Diagnostics;
using DaskSharp.Distributed;
using DaskSharp.Execution;

Console.WriteLine("DaskSharp quickstart: delayed");
Console.WriteLine($"scheduler: {SchedulerRegistry.Resolve()}"); // DASK_SCHEDULER / DASK_NUM_WORKERS change it

// 1. Wrap ordinary C# functions; calling them builds tasks instead of running them.
var inc = Dask.Delayed((int x) => Slow(x + 1), name: "inc");
var add = Dask.Delayed((int x, int y) => x + y, name: "add");
var total = Dask.Delayed((int[] xs) => xs.Sum(), name: "total");

var incremented = Enumerable.Range(0, 8).Select(i => inc(i)).ToArray();
var pairs = Enumerable.Range(0, 4).Select(i => add(incremented[2 * i], incremented[2 * i + 1])).ToArray();
Delayed<int> result = total(pairs);

Console.WriteLine($"result is lazy: {result}");
Console.WriteLine($"graph: {result.Graph.TaskCount} tasks");

// 2. Compute it, with a progress bar, on all cores.
int value;
using (new ProgressBar())
{
    value = result.Compute();
}

Console.WriteLine($"sum of inc(0..7) = {value}");

// 3. Shared work is computed once: both results reuse the same inc tasks.
var (a, b) = Dask.Compute(add(incremented[0], incremented[1]), total(incremented));
Console.WriteLine($"add(inc(0), inc(1)) = {a}, total = {b}");

// 4. The graph as Graphviz DOT (and SVG when Graphviz is installed).
string dir = Path.Combine(Path.GetTempPath(), "dasksharp-quickstart");
Directory.CreateDirectory(dir);
foreach (string file in result.Visualize(Path.Combine(dir, "graph.svg")))
{
    Console.WriteLine($"wrote {file}");
}

// 5. The seed's array example, at a size that finishes in seconds.
Console.WriteLine();
Console.WriteLine("DaskSharp quickstart: arrays");
var x = Da.Random.Random((8_000, 8_000), chunks: "16 MiB");
Console.WriteLine(x);
Console.WriteLine($"chunks: {x.NumBlocks[0]} x {x.NumBlocks[1]} blocks of {string.Join(" x ", x.ChunkSize)}");
var y = (x + x.T) - x.Mean(axis: 0);
var watch = System.Diagnostics.Stopwatch.StartNew();
double s = y.Sum().Compute();
Console.WriteLine($"((x + x.T) - x.Mean(axis: 0)).Sum() = {s:F1} (expected about {8_000.0 * 8_000 / 2:F0}) in {watch.Elapsed.TotalSeconds:F2} s");
string html = Path.Combine(dir, "x.html");
File.WriteAllText(html, x.ToHtml());
Console.WriteLine($"wrote {html}");

// 6. The seed's first cell: a client on an in-process cluster. While it lives, Compute() runs there.
Console.WriteLine();
Console.WriteLine("DaskSharp quickstart: distributed");
using (var client = new Client(processes: false, threadsPerWorker: 4, nWorkers: 1, memoryLimit: "2GB"))
{
    Console.WriteLine(client);
    Future<int> f = client.Submit((int v) => v + 1, 10);
    Console.WriteLine($"client.Submit(inc, 10) -> {f.Result()}");
    Future<int>[] squares = client.Map((int v) => v * v, Enumerable.Range(0, 1000));
    Console.WriteLine($"client.Map(square, 0..999) then Gather: sum = {client.Gather(squares).Sum()}");
    watch.Restart();
    double onCluster = y.Sum().Compute();
    Console.WriteLine($"the array through the client: {onCluster:F1} in {watch.Elapsed.TotalSeconds:F2} s");
    client.Close();
}

static int Slow(int x)
{
    Thread.Sleep(50);
    return x;
}
