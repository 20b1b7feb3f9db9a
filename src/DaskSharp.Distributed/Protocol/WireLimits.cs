using System.Globalization;

namespace DaskSharp.Distributed.Protocol;

/// <summary>
/// What a peer may send. Before it has proved the secret a peer gets a deadline, a message size
/// fitted to the handshake, and one of a bounded number of places at the door. After, its messages
/// may be large (data), but the names and ids in them may not: an operation name, a client id, a
/// worker address or a key of megabytes is refused and the connection closed, naming the field.
/// </summary>
/// <remarks>
/// Sizes of header fields are UTF-8 bytes as they travel; key names are measured the same way once
/// decoded. <see cref="FromConfig"/> reads each limit from Dask's configuration (scoped settings,
/// <c>DASK_*</c> environment variables): <c>distributed.comm.timeouts.connect</c> for the
/// deadline, and the <c>distributed.comm.limits.*</c> keys named on each property.
/// </remarks>
public sealed record WireLimits
{
    /// <summary>The configuration key of <see cref="HandshakeTimeout"/> (Dask's connect timeout).</summary>
    public const string HandshakeTimeoutKey = "distributed.comm.timeouts.connect";

    /// <summary>The prefix of every other limit's configuration key.</summary>
    public const string Prefix = "distributed.comm.limits.";

    /// <summary>The longest deadline a timer takes (a longer setting is this).</summary>
    private static readonly TimeSpan s_maxTimeout = TimeSpan.FromDays(1);

    /// <summary>The limits when nothing is configured.</summary>
    public static WireLimits Default { get; } = new();

    /// <summary>
    /// How long a peer may take from the moment it is accepted to the end of the handshake (TLS
    /// included); then it is disconnected. <c>distributed.comm.timeouts.connect</c>, 10 s when unset.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Connections a listener keeps in the handshake at once; one more is closed as soon as it is
    /// accepted. <c>distributed.comm.limits.unauthenticated-connections</c>.
    /// </summary>
    public int MaxUnauthenticatedConnections { get; init; } = 512;

    /// <summary>
    /// The largest message before authentication (a handshake reply is about 100 bytes); a larger
    /// one is refused when its 8-byte length arrives, before any of it is buffered.
    /// <c>distributed.comm.limits.handshake-bytes</c>.
    /// </summary>
    public long MaxHandshakeMessageSize { get; init; } = 4096;

    /// <summary>Frames of a message before authentication (the handshake has one).</summary>
    public int MaxHandshakeFrames { get; init; } = 4;

    /// <summary>The largest message after authentication (the listener's own setting; 2 GiB by default).</summary>
    public long MaxMessageSize { get; init; } = 1L << 31;

    /// <summary>Frames of one message after authentication. <c>distributed.comm.limits.frames</c>.</summary>
    public int MaxFrames { get; init; } = FrameCodec.MaxFrames;

    /// <summary>Bytes of an operation name (<c>op</c>) and of any header field's name. <c>distributed.comm.limits.name-bytes</c>.</summary>
    public int MaxNameBytes { get; init; } = 128;

    /// <summary>
    /// Bytes of an id: a client id, a worker's address or name, a dataset name, any address in a
    /// holder list. <c>distributed.comm.limits.id-bytes</c>.
    /// </summary>
    public int MaxIdBytes { get; init; } = 1024;

    /// <summary>Bytes of a key's name. <c>distributed.comm.limits.key-bytes</c>.</summary>
    public int MaxKeyBytes { get; init; } = 4096;

    /// <summary>Dimensions of a key's block index.</summary>
    public int MaxKeyIndexLength { get; init; } = 64;

    /// <summary>Bytes of any other string or binary in a message header (a reason, an error text). <c>distributed.comm.limits.string-bytes</c>.</summary>
    public int MaxStringBytes { get; init; } = 1 << 20;

    /// <summary>Fields of one message header. <c>distributed.comm.limits.header-fields</c>.</summary>
    public int MaxHeaderFields { get; init; } = 256;

    /// <summary>
    /// How deep values may nest inside one message (a tuple of tuples, an array plan's constant):
    /// deeper is refused before anything is decoded. <c>distributed.comm.limits.depth</c>.
    /// </summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>The header fields that hold ids (checked against <see cref="MaxIdBytes"/> rather than <see cref="MaxStringBytes"/>).</summary>
    public static IReadOnlySet<string> IdFields { get; } = new HashSet<string>(["client", "address", "name", "worker", "from", "id"], StringComparer.Ordinal);

    /// <summary>The configuration key that sets the limit of <paramref name="field"/>'s kind, for error messages.</summary>
    public static string KeyOfHeaderField(string field) =>
        field == "op" ? Prefix + "name-bytes" : IdFields.Contains(field) ? Prefix + "id-bytes" : Prefix + "string-bytes";

    /// <summary>The byte limit that applies to header field <paramref name="field"/>.</summary>
    public int HeaderFieldLimit(string field) =>
        field == "op" ? MaxNameBytes : IdFields.Contains(field) ? MaxIdBytes : MaxStringBytes;

    /// <summary>The limits configured now, starting from <paramref name="defaults"/> (or <see cref="Default"/>).</summary>
    /// <exception cref="ArgumentException">for a configured value that is not a positive number (or a duration, for the timeout).</exception>
    public static WireLimits FromConfig(WireLimits? defaults = null)
    {
        WireLimits d = defaults ?? Default;
        return d with
        {
            HandshakeTimeout = ReadDuration(HandshakeTimeoutKey, d.HandshakeTimeout),
            MaxUnauthenticatedConnections = (int)ReadNumber(Prefix + "unauthenticated-connections", d.MaxUnauthenticatedConnections, int.MaxValue),
            MaxHandshakeMessageSize = ReadNumber(Prefix + "handshake-bytes", d.MaxHandshakeMessageSize, int.MaxValue),
            MaxFrames = (int)ReadNumber(Prefix + "frames", d.MaxFrames, FrameCodec.MaxFrames),
            MaxNameBytes = (int)ReadNumber(Prefix + "name-bytes", d.MaxNameBytes, int.MaxValue),
            MaxIdBytes = (int)ReadNumber(Prefix + "id-bytes", d.MaxIdBytes, int.MaxValue),
            MaxKeyBytes = (int)ReadNumber(Prefix + "key-bytes", d.MaxKeyBytes, int.MaxValue),
            MaxStringBytes = (int)ReadNumber(Prefix + "string-bytes", d.MaxStringBytes, int.MaxValue),
            MaxHeaderFields = (int)ReadNumber(Prefix + "header-fields", d.MaxHeaderFields, int.MaxValue),
            MaxDepth = (int)ReadNumber(Prefix + "depth", d.MaxDepth, 1024),
        };
    }

    /// <summary>A duration setting: seconds as a number, a <see cref="TimeSpan"/>, or Dask's text ("10s", "500ms", "1 minute").</summary>
    internal static TimeSpan ReadDuration(string key, TimeSpan fallback)
    {
        if (!DaskConfig.TryGet(key, out object? value) || value is null)
        {
            return fallback;
        }

        TimeSpan duration = value switch
        {
            TimeSpan span => span,
            int or long or double or float or decimal => TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            _ => Duration.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, out TimeSpan parsed)
                ? parsed
                : throw new ArgumentException($"{key} is '{value}', which is not a duration such as 10, \"10s\" or \"500ms\".", nameof(key)),
        };
        return duration <= TimeSpan.Zero
            ? throw new ArgumentException($"{key} is '{value}'; it must be longer than zero.", nameof(key))
            : duration > s_maxTimeout ? s_maxTimeout : duration;
    }

    /// <summary>A count or byte size: a number, or a size such as "4KiB".</summary>
    internal static long ReadNumber(string key, long fallback, long maximum)
    {
        if (!DaskConfig.TryGet(key, out object? value) || value is null)
        {
            return fallback;
        }

        long n;
        try
        {
            n = value switch
            {
                int i => i,
                long l => l,
                double d when d == Math.Floor(d) && d is >= long.MinValue and <= long.MaxValue => (long)d,
                string s => ByteSize.Parse(s),
                _ => throw new FormatException(),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new ArgumentException($"{key} is '{value}', which is not a whole number (or a size such as \"4KiB\").", nameof(key), e);
        }

        return n is > 0 && n <= maximum
            ? n
            : throw new ArgumentException($"{key} is {n.ToString(CultureInfo.InvariantCulture)}; it must be from 1 to {maximum.ToString(CultureInfo.InvariantCulture)}.", nameof(key));
    }
}
