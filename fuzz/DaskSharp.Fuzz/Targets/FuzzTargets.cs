namespace DaskSharp.Fuzz;

/// <summary>What a target made of one input: it decoded, or it was refused the documented way.</summary>
/// <remarks>Any other outcome is an exception escaping the target, which the fuzzer reports as a crash.</remarks>
public enum FuzzOutcome
{
    /// <summary>Every message in the input decoded (an input that ends before its first message counts too).</summary>
    Accepted,

    /// <summary>The decoder refused the bytes with its documented error (a <c>ProtocolException</c>, or the handshake's own).</summary>
    Refused,
}

/// <summary>
/// The fuzz targets by name: each takes any bytes a hostile peer could send and either decodes them
/// or refuses them as the protocol documents. The fuzz project drives them under afl-fuzz and in a
/// plain mutation loop; the test suite replays the checked-in corpus and crashes through the same code.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The targets, one per surface a peer's bytes reach.</summary>
    public static IReadOnlyList<string> Names { get; } = ["frame", "header", "handshake", "message"];

    /// <summary>
    /// The prefixes of a checked-in input's name that say the outcome it must have (a seed, or a crash
    /// whose bug is fixed); a corpus input without one (afl's) may have either.
    /// </summary>
    public const string Accepted = "accepted-", Refused = "refused-";

    /// <summary>The outcome the name of an input file promises, or null when it promises none.</summary>
    public static FuzzOutcome? ExpectedOutcome(string fileName) =>
        fileName.StartsWith(Accepted, StringComparison.Ordinal) ? FuzzOutcome.Accepted
        : fileName.StartsWith(Refused, StringComparison.Ordinal) ? FuzzOutcome.Refused
        : null;

    /// <summary>Runs target <paramref name="name"/> on <paramref name="input"/>.</summary>
    /// <exception cref="FuzzOracleException">when a decoder broke one of its own promises (a bug).</exception>
    public static FuzzOutcome Run(string name, byte[] input) => name switch
    {
        "frame" => FrameTarget.Run(input),
        "header" => HeaderTarget.Run(input),
        "handshake" => HandshakeTarget.Run(input),
        "message" => MessageTarget.Run(input),
        _ => throw new ArgumentException($"Unknown fuzz target '{name}'; the targets are {string.Join(", ", Names)}.", nameof(name)),
    };
}
