using System.Net;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Dashboard;
using DaskSharp.Distributed.Scheduling;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// The dashboard's token: required when it listens beyond loopback (tested by binding 0.0.0.0 and
/// asking through 127.0.0.1, which must not be a way around it), taken once from the query and then
/// from a cookie, never needed by <c>/health</c>, and carried by the links the cluster and client print.
/// </summary>
public sealed class DashboardTokenTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task BeyondLoopback_WithoutTheToken_RefusesEveryPageButHealthAndShowsNothingOfTheCluster()
    {
        await using var cluster = new LocalCluster(nWorkers: 1, threadsPerWorker: 1, processes: false, dashboardAddress: "0.0.0.0:0");
        using var client = new Client(cluster);
        Future<int> task = client.Submit(static () => 41);
        Assert.Equal(41, task.Result());
        string root = $"http://127.0.0.1:{cluster.Scheduler.Dashboard!.Port}";
        string worker = cluster.Scheduler.Snapshot().Workers.Single().Address;

        foreach (string path in (string[])["/", "/status", "/info", $"/info/task/{Uri.EscapeDataString(task.Key.ToString())}", "/json/identity.json", "/api/v1/snapshot", "/api/v1/stream", "/metrics", "/no-such-page", "/status?token=wrong"])
        {
            using HttpResponseMessage refused = await Http.GetAsync(root + path);
            string body = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{path} answered {refused.StatusCode} without the token");
            Assert.Equal("text/plain; charset=utf-8", refused.Content.Headers.ContentType!.ToString());
            Assert.Equal(DashboardAccess.RefusalText, body);
            Assert.False(refused.Headers.Contains("Set-Cookie"), $"{path} set a cookie without the token");
        }

        Assert.DoesNotContain(task.Key.ToString(), DashboardAccess.RefusalText, StringComparison.Ordinal);
        Assert.DoesNotContain(worker, DashboardAccess.RefusalText, StringComparison.Ordinal);
        Assert.Equal("ok", await Http.GetStringAsync($"{root}/health"));
    }

    [Fact]
    public async Task BeyondLoopback_TheTokenOnceInTheQuery_SetsAStrictHttpOnlyCookieThatServesLaterRequests()
    {
        await using var cluster = new LocalCluster(nWorkers: 1, threadsPerWorker: 1, processes: false, dashboardAddress: "0.0.0.0:0");
        using var client = new Client(cluster);
        int port = cluster.Scheduler.Dashboard!.Port;
        string token = cluster.Scheduler.Dashboard.Token!;
        string worker = cluster.Scheduler.Snapshot().Workers.Single().Address;

        Assert.Matches("^[0-9a-f]{48}$", token);
        Assert.Equal($"http://127.0.0.1:{port}/status?token={token}", cluster.DashboardLink);
        Assert.Equal(cluster.DashboardLink, client.DashboardLink);
        Assert.Contains($"Dashboard: {cluster.DashboardLink}", client.ToString(), StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{WebUtility.HtmlEncode(cluster.DashboardLink)}\"", cluster.ToHtml(), StringComparison.Ordinal);
        string printed = string.Join('\n', [client.ToString(), client.ToHtml(), cluster.ToString(), cluster.ToHtml(), .. cluster.GetLogs().Values.SelectMany(lines => lines)]);
        Assert.DoesNotContain(cluster.Secret, printed, StringComparison.Ordinal); // the token is printed, the secret never
        using (var byAddress = new Client(cluster.SchedulerAddress, secret: cluster.Secret))
        {
            Assert.Equal(token, DashboardAddress.TokenIn(byAddress.DashboardLink)); // learned from the scheduler, which only tells those who proved the secret
        }

        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
        using (HttpResponseMessage first = await browser.GetAsync(cluster.DashboardLink))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Contains("<script src=\"/dashboard.js\"></script>", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            string cookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
            Assert.Equal($"dasksharp-dashboard-token-{port}={token}; path=/; samesite=strict; httponly", cookie);
        }

        // Only the cookie from here on: the page's own requests carry no query.
        foreach (string path in (string[])["/status", "/dashboard.js", $"/info/worker/{Uri.EscapeDataString(worker)}", "/api/v1/workers"])
        {
            using HttpResponseMessage later = await browser.GetAsync($"http://127.0.0.1:{port}{path}");
            Assert.True(later.StatusCode == HttpStatusCode.OK, $"{path} answered {later.StatusCode} with the cookie");
        }

        Assert.Contains(worker, await browser.GetStringAsync($"http://127.0.0.1:{port}/json/identity.json"), StringComparison.Ordinal);
        using HttpResponseMessage stranger = await Http.GetAsync($"http://127.0.0.1:{port}/json/identity.json");
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode); // the cookie, not the address, let the browser in
    }

    [Fact]
    public async Task OnLoopback_TheDashboardIsOpenUnlessATokenIsGivenByOptionOrConfiguration()
    {
        await using (Scheduler open = await Scheduler.StartAsync(new SchedulerOptions { DashboardAddress = "127.0.0.1:0" }))
        {
            Assert.Null(open.Dashboard!.Token);
            Assert.Equal($"http://127.0.0.1:{open.Dashboard.Port}/status", open.DashboardLink);
            Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(open.DashboardLink)).StatusCode);
        }

        await using (Scheduler chosen = await Scheduler.StartAsync(new SchedulerOptions { DashboardAddress = "127.0.0.1:0", DashboardToken = "chosen-token_1.0~" }))
        {
            string root = $"http://127.0.0.1:{chosen.Dashboard!.Port}";
            Assert.Equal($"{root}/status?token=chosen-token_1.0~", chosen.DashboardLink);
            Assert.Equal(HttpStatusCode.Forbidden, (await Http.GetAsync($"{root}/status")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(chosen.DashboardLink)).StatusCode);
        }

        using (DaskConfig.Set(DashboardAccess.TokenSetting, "from-config"))
        {
            await using Scheduler configured = await Scheduler.StartAsync(new SchedulerOptions { DashboardAddress = "127.0.0.1:0" });
            Assert.Equal("from-config", configured.Dashboard!.Token);
            Assert.Equal(HttpStatusCode.Forbidden, (await Http.GetAsync($"http://127.0.0.1:{configured.Dashboard.Port}/status")).StatusCode);
        }

        var e = await Assert.ThrowsAsync<ArgumentException>(() => Scheduler.StartAsync(new SchedulerOptions { DashboardAddress = "127.0.0.1:0", DashboardToken = "two words" }));
        Assert.StartsWith("The dashboard token may hold only letters, digits and - _ . ~ (it travels in URLs and cookies); it has ' '.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTokenIsComparedWhole()
    {
        DashboardAccess access = DashboardAccess.For(IPAddress.Loopback, "abc123");

        Assert.True(access.Accepts("abc123"));
        Assert.False(access.Accepts("abc12"));
        Assert.False(access.Accepts("abc1234"));
        Assert.False(access.Accepts("ABC123"));
        Assert.False(access.Accepts(string.Empty));
        Assert.False(access.Accepts(null));
        Assert.True(DashboardAccess.For(IPAddress.Loopback, null).Accepts(null));
        Assert.NotEqual(DashboardAccess.For(IPAddress.Any, null).Token, DashboardAccess.For(IPAddress.Any, null).Token); // a fresh one per dashboard
    }
}
