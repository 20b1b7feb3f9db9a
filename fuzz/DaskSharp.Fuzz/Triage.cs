using System.Diagnostics;
using System.Security.Cryptography;

namespace DaskSharp.Fuzz;

/// <summary>
/// Sorts afl-fuzz's crashing inputs by cause — the exception type and the first DaskSharp frame it
/// passed — and keeps the smallest input of each cause, so fuzz/crashes holds one file per bug.
/// </summary>
internal static class Triage
{
    public static int Run(string target, string findings, string destination)
    {
        var causes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(findings).Where(p => Path.GetFileName(p).StartsWith("id", StringComparison.Ordinal)))
        {
            byte[] input = File.ReadAllBytes(path);
            string cause;
            try
            {
                FuzzTargets.Run(target, input);
                cause = "no escape in process (a hang, a stack overflow, or an afl timeout)";
            }
            catch (Exception e)
            {
                cause = Cause(e);
            }

            if (!causes.TryGetValue(cause, out byte[]? kept) || input.Length < kept.Length)
            {
                causes[cause] = input;
            }
        }

        Directory.CreateDirectory(destination);
        foreach ((string cause, byte[] input) in causes.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            string name = $"afl-{Convert.ToHexStringLower(SHA256.HashData(input))[..16]}";
            File.WriteAllBytes(Path.Combine(destination, name), input);
            Console.WriteLine($"{cause}: {Path.Combine(destination, name)} ({input.Length} bytes)");
        }

        return 0;
    }

    /// <summary>The exception's type and the first frame in DaskSharp's own code (not the harness's).</summary>
    private static string Cause(Exception e)
    {
        foreach (StackFrame frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
        {
            Type? type = frame.GetMethod()?.DeclaringType;
            if (type?.Namespace is { } ns && ns.StartsWith("DaskSharp", StringComparison.Ordinal) && !ns.StartsWith("DaskSharp.Fuzz", StringComparison.Ordinal))
            {
                return $"{e.GetType().Name} at {type.Name}.{frame.GetMethod()!.Name}:{frame.GetFileLineNumber()}";
            }
        }

        return e is FuzzOracleException ? $"oracle: {e.Message}" : $"{e.GetType().Name} at {e.TargetSite?.DeclaringType?.Name}.{e.TargetSite?.Name}";
    }
}
