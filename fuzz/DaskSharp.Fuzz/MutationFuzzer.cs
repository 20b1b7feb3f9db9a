using System.Diagnostics;
using System.Security.Cryptography;

namespace DaskSharp.Fuzz;

/// <summary>
/// A plain fuzzing loop with no instrumentation: random mutations of the corpus, in this process.
/// It finds the shallow bugs in seconds and checks the harness itself before a long afl-fuzz run.
/// Each distinct escape (exception type and throwing method) is saved once to the crashes folder;
/// an input that runs longer than <see cref="HangSeconds"/> is saved as a hang and ends the run.
/// </summary>
internal static class MutationFuzzer
{
    private const int HangSeconds = 10;
    private const int MaxInput = 1 << 16;

    private static readonly long[] s_interesting = [0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, long.MinValue, 1L << 31, 1L << 32];

    public static int Run(string target, Options options)
    {
        string corpus = options.Corpus ?? FuzzPaths.Corpus(target);
        string crashes = options.Crashes ?? FuzzPaths.Crashes(target);
        byte[][] seeds = [.. Directory.EnumerateFiles(corpus).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];
        if (seeds.Length == 0)
        {
            Console.Error.WriteLine($"no seeds in {corpus}");
            return 2;
        }

        var random = new Random(options.Seed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long execs = 0, refused = 0;
        byte[] current = [];
        var clock = Stopwatch.StartNew();
        long started = 0;
        var worker = new Thread(() =>
        {
            while (clock.Elapsed.TotalSeconds < options.Seconds)
            {
                byte[] input = Mutate(seeds, random);
                Volatile.Write(ref current, input);
                Volatile.Write(ref started, clock.ElapsedMilliseconds);
                try
                {
                    refused += FuzzTargets.Run(target, input) == FuzzOutcome.Refused ? 1 : 0;
                }
                catch (Exception e)
                {
                    string signature = $"{e.GetType().FullName} at {e.TargetSite?.DeclaringType?.Name}.{e.TargetSite?.Name}";
                    if (seen.Add(signature))
                    {
                        string path = Save(crashes, input);
                        Console.WriteLine($"CRASH {signature}: {path}{Environment.NewLine}{e}");
                    }
                }

                execs++;
            }
        }) { IsBackground = true }; // the default stack, as the thread-pool threads that decode in production have
        worker.Start();
        while (!worker.Join(1000))
        {
            if (clock.ElapsedMilliseconds - Volatile.Read(ref started) > HangSeconds * 1000)
            {
                string path = Save(crashes, Volatile.Read(ref current));
                Console.WriteLine($"HANG over {HangSeconds} s: {path}");
                return 1;
            }
        }

        Console.WriteLine($"{target}: {execs} execs in {clock.Elapsed.TotalSeconds:F0} s ({execs / Math.Max(1, clock.Elapsed.TotalSeconds):F0}/s), {refused} refused, {seen.Count} distinct crashes");
        return seen.Count == 0 ? 0 : 1;
    }

    private static string Save(string folder, byte[] input)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"random-{Convert.ToHexStringLower(SHA256.HashData(input))[..16]}");
        File.WriteAllBytes(path, input);
        return path;
    }

    private static byte[] Mutate(byte[][] seeds, Random random)
    {
        var bytes = new List<byte>(seeds[random.Next(seeds.Length)]);
        int steps = 1 << random.Next(4);
        for (int s = 0; s < steps; s++)
        {
            int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                {
                    // An interesting integer, little- or big-endian (frame lengths are LE, MessagePack is BE).
                    long value = s_interesting[random.Next(s_interesting.Length)];
                    int width = 1 << random.Next(4);
                    bool little = random.Next(2) == 0;
                    for (int i = 0; i < width && at + i < bytes.Count; i++)
                    {
                        int shift = 8 * (little ? i : width - 1 - i);
                        bytes[at + i] = (byte)(value >> shift);
                    }

                    break;
                }

                case 3:
                    bytes.InsertRange(at, Enumerable.Range(0, 1 + random.Next(16)).Select(_ => (byte)random.Next(256)));
                    break;
                case 4 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(16)));
                    break;
                case 5 when bytes.Count > 0:
                {
                    int length = Math.Min(bytes.Count - at, 1 + random.Next(64));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                }

                case 6:
                {
                    // Splice: the head of this input, the tail of another.
                    byte[] other = seeds[random.Next(seeds.Length)];
                    int from = random.Next(other.Length + 1);
                    bytes.RemoveRange(at, bytes.Count - at);
                    bytes.AddRange(other.AsSpan(from).ToArray());
                    break;
                }
            }
        }

        return bytes.Count > MaxInput ? [.. bytes.GetRange(0, MaxInput)] : [.. bytes];
    }
}
