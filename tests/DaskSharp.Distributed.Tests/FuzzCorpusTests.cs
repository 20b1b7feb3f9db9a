using DaskSharp.Fuzz;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// Every checked-in fuzz input — each target's seeds and corpus under fuzz/corpus, and every input
/// that once crashed a decoder under fuzz/crashes — replayed through the same target code afl-fuzz
/// runs: it must decode or be refused with the documented protocol error, never throw anything else,
/// and have the outcome its name promises (<c>accepted-</c>, <c>refused-</c>).
/// </summary>
public sealed class FuzzCorpusTests
{
    /// <summary>
    /// Crashes checked in before their fix (named open-…): each may still throw the exception it was
    /// found with, or be refused once fixed; nothing else. Remove an entry (and rename its file
    /// refused-…) when its fix lands.
    /// </summary>
    private static readonly Dictionary<string, Type> s_open = new(StringComparer.Ordinal)
    {
        // None open: the HeaderCodec and client-handshake crashes are fixed; their inputs are refused-… now.
    };

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (string target in FuzzTargets.Names)
        {
            foreach (string folder in new[] { FuzzPaths.Corpus(target), FuzzPaths.Crashes(target) })
            {
                if (!Directory.Exists(folder))
                {
                    continue;
                }

                foreach (string path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
                {
                    data.Add(target, Path.GetRelativePath(FuzzPaths.Root, path));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Input_ReplayedThroughItsTarget_DecodesOrIsRefusedAsItsNameSays(string target, string file)
    {
        byte[] input = File.ReadAllBytes(Path.Combine(FuzzPaths.Root, file));
        string key = $"{target}/{Path.GetFileName(file)}";
        if (s_open.TryGetValue(key, out Type? known))
        {
            try
            {
                Assert.Equal(FuzzOutcome.Refused, FuzzTargets.Run(target, input));
            }
            catch (Exception e) when (e.GetType() == known)
            {
                // Still open: the bug it was found with, in a file this branch does not own.
            }

            return;
        }

        FuzzOutcome outcome = FuzzTargets.Run(target, input);
        if (FuzzTargets.ExpectedOutcome(Path.GetFileName(file)) is { } expected)
        {
            Assert.Equal(expected, outcome);
        }
    }

    [Fact]
    public void Corpus_HasAcceptedSeedsForEveryTarget()
    {
        foreach (string target in FuzzTargets.Names)
        {
            string[] accepted = [.. Directory.EnumerateFiles(FuzzPaths.Corpus(target), FuzzTargets.Accepted + "*")];
            Assert.True(accepted.Length > 0, $"fuzz/corpus/{target} has no accepted-* seed");
        }
    }

    [Fact]
    public void Crashes_EachNameTheOutcomeOfTheirFix()
    {
        // afl's findings land as afl-<hash>; a file is checked in with its fix, renamed for what the fix gives.
        foreach (string target in FuzzTargets.Names)
        {
            string folder = FuzzPaths.Crashes(target);
            foreach (string path in Directory.Exists(folder) ? Directory.EnumerateFiles(folder) : [])
            {
                string name = Path.GetFileName(path);
                Assert.True(FuzzTargets.ExpectedOutcome(name) is not null || s_open.ContainsKey($"{target}/{name}"), $"fuzz/crashes/{target}/{name} names no outcome (accepted-…, refused-…) and is not a known open crash");
            }
        }
    }

    [Fact]
    public void Targets_RefuseAnInputThatBreaksTheFraming()
    {
        // Eight bytes announcing a body too small for its own frame count: every framed target refuses it.
        byte[] input = [4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal(FuzzOutcome.Refused, FuzzTargets.Run("frame", input));
        Assert.Equal(FuzzOutcome.Refused, FuzzTargets.Run("handshake", input));
        Assert.Equal(FuzzOutcome.Refused, FuzzTargets.Run("message", input));
        Assert.Equal(FuzzOutcome.Accepted, FuzzTargets.Run("frame", []));
    }
}
