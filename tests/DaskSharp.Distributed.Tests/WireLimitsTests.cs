using System.Buffers;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using MessagePack;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Tests;

/// <summary>The pure parts of the limits on what peers send: reading them, checking fields, cutting log text, counting refusals.</summary>
public class WireLimitsTests
{
    [Fact]
    public void FromConfig_ReadsDaskKeys_AndDefaultsWhenUnset()
    {
        WireLimits unset = WireLimits.FromConfig();
        Assert.Equal(TimeSpan.FromSeconds(10), unset.HandshakeTimeout);
        Assert.Equal(512, unset.MaxUnauthenticatedConnections);
        Assert.Equal(4096, unset.MaxHandshakeMessageSize);

        using (DaskConfig.Set(new Dictionary<string, object?>
        {
            ["distributed.comm.timeouts.connect"] = "1500ms",
            ["distributed.comm.limits.unauthenticated-connections"] = 7,
            ["distributed.comm.limits.handshake_bytes"] = "2KiB", // _ and - are the same in Dask keys
            ["distributed.comm.limits.id-bytes"] = "64",
            ["distributed.comm.limits.depth"] = 5L,
        }))
        {
            WireLimits set = WireLimits.FromConfig();
            Assert.Equal(TimeSpan.FromMilliseconds(1500), set.HandshakeTimeout);
            Assert.Equal(7, set.MaxUnauthenticatedConnections);
            Assert.Equal(2048, set.MaxHandshakeMessageSize);
            Assert.Equal(64, set.MaxIdBytes);
            Assert.Equal(5, set.MaxDepth);
        }

        using (DaskConfig.Set("distributed.comm.timeouts.connect", 3))
        {
            Assert.Equal(TimeSpan.FromSeconds(3), WireLimits.FromConfig().HandshakeTimeout);
        }
    }

    [Fact]
    public void FromConfig_BadValues_SayWhichKey()
    {
        using (DaskConfig.Set("distributed.comm.timeouts.connect", "soon"))
        {
            Assert.Contains("distributed.comm.timeouts.connect is 'soon'", Assert.Throws<ArgumentException>(() => WireLimits.FromConfig()).Message, StringComparison.Ordinal);
        }

        using (DaskConfig.Set("distributed.comm.limits.id-bytes", 0))
        {
            Assert.Contains("distributed.comm.limits.id-bytes is 0; it must be from 1", Assert.Throws<ArgumentException>(() => WireLimits.FromConfig()).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Truncate_CutsLongText_SayingHowLong_AndEscapesControlCharacters()
    {
        Assert.Equal("short", LogText.Truncate("short"));
        Assert.Equal("(null)", LogText.Truncate(null));
        string cut = LogText.Truncate(new string('x', 50_000_000), 10);
        Assert.Equal("xxxxxxxxxx… (50,000,000 characters)", cut);
        Assert.Equal("line\\nforged: WARN\\r\\u001b[31m", LogText.Truncate("line\nforged: WARN\r\u001b[31m"));

        // A surrogate pair is not split.
        string emoji = "ab\U0001F600cd";
        Assert.Equal("ab… (6 characters)", LogText.Truncate(emoji, 3));
    }

    [Fact]
    public void Describe_SaysWhatCame_WhateverItsType()
    {
        Assert.Equal("1099511627776", LogText.Describe(1L << 40));
        Assert.Equal("18446744073709551615", LogText.Describe(ulong.MaxValue));
        Assert.Equal("\"1\" (a string)", LogText.Describe("1"));
        Assert.Equal("1.5 (a float)", LogText.Describe(1.5));
        Assert.Equal("nothing", LogText.Describe(null));
        Assert.Equal("32 bytes (binary)", LogText.Describe(new byte[32]));
        Assert.StartsWith("\"vvvv", LogText.Describe(new string('v', 5000), 40), StringComparison.Ordinal);
        Assert.EndsWith("(5,000 characters)\" (a string)", LogText.Describe(new string('v', 5000), 40), StringComparison.Ordinal);
    }

    [Fact]
    public void Join_ListsAFewItems_AndCountsTheRest()
    {
        Key[] keys = [.. Enumerable.Range(0, 1000).Select(i => new Key($"k-{i}"))];
        string joined = LogText.Join(keys, count: 3);
        Assert.Equal("k-0, k-1, k-2, … (1,000 in all)", joined);
    }

    [Fact]
    public void HeaderDecode_RefusesAnOversizedOp_FromItsLengthAlone_NamingFieldSizeAndLimit()
    {
        byte[] header = HeaderCodec.Encode(("op", new string('o', 100_000)));
        var e = Assert.Throws<WireLimitException>(() => HeaderCodec.Decode(header, WireLimits.Default));
        Assert.Equal($"header field 'op' is 100,000 bytes; the limit is 128 bytes (distributed.comm.limits.name-bytes); it begins \"{new string('o', 32)}\".", e.Message);
        Assert.Equal(("header field 'op'", 100_000L, 128L), (e.Field, e.Size, e.Limit));

        // Without limits (and with them, under the limits) the header decodes as before.
        Assert.Equal(100_000, ((string)HeaderCodec.Decode(header)["op"]!).Length);
        Assert.Equal("ok", HeaderCodec.Decode(HeaderCodec.Encode(("op", "ok")), WireLimits.Default)["op"]);
    }

    [Fact]
    public void HeaderDecode_IdsAndStrings_HaveTheirOwnLimits_AndTheOpIsNamed()
    {
        byte[] client = HeaderCodec.Encode(("op", "register-client"), ("client", new string('c', 2000)));
        Assert.StartsWith(
            "'register-client': header field 'client' is 2,000 bytes; the limit is 1,024 bytes (distributed.comm.limits.id-bytes)",
            Assert.Throws<WireLimitException>(() => HeaderCodec.Decode(client, WireLimits.Default)).Message,
            StringComparison.Ordinal);

        // A reason of 2,000 bytes is an ordinary string: well under its limit.
        byte[] reason = HeaderCodec.Encode(("op", "worker-leaving"), ("reason", new string('r', 2000)));
        Assert.Equal(2000, ((string)HeaderCodec.Decode(reason, WireLimits.Default)["reason"]!).Length);
        Assert.StartsWith(
            "'worker-leaving': header field 'reason' is 2,000 bytes; the limit is 100 bytes (distributed.comm.limits.string-bytes)",
            Assert.Throws<WireLimitException>(() => HeaderCodec.Decode(reason, WireLimits.Default with { MaxStringBytes = 100 })).Message,
            StringComparison.Ordinal);

        // Multi-byte text is measured in UTF-8 bytes, as it travels.
        byte[] wide = HeaderCodec.Encode(("op", "register-client"), ("client", new string('é', 600)));
        Assert.Contains("is 1,200 bytes", Assert.Throws<WireLimitException>(() => HeaderCodec.Decode(wide, WireLimits.Default)).Message, StringComparison.Ordinal);

        // A field name of megabytes, and too many fields.
        byte[] name = HeaderCodec.Encode(("op", "x"), (new string('n', 1000), 1));
        Assert.Contains("the name of header field 1 is 1,000 bytes; the limit is 128 bytes", Assert.Throws<WireLimitException>(() => HeaderCodec.Decode(name, WireLimits.Default)).Message, StringComparison.Ordinal);
        byte[] many = HeaderCodec.Encode([.. Enumerable.Range(0, 300).Select(i => ($"f{i}", (object?)i))]);
        Assert.Equal("A message header has 300 fields; the limit is 256 (distributed.comm.limits.header-fields).", Assert.Throws<WireLimitException>(() => HeaderCodec.Decode(many, WireLimits.Default)).Message);
    }

    [Fact]
    public void HeaderDecode_AnIntegerBeyondLong_ComesBackAsULong()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(1);
        writer.Write("protocol");
        writer.Write(ulong.MaxValue);
        writer.Flush();
        Assert.Equal(ulong.MaxValue, HeaderCodec.Decode(buffer.WrittenSpan.ToArray())["protocol"]);
        Assert.Equal(1L << 40, HeaderCodec.Decode(HeaderCodec.Encode(("protocol", 1L << 40)))["protocol"]);
    }

    [Fact]
    public void CheckValue_RefusesOversizedKeysAndAddresses_InTheProtocolsRecords_NamingWhere()
    {
        WireLimits limits = WireLimits.Default;
        Key ok = new("ok-1"), big = new(new string('k', 5000));
        MessageLimits.CheckValue(new[] { ok }, 0, "free-keys", limits);
        MessageLimits.CheckValue(new[] { big }, 0, "free-keys", limits with { MaxKeyBytes = 10_000 });
        MessageLimits.CheckValue(new object(), 0, "scatter", limits); // data is not looked at
        MessageLimits.CheckValue(new string('d', 10_000_000), 0, "scatter", limits);

        var e = Assert.Throws<WireLimitException>(() => MessageLimits.CheckValue(new[] { ok, big }, 0, "free-keys", limits));
        Assert.Equal("'free-keys': key 1 of value 0 is 5,000 bytes; the limit is 4,096 bytes (distributed.comm.limits.key-bytes); it begins \"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\".", e.Message);

        var task = new SubmittedTask(ok, new object(), [ok, big], 0, 0);
        Assert.StartsWith("'update-graph': dependency 1 of task 0 of value 0 is 5,000 bytes", Assert.Throws<WireLimitException>(() => MessageLimits.CheckValue(new[] { task }, 0, "update-graph", limits)).Message, StringComparison.Ordinal);

        var assignment = new TaskAssignment(ok, 1, 0, new object(), [ok], [["tcp://127.0.0.1:1", new string('a', 2000)]]);
        Assert.StartsWith("'compute-tasks': address 1 of holder list 0 of task 0 of value 0 is 2,000 bytes; the limit is 1,024 bytes (distributed.comm.limits.id-bytes)", Assert.Throws<WireLimitException>(() => MessageLimits.CheckValue(new[] { assignment }, 0, "compute-tasks", limits)).Message, StringComparison.Ordinal);

        Key wide = new("w", [.. Enumerable.Range(0, 100)]);
        Assert.Equal("'free-keys': key 0 of value 0 has a block index of 100 dimensions; the limit is 64.", Assert.Throws<WireLimitException>(() => MessageLimits.CheckValue(new[] { wide }, 0, "free-keys", limits)).Message);
    }

    [Fact]
    public void CheckDepth_FollowsValueEntriesIntoTheirHeaders_AndRefusesDeepNesting()
    {
        // Tuples nest as value entries inside each other's headers: 1 level for the table, 2 per tuple.
        Assert.Null(Record.Exception(() => MessageLimits.CheckDepth(ValueTable(Nested(10)), 32)));
        var e = Assert.Throws<WireLimitException>(() => MessageLimits.CheckDepth(ValueTable(Nested(20)), 32, "scatter"));
        Assert.Equal("'scatter': the message's values nest more than 32 levels deep (distributed.comm.limits.depth).", e.Message);

        // Not MessagePack, or cut short: left for the decoder to refuse.
        MessageLimits.CheckDepth(new byte[] { 0xc1, 0xc1 }, 32);
        MessageLimits.CheckDepth(ValueTable(Nested(3))[..5], 32);
    }

    [Fact]
    public void CheckDepth_OfThousandsOfLevels_IsRefusedWithoutRecursion()
    {
        // Built by hand: the serializer itself would recurse this deep.
        byte[] entry = Entry("plain", PlainHeader(1));
        for (int i = 0; i < 5000; i++)
        {
            entry = Entry("tuple", [0x91, .. entry]); // a tuple of one item
        }

        byte[] table = [0x91, .. entry];
        Assert.Throws<WireLimitException>(() => MessageLimits.CheckDepth(table, 32));
        Assert.Throws<WireLimitException>(() => MessageLimits.CheckDepth(table, 1000));
    }

    [Fact]
    public void FrameCodec_RefusesTooManyFrames_AsSoonAsTheCountArrives()
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameCodec.Write(buffer, [.. Enumerable.Range(0, 20).Select(_ => (ReadOnlyMemory<byte>)new byte[10])]);
        var first16 = new ReadOnlySequence<byte>(buffer.WrittenMemory[..16]);
        var e = Assert.Throws<ProtocolException>(() => FrameCodec.TryRead(ref first16, 1 << 20, 8, out _, out _));
        Assert.Equal("Message declares 20 frames; the limit is 8 (distributed.comm.limits.frames).", e.Message);
        var all = new ReadOnlySequence<byte>(buffer.WrittenMemory);
        Assert.True(FrameCodec.TryRead(ref all, 1 << 20, 20, out byte[][] frames, out _));
        Assert.Equal(20, frames.Length);
    }

    [Fact]
    public void FrameCodec_RefusesAnOversizedMessage_FromItsFirstEightBytes()
    {
        byte[] prefix = BitConverter.GetBytes(400L << 20);
        var sequence = new ReadOnlySequence<byte>(prefix);
        Assert.Equal("Message of 419430400 bytes is larger than the limit of 4096 bytes.", Assert.Throws<ProtocolException>(() => FrameCodec.TryRead(ref sequence, 4096, 4, out _, out _)).Message);
    }

    [Fact]
    public void RefusalLog_LogsABurstThenSumsUpTheRestWhenTheWindowEnds()
    {
        var logger = new CapturingLogger();
        var time = new ManualTimeProvider();
        using var log = new RefusalLog(logger, time, burst: 3, window: TimeSpan.FromSeconds(10));
        for (int i = 0; i < 10; i++)
        {
            log.Refused("Refused connection from", $"127.0.0.1:{i}", "closed at once", i < 8 ? "over the limit" : "with a wrong secret");
        }

        Assert.Equal(3, logger.Entries.Count);
        Assert.Equal("Refused connection from 127.0.0.1:0: closed at once", logger.Entries.First().Message);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(4, logger.Entries.Count);
        Assert.Equal(
            "Refused 7 more connections before authentication without a line each (at most 3 lines per 10 s): 5 over the limit; 2 with a wrong secret",
            logger.Entries.Last().Message);
        Assert.All(logger.Entries, e => Assert.Equal(LogLevel.Warning, e.Level));

        // A new window logs again.
        log.Refused("Refused connection from", "127.0.0.1:99", "late", "with no handshake in time");
        Assert.Equal("Refused connection from 127.0.0.1:99: late", logger.Entries.Last().Message);
    }

    /// <summary>A value nested <paramref name="levels"/> tuples deep around the integer 1.</summary>
    internal static object Nested(int levels)
    {
        object value = 1;
        for (int i = 0; i < levels; i++)
        {
            value = Activator.CreateInstance(typeof(ValueTuple<>).MakeGenericType(value.GetType()), value)!;
        }

        return value;
    }

    /// <summary>A message's frame 1 holding <paramref name="value"/>.</summary>
    private static byte[] ValueTable(object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(1);
        ValueEntry.Write(ref writer, value, []);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Entry(string serializer, byte[] header)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(3);
        writer.Write(serializer);
        writer.Write(header);
        writer.Write(0);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] PlainHeader(int value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(1);
        writer.Write(value);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
