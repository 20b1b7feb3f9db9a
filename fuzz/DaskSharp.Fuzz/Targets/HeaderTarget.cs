using DaskSharp.Distributed.Protocol;

namespace DaskSharp.Fuzz;

/// <summary>
/// <see cref="HeaderCodec.Decode"/>: a header it accepts must encode again (every value it yields
/// is one the encoder takes) and decode to the same fields.
/// </summary>
internal static class HeaderTarget
{
    public static FuzzOutcome Run(byte[] input)
    {
        Dictionary<string, object?> header;
        try
        {
            header = HeaderCodec.Decode(input);
        }
        catch (ProtocolException)
        {
            return FuzzOutcome.Refused;
        }

        Dictionary<string, object?> again = HeaderCodec.Decode(HeaderCodec.Encode([.. header.Select(kv => (kv.Key, kv.Value))]));
        FuzzOracleException.Check(again.Count == header.Count, $"A header of {header.Count} fields came back with {again.Count}.");
        foreach ((string name, object? value) in header)
        {
            FuzzOracleException.Check(again.TryGetValue(name, out object? back) && Same(value, back), $"Header field '{name}' did not survive encoding again.");
        }

        return FuzzOutcome.Accepted;
    }

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        _ => Equals(a, b), // double.NaN.Equals(NaN) is true, so a NaN field compares equal to itself
    };
}
