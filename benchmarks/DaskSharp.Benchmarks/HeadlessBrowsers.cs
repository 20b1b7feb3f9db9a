using System.Diagnostics;

namespace DaskSharp.Benchmarks;

/// <summary>
/// Real browsers watching a page: headless Chromium processes (Debian's /usr/bin/chromium), each
/// with a fresh profile, kept open until disposed. A debugging port keeps headless Chromium
/// running instead of exiting after the first load. With <c>niced</c>, they run at the lowest
/// CPU priority: browsers normally run on the user's own computer, and on a 2-core benchmark
/// machine their page rendering would otherwise compete with the scheduler for the same cores.
/// </summary>
internal sealed class HeadlessBrowsers : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly List<(Process Process, string Profile)> _open = [];

    public static HeadlessBrowsers Open(string url, int count, bool niced = false)
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: apt-get install -y chromium");
        }

        var browsers = new HeadlessBrowsers();
        for (int i = 0; i < count; i++)
        {
            string profile = Directory.CreateTempSubdirectory("dasksharp-bench-chromium-").FullName;
            string[] arguments = [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,860", "--remote-debugging-port=0", $"--user-data-dir={profile}", url];
            var start = new ProcessStartInfo(niced ? "nice" : Chromium, niced ? ["-n", "19", Chromium, .. arguments] : arguments)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            Process process = Process.Start(start)!;
            process.ErrorDataReceived += (_, _) => { };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            browsers._open.Add((process, profile));
        }

        return browsers;
    }

    public void Dispose()
    {
        foreach (var (process, profile) in _open)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            process.Dispose();
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // a child process may still hold a file for a moment; the temp directory is cleaned eventually
            }
        }
    }
}
