using System.Buffers;
using System.Globalization;
using System.Text;
using DaskSharp.Graphs;
using MessagePack;

namespace DaskSharp.Distributed.Protocol;

/// <summary>
/// The checks of <see cref="WireLimits"/> on a message's values, as pure functions over what
/// arrived: how deep the value table nests (before anything is decoded), and the ids and keys in
/// the protocol's own records (after). A message that fails one raises a
/// <see cref="WireLimitException"/> naming the operation, the field, its size and the limit.
/// </summary>
public static class MessageLimits
{
    /// <summary>
    /// Refuses a value table (a message's frame 1) that nests deeper than <paramref name="maxDepth"/>.
    /// A value's header is opaque bytes inside the table, and a container's items (a tuple's, an
    /// array plan's constant) are value entries inside those bytes, so entries are followed into
    /// their headers: a tuple of tuples a thousand deep is as deep as it looks, and is refused here
    /// instead of being decoded recursively. Headers of serializers that hold no entries (the
    /// protocol's flat records, plain values under MessagePack's own depth limit) are not scanned.
    /// Bytes that do not parse are left for the decoder to refuse. Iterative: the check itself
    /// cannot run out of stack.
    /// </summary>
    /// <exception cref="WireLimitException">when the values nest too deep.</exception>
    public static void CheckDepth(ReadOnlyMemory<byte> valueTable, int maxDepth, string? op = null)
    {
        var pending = new Stack<(ReadOnlyMemory<byte> Bytes, int Depth)>();
        pending.Push((valueTable, 0));
        var levels = new List<Level>();
        while (pending.TryPop(out var segment))
        {
            levels.Clear();
            try
            {
                ScanSegment(segment.Bytes, segment.Depth, maxDepth, op, levels, pending);
            }
            catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or InvalidOperationException or OverflowException or ArgumentOutOfRangeException)
            {
                // Not MessagePack (a raw header of some serializer), or truncated (a str32/bin32
                // longer than the bytes left makes the reader throw ArgumentOutOfRange): nothing nests
                // here that this check can see, and the decoder says what is wrong with it.
            }
        }
    }

    private static void ScanSegment(ReadOnlyMemory<byte> bytes, int baseDepth, int maxDepth, string? op, List<Level> levels, Stack<(ReadOnlyMemory<byte>, int)> pending)
    {
        var reader = new MessagePackReader(bytes);
        bool first = true;
        while (first || levels.Count > 0)
        {
            first = false;
            int index = -1;
            if (levels.Count > 0)
            {
                Level parent = levels[^1];
                index = parent.Index;
                parent.Index++;
                parent.Remaining--;
                levels[^1] = parent;
            }

            int depth = baseDepth + levels.Count;
            switch (reader.NextMessagePackType)
            {
                case MessagePackType.Array:
                {
                    int count = reader.ReadArrayHeader();
                    Deeper(depth + 1, maxDepth, op);
                    levels.Add(new Level(count, Triple: count == 3));
                    break;
                }

                case MessagePackType.Map:
                {
                    int count = reader.ReadMapHeader();
                    Deeper(depth + 1, maxDepth, op);
                    levels.Add(new Level(2L * count, Triple: false));
                    break;
                }

                case MessagePackType.String when index == 0 && levels[^1].Triple:
                {
                    // Possibly a value entry [serializer, header, frame count]: note whether its header is worth following.
                    ReadOnlySequence<byte>? name = reader.ReadStringSequence();
                    Level parent = levels[^1];
                    levels[^1] = parent with { Follow = name is { IsSingleSegment: true } n && !IsFlat(n.FirstSpan) };
                    break;
                }

                case MessagePackType.Binary when index == 1 && levels[^1].Follow:
                {
                    ReadOnlySequence<byte>? header = reader.ReadBytes();
                    if (header is { IsEmpty: false } h && h.IsSingleSegment)
                    {
                        pending.Push((h.First, depth));
                    }

                    break;
                }

                default:
                    reader.Skip();
                    break;
            }

            while (levels.Count > 0 && levels[^1].Remaining == 0)
            {
                levels.RemoveAt(levels.Count - 1);
            }
        }
    }

    /// <summary>
    /// Serializers whose headers hold no value entries, so are not scanned: <c>plain</c> (decoded by
    /// MessagePack with its own depth limit for untrusted data), <c>wire</c> (the protocol's flat
    /// records: a million-task graph is not walked twice), <c>task</c> (kept as bytes by the
    /// scheduler), <c>enum</c> and <c>ndarray</c> (a few integers).
    /// </summary>
    private static bool IsFlat(ReadOnlySpan<byte> serializer) =>
        serializer.SequenceEqual("plain"u8) || serializer.SequenceEqual("wire"u8) || serializer.SequenceEqual("task"u8)
        || serializer.SequenceEqual("enum"u8) || serializer.SequenceEqual("ndarray"u8);

    private static void Deeper(int depth, int maxDepth, string? op)
    {
        if (depth > maxDepth)
        {
            throw new WireLimitException(
                Invariant($"{Op(op)}the message's values nest more than {maxDepth} levels deep ({WireLimits.Prefix}depth)."),
                "values", depth, maxDepth);
        }
    }

    /// <summary>
    /// Refuses oversized ids and keys in one decoded value of the protocol's own records: key lists,
    /// submitted tasks, task assignments and address lists. Other values (data) are not looked at.
    /// </summary>
    /// <exception cref="WireLimitException">naming the value, the item, its size and the limit.</exception>
    public static void CheckValue(object? value, int index, string? op, WireLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        switch (value)
        {
            case Key[] keys:
                for (int i = 0; i < keys.Length; i++)
                {
                    CheckKey(keys[i], op, limits, () => Invariant($"key {i} of value {index}"));
                }

                break;
            case SubmittedTask[] tasks:
                for (int i = 0; i < tasks.Length; i++)
                {
                    SubmittedTask t = tasks[i];
                    CheckKey(t.Key, op, limits, () => Invariant($"the key of task {i} of value {index}"));
                    for (int j = 0; j < t.Dependencies.Length; j++)
                    {
                        CheckKey(t.Dependencies[j], op, limits, () => Invariant($"dependency {j} of task {i} of value {index}"));
                    }
                }

                break;
            case TaskAssignment[] tasks:
                for (int i = 0; i < tasks.Length; i++)
                {
                    TaskAssignment t = tasks[i];
                    CheckKey(t.Key, op, limits, () => Invariant($"the key of task {i} of value {index}"));
                    for (int j = 0; j < t.Dependencies.Length; j++)
                    {
                        CheckKey(t.Dependencies[j], op, limits, () => Invariant($"dependency {j} of task {i} of value {index}"));
                    }

                    CheckIds(t.Holders, op, limits, i, index);
                }

                break;
            case string[][] lists:
                CheckIds(lists, op, limits, null, index);
                break;
        }
    }

    private static void CheckKey(Key key, string? op, WireLimits limits, Func<string> what)
    {
        if (key is null)
        {
            return; // the decoder names a missing key
        }

        long size = Utf8Size(key.Name, limits.MaxKeyBytes);
        if (size > limits.MaxKeyBytes)
        {
            throw TooLarge(op, what(), size, limits.MaxKeyBytes, WireLimits.Prefix + "key-bytes", key.Name);
        }

        if (key.Index.Length > limits.MaxKeyIndexLength)
        {
            throw new WireLimitException(
                Invariant($"{Op(op)}{what()} has a block index of {key.Index.Length:N0} dimensions; the limit is {limits.MaxKeyIndexLength:N0}."),
                what(), key.Index.Length, limits.MaxKeyIndexLength);
        }
    }

    private static void CheckIds(string[][] lists, string? op, WireLimits limits, int? task, int index)
    {
        for (int i = 0; i < lists.Length; i++)
        {
            string[] list = lists[i] ?? [];
            for (int j = 0; j < list.Length; j++)
            {
                long size = Utf8Size(list[j], limits.MaxIdBytes);
                if (size > limits.MaxIdBytes)
                {
                    string what = task is { } t
                        ? Invariant($"address {j} of holder list {i} of task {t} of value {index}")
                        : Invariant($"address {j} of list {i} of value {index}");
                    throw TooLarge(op, what, size, limits.MaxIdBytes, WireLimits.Prefix + "id-bytes", list[j]);
                }
            }
        }
    }

    /// <summary>UTF-8 bytes of <paramref name="text"/>, counted only when it could be over <paramref name="limit"/> (a char is at most 3 bytes).</summary>
    internal static long Utf8Size(string? text, int limit) =>
        text is null ? 0 : (long)text.Length * 3 <= limit ? text.Length : Encoding.UTF8.GetByteCount(text);

    private static WireLimitException TooLarge(string? op, string what, long size, long max, string setting, string text) =>
        new(Invariant($"{Op(op)}{what} is {size:N0} bytes; the limit is {max:N0} bytes ({setting}); it begins \"{LogText.Truncate(text[..Math.Min(text.Length, 32)], 32)}\"."), what, size, max);

    private static string Op(string? op) => op is null ? string.Empty : $"'{LogText.Truncate(op, 40)}': ";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private record struct Level(long Remaining, bool Triple)
    {
        public int Index { get; set; }

        public bool Follow { get; init; }
    }
}
