using System.Globalization;
using DaskSharp.Distributed.Cluster;
using Microsoft.Playwright;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// The dashboard in a real browser: Debian's Chromium driven by Playwright (no browser download).
/// test.sh installs Chromium when it can; without it these tests fail and say how to get it.
/// </summary>
public sealed class DashboardBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Where the screenshot of <c>/status</c> goes: artifacts/ at the repository root (ignored by git).</summary>
    private static string ArtifactPath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DaskSharp.slnx")))
        {
            dir = dir.Parent;
        }

        string artifacts = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        return Path.Combine(artifacts, name);
    }

    /// <summary>A headless Chromium (through Playwright) and a page on one of the cluster's live pages that has had its first update.</summary>
    private sealed class Browser : IAsyncDisposable
    {
        private readonly IPlaywright _playwright;

        private Browser(IPlaywright playwright, IBrowser chromium, IPage page)
        {
            _playwright = playwright;
            Chromium = chromium;
            Page = page;
        }

        public IBrowser Chromium { get; }

        public IPage Page { get; }

        public static async Task<Browser> OpenAsync(LocalCluster cluster, string path = "/status")
        {
            Assert.True(File.Exists(ChromiumPath), $"Chromium is not installed at {ChromiumPath}: run ./test.sh as root (it installs it) or apt-get install chromium.");
            IPlaywright playwright = await Playwright.CreateAsync();
            IBrowser chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            IPage page = await chromium.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
            await page.GotoAsync(cluster.DashboardLink!.Replace("/status", path, StringComparison.Ordinal));
            await page.WaitForFunctionAsync("() => (window.dashboardUpdates || 0) >= 1");
            return new Browser(playwright, chromium, page);
        }

        public async ValueTask DisposeAsync()
        {
            await Chromium.DisposeAsync();
            _playwright.Dispose();
        }
    }

    private static async Task<int> IntAttribute(IPage page, string selector, string name) =>
        int.Parse((await page.GetAttributeAsync(selector, name))!, CultureInfo.InvariantCulture);

    private static int Slow(int x)
    {
        Thread.Sleep(2);
        return x * 2;
    }

    [Fact]
    public async Task StatusPageShowsTheComputationLiveAndFinallyEveryTaskDone()
    {
        using var cluster = new LocalCluster(nWorkers: 2, threadsPerWorker: 1, processes: false, memoryLimit: "1GB", dashboardAddress: ":0");
        using var client = new Client(cluster);
        await using (Browser browser = await Browser.OpenAsync(cluster))
        {
            IPage page = browser.Page;
            Assert.Equal("2", await page.TextContentAsync("[data-total=workers]"));
            Assert.Equal(0, await IntAttribute(page, "#task-stream", "data-seen"));
            Assert.Equal(2, await page.Locator("#worker-memory .row").CountAsync());
            Assert.Equal(2, await page.Locator("#worker-processing .row").CountAsync());

            // 2,000 tasks of 2 ms on two threads: about two seconds of work to watch.
            Future<int>[] futures = client.Map(Slow, Enumerable.Range(0, 2000));
            string row = $"#progress .row[data-prefix=\"{futures[0].Key.Prefix}\"]";
            await page.WaitForFunctionAsync($"() => {{ const r = document.querySelector('{row}'); return r && +r.dataset.done > 100 && +r.dataset.done < 1500; }}");
            int doneBefore = await IntAttribute(page, row, "data-done");
            int seenBefore = await IntAttribute(page, "#task-stream", "data-seen");
            Assert.Equal(2000, await IntAttribute(page, row, "data-total"));
            Assert.True(seenBefore > 0, "the task stream drew no bars mid-computation");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = ArtifactPath("dashboard-status.png") });

            // It keeps moving without a reload.
            await page.WaitForFunctionAsync($"() => +document.querySelector('{row}').dataset.done > {doneBefore} && +document.querySelector('#task-stream').dataset.seen > {seenBefore}");

            Assert.Equal(Enumerable.Range(0, 2000).Select(x => x * 2), client.Gather(futures));
            await page.WaitForFunctionAsync($"() => document.querySelector('{row}').dataset.done === '2000'");
            Assert.Equal(("2000", "2000", "0", "0"), (
                await page.GetAttributeAsync(row, "data-memory"),
                await page.GetAttributeAsync(row, "data-total"),
                await page.GetAttributeAsync(row, "data-processing"),
                await page.GetAttributeAsync(row, "data-erred")));
            Assert.Equal("2,000 / 2,000", await page.TextContentAsync($"{row} .count"));
            await page.WaitForFunctionAsync("() => document.querySelector('#task-stream').dataset.seen === '2000'");
            Assert.Equal("2,000", await page.TextContentAsync("[data-total=memory-tasks]"));
            Assert.Equal("0", await page.TextContentAsync("[data-total=processing]"));

            // Each worker's memory bar has Dask's segments: managed in memory, unmanaged, spilled.
            Assert.Equal(
                ["fill managed", "fill unmanaged", "fill spilled"],
                await page.Locator("#worker-memory .row").First.Locator(".track .fill").EvaluateAllAsync<string[]>("els => els.map(e => e.className)"));
            Assert.Equal("running", await page.Locator("#worker-memory .row").First.GetAttributeAsync("data-status"));

            // /tasks opened afterwards draws the longer history: every bar so far.
            IPage tasks = await browser.Chromium.NewPageAsync();
            await tasks.GotoAsync(cluster.DashboardLink!.Replace("/status", "/tasks", StringComparison.Ordinal));
            await tasks.WaitForFunctionAsync("() => document.querySelector('#task-stream').dataset.seen === '2000'");
            Assert.Equal("2000", await tasks.GetAttributeAsync("#task-stream", "data-bars"));
        }
    }

    [Fact]
    public async Task StatusPageShowsEveryPrefixOfAnArrayComputationDone()
    {
        using var cluster = new LocalCluster(nWorkers: 2, threadsPerWorker: 1, processes: false, memoryLimit: "1GB", dashboardAddress: ":0");
        using var client = new Client(cluster);
        await using (Browser browser = await Browser.OpenAsync(cluster))
        {
            IPage page = browser.Page;

            // The seed's expression, kept on the cluster: random blocks, their transposes and column means.
            var x = Da.Random.Random((3000, 3000), chunks: 500);
            Future[] kept = client.Persist((x + x.T) - x.Mean(axis: 0));
            Client.Wait(kept, TimeSpan.FromSeconds(60));
            var prefixes = cluster.Scheduler.Snapshot().Prefixes.Where(p => p.Total > 0).ToList();
            Assert.True(prefixes.Count >= 2, $"expected several task prefixes, got {string.Join(", ", prefixes.Select(p => p.Name))}");
            await page.WaitForFunctionAsync(
                $"() => {{ const rows = [...document.querySelectorAll('#progress .row')]; return rows.length === {prefixes.Count} && rows.every(r => r.dataset.done === r.dataset.total); }}");
            foreach (var p in prefixes)
            {
                Assert.Equal(p.Total.ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync($"#progress .row[data-prefix=\"{p.Name}\"]", "data-total"));
            }

            Assert.Equal(kept.Length.ToString("N0", CultureInfo.InvariantCulture), await page.TextContentAsync("[data-total=memory-tasks]"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = ArtifactPath("dashboard-array.png") });
            GC.KeepAlive(kept);
        }
    }

    [Fact]
    public async Task WorkersPageListsEveryWorkerProcess()
    {
        using var cluster = new LocalCluster(nWorkers: 2, threadsPerWorker: 1, processes: true, memoryLimit: "1GB", dashboardAddress: ":0");
        using var client = new Client(cluster);
        string[] addresses = [.. client.SchedulerInfo().Workers.Keys.Order(StringComparer.Ordinal)];
        await using (Browser browser = await Browser.OpenAsync(cluster, "/workers"))
        {
            IPage page = browser.Page;
            await page.WaitForFunctionAsync("() => document.querySelectorAll('#workers-table tbody tr').length === 2");
            string[] listed = [.. (await page.Locator("#workers-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.worker)")).Order(StringComparer.Ordinal)];
            Assert.Equal(addresses, listed);
            foreach (string address in addresses)
            {
                ILocator cells = page.Locator($"#workers-table tbody tr[data-worker=\"{address}\"] td");
                Assert.Equal(address, await cells.Nth(0).TextContentAsync());
                Assert.Equal("1", await cells.Nth(2).TextContentAsync()); // threads
                Assert.Equal("953.7 MiB", await cells.Nth(4).TextContentAsync()); // the limit: 1 GB is 10^9 bytes
                Assert.Equal("running", await cells.Nth(13).TextContentAsync());
            }

            // Each row links to the worker's info page.
            await page.ClickAsync($"#workers-table tbody tr[data-worker=\"{addresses[0]}\"] a");
            await page.WaitForURLAsync("**/info/worker/**");
            Assert.Equal($"Worker {addresses[0]}", await page.TextContentAsync("h2"));
        }
    }

    [Fact]
    public async Task TaskStreamHover_OnARecomputeDropBar_NamesItsKeyAndBytes()
    {
        using var cluster = new LocalCluster(nWorkers: 1, threadsPerWorker: 1, processes: false, memoryLimit: "1GB", dashboardAddress: ":0");
        using var client = new Client(cluster);
        await using (Browser browser = await Browser.OpenAsync(cluster))
        {
            IPage page = browser.Page;
            Assert.Equal(4, client.Submit(Slow, 2).Result(TimeSpan.FromSeconds(30))); // a compute bar: the worker's row
            string worker = cluster.Scheduler.Snapshot().Workers.Single().Address;

            // A drop as the worker reports it, a second after the run: the newest bar, at the stream's right edge.
            double now = Protocol.WallClock.Now(TimeProvider.System) + 1;
            cluster.Scheduler.TaskStream.AddActivity(worker, Protocol.ActionKind.RecomputeDrop, now, now, 1 << 20, null, new Graphs.Key("x-1", 4));
            await page.WaitForFunctionAsync("() => document.querySelector('#task-stream').dataset.seen === '2'");

            // Hover over the right edge of the worker's row until the page has drawn the drop.
            await page.WaitForFunctionAsync(
                """
                () => {
                  const canvas = document.querySelector('#task-stream');
                  const r = canvas.getBoundingClientRect();
                  canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: r.left + canvas.clientWidth - 1, clientY: r.top + 10 }));
                  const tip = document.getElementById('stream-tip');
                  return !tip.hidden && tip.textContent.startsWith('recompute-drop');
                }
                """);
            Assert.Equal($"recompute-drop ('x-1', 4) · 0 µs · {worker} 1.00 MiB", await page.TextContentAsync("#stream-tip"));
        }
    }
}
