using System.Buffers;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using MessagePack;

namespace DaskSharp.Distributed.Serialization;

/// <summary>
/// The protocol's own bulk records over TCP: lists of keys, a client's submitted tasks and the
/// scheduler's task assignments. Each list is one MessagePack header; task nodes inside it go
/// through <see cref="TaskNodeSerializer"/> so their array literals stay raw frames.
/// </summary>
internal sealed class WireSerializer : ITypeSerializer
{
    private const int Keys = 1;
    private const int Submitted = 2;
    private const int Assignments = 3;
    private const int Errors = 4;
    private const int AddressLists = 5;

    public string Name => "wire";

    public bool CanSerialize(Type type) =>
        type == typeof(Key[]) || type == typeof(SubmittedTask[]) || type == typeof(TaskAssignment[]) || type == typeof(TaskError[]) || type == typeof(string[][]);

    public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        var frames = new List<ReadOnlyMemory<byte>>();
        switch (value)
        {
            case Key[] keys:
                writer.Write(Keys);
                WriteKeys(ref writer, keys);
                break;
            case SubmittedTask[] tasks:
            {
                writer.Write(Submitted);
                SerializedTask[] nodes = [.. tasks.Select(t => Serialized(t.Node))];
                Dictionary<byte[], int> table = WriteFunctionTable(ref writer, nodes);
                writer.WriteArrayHeader(tasks.Length);
                for (int i = 0; i < tasks.Length; i++)
                {
                    SubmittedTask t = tasks[i];
                    WriteKey(ref writer, t.Key);
                    WriteNode(ref writer, nodes[i], table, frames);
                    WriteKeys(ref writer, t.Dependencies);
                    writer.Write(t.Order);
                    writer.Write(t.Retries);
                }

                break;
            }

            case TaskAssignment[] tasks:
            {
                writer.Write(Assignments);
                SerializedTask[] nodes = [.. tasks.Select(t => Serialized(t.Node))];
                Dictionary<byte[], int> table = WriteFunctionTable(ref writer, nodes);
                writer.WriteArrayHeader(tasks.Length);
                for (int i = 0; i < tasks.Length; i++)
                {
                    TaskAssignment t = tasks[i];
                    WriteKey(ref writer, t.Key);
                    writer.Write(t.Generation);
                    writer.Write(t.Order);
                    WriteNode(ref writer, nodes[i], table, frames);
                    WriteKeys(ref writer, t.Dependencies);
                    WriteAddressLists(ref writer, t.Holders);
                }

                break;
            }

            case TaskError[] errors:
                // The exception object itself stays behind: only its text crosses processes.
                writer.Write(Errors);
                writer.WriteArrayHeader(errors.Length);
                foreach (TaskError e in errors)
                {
                    writer.Write(e.TypeName);
                    writer.Write(e.Message);
                    writer.Write(e.Traceback);
                }

                break;
            case string[][] lists:
                writer.Write(AddressLists);
                WriteAddressLists(ref writer, lists);
                break;
            default:
                throw new NotSupportedException($"The wire serializer does not handle {value.GetType().FullName}.");
        }

        writer.Flush();
        return (buffer.WrittenSpan.ToArray(), [.. frames]);
    }

    public object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        var reader = new MessagePackReader(header);
        int next = 0;
        switch (reader.ReadInt32())
        {
            case Keys:
                return ReadKeys(ref reader);
            case Submitted:
            {
                byte[][] table = ReadFunctionTable(ref reader);
                var tasks = new SubmittedTask[reader.ReadArrayHeader()];
                for (int i = 0; i < tasks.Length; i++)
                {
                    Key key = ReadKey(ref reader);
                    SerializedTask node = ReadNode(ref reader, table, frames, ref next);
                    tasks[i] = new SubmittedTask(key, node, ReadKeys(ref reader), reader.ReadInt32(), reader.ReadInt32());
                }

                return tasks;
            }

            case Assignments:
            {
                byte[][] table = ReadFunctionTable(ref reader);
                var tasks = new TaskAssignment[reader.ReadArrayHeader()];
                for (int i = 0; i < tasks.Length; i++)
                {
                    Key key = ReadKey(ref reader);
                    long generation = reader.ReadInt64();
                    int order = reader.ReadInt32();
                    SerializedTask node = ReadNode(ref reader, table, frames, ref next);
                    Key[] deps = ReadKeys(ref reader);
                    tasks[i] = new TaskAssignment(key, generation, order, node, deps, ReadAddressLists(ref reader));
                }

                return tasks;
            }

            case Errors:
            {
                var errors = new TaskError[reader.ReadArrayHeader()];
                for (int i = 0; i < errors.Length; i++)
                {
                    errors[i] = new TaskError(ReadText(ref reader), ReadText(ref reader), ReadText(ref reader));
                }

                return errors;
            }

            case AddressLists:
                return ReadAddressLists(ref reader);

            case var other:
                throw new InvalidDataException($"Unknown wire record kind {other}.");
        }
    }

    /// <summary>A key: its name alone, or [name, index...] when it has a block index.</summary>
    internal static void WriteKey(ref MessagePackWriter writer, Key key)
    {
        if (!key.HasIndex)
        {
            writer.Write(key.Name);
            return;
        }

        writer.WriteArrayHeader(2);
        writer.Write(key.Name);
        IntArrayCodec.Write(ref writer, key.Index);
    }

    internal static Key ReadKey(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType == MessagePackType.String)
        {
            return new Key(reader.ReadString()!);
        }

        if (reader.ReadArrayHeader() != 2)
        {
            throw new InvalidDataException("A key is a name or [name, index].");
        }

        string name = reader.ReadString() ?? throw new InvalidDataException("A key's name is nil.");
        return new Key(name, IntArrayCodec.Read(ref reader));
    }

    private static SerializedTask Serialized(object node) => node switch
    {
        SerializedTask s => s,
        GraphNode g => TaskSerializer.Serialize(g),
        _ => throw new NotSupportedException($"A task node must be a GraphNode, not {node.GetType().FullName}."),
    };

    /// <summary>Each distinct function of the nodes once (the same encoded reference is one array, shared by all its tasks).</summary>
    private static Dictionary<byte[], int> WriteFunctionTable(ref MessagePackWriter writer, SerializedTask[] nodes)
    {
        var table = new Dictionary<byte[], int>(ReferenceEqualityComparer.Instance);
        foreach (SerializedTask node in nodes)
        {
            foreach (byte[] f in node.Functions)
            {
                table.TryAdd(f, table.Count);
            }
        }

        writer.WriteArrayHeader(table.Count);
        foreach (byte[] f in table.Keys)
        {
            writer.Write(f);
        }

        return table;
    }

    private static byte[][] ReadFunctionTable(ref MessagePackReader reader)
    {
        var table = new byte[reader.ReadArrayHeader()][];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = reader.ReadBytes() is { } bytes ? System.Buffers.BuffersExtensions.ToArray(bytes) : throw new InvalidDataException("A function reference is nil.");
        }

        return table;
    }

    /// <summary>A node: [header, frame count, function slots]; its frames join the message's.</summary>
    private static void WriteNode(ref MessagePackWriter writer, SerializedTask node, Dictionary<byte[], int> table, List<ReadOnlyMemory<byte>> frames)
    {
        writer.WriteArrayHeader(3);
        writer.Write(node.Header);
        writer.Write(node.Frames.Length);
        frames.AddRange(node.Frames);
        writer.WriteArrayHeader(node.Functions.Length);
        foreach (byte[] f in node.Functions)
        {
            writer.Write(table[f]);
        }
    }

    private static SerializedTask ReadNode(ref MessagePackReader reader, byte[][] table, IReadOnlyList<ReadOnlyMemory<byte>> frames, ref int next)
    {
        if (reader.ReadArrayHeader() != 3)
        {
            throw new InvalidDataException("A task node is [header, frame count, functions].");
        }

        byte[] header = reader.ReadBytes() is { } h ? System.Buffers.BuffersExtensions.ToArray(h) : throw new InvalidDataException("A task node without a header.");
        int count = reader.ReadInt32();
        if (count < 0 || next + count > frames.Count)
        {
            throw new InvalidDataException($"A task node claims {count} frames; {frames.Count - next} are left.");
        }

        ReadOnlyMemory<byte>[] own = [.. frames.Skip(next).Take(count)];
        next += count;
        var functions = new byte[reader.ReadArrayHeader()][];
        for (int i = 0; i < functions.Length; i++)
        {
            int slot = reader.ReadInt32();
            functions[i] = slot >= 0 && slot < table.Length ? table[slot] : throw new InvalidDataException($"A task node refers to function {slot} of {table.Length}.");
        }

        return new SerializedTask(header, own, functions);
    }

    private static void WriteAddressLists(ref MessagePackWriter writer, string[][] lists)
    {
        writer.WriteArrayHeader(lists.Length);
        foreach (string[] list in lists)
        {
            writer.WriteArrayHeader(list.Length);
            foreach (string s in list)
            {
                writer.Write(s);
            }
        }
    }

    private static string[][] ReadAddressLists(ref MessagePackReader reader)
    {
        var lists = new string[reader.ReadArrayHeader()][];
        for (int i = 0; i < lists.Length; i++)
        {
            lists[i] = new string[reader.ReadArrayHeader()];
            for (int j = 0; j < lists[i].Length; j++)
            {
                lists[i][j] = ReadText(ref reader);
            }
        }

        return lists;
    }

    private static string ReadText(ref MessagePackReader reader) => reader.ReadString() ?? throw new InvalidDataException("A text field is nil.");

    private static void WriteKeys(ref MessagePackWriter writer, Key[] keys)
    {
        writer.WriteArrayHeader(keys.Length);
        foreach (Key k in keys)
        {
            WriteKey(ref writer, k);
        }
    }

    private static Key[] ReadKeys(ref MessagePackReader reader)
    {
        var keys = new Key[reader.ReadArrayHeader()];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = ReadKey(ref reader);
        }

        return keys;
    }
}

/// <summary>
/// Graph nodes on the wire: a <see cref="GraphNode"/> is written with <see cref="TaskSerializer"/>,
/// a <see cref="SerializedTask"/> as the bytes it already is; reading always gives a
/// <see cref="SerializedTask"/>, so the scheduler forwards tasks without loading user code.
/// </summary>
internal sealed class TaskNodeSerializer : ITypeSerializer
{
    public string Name => "task";

    public bool CanSerialize(Type type) => type.IsAssignableTo(typeof(GraphNode)) || type == typeof(SerializedTask);

    public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value)
    {
        SerializedTask task = value switch
        {
            SerializedTask s => s,
            GraphNode node => TaskSerializer.Serialize(node),
            _ => throw new NotSupportedException($"The task serializer does not handle {value.GetType().FullName}."),
        };
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(task.Header);
        writer.WriteArrayHeader(task.Functions.Length);
        foreach (byte[] f in task.Functions)
        {
            writer.Write(f);
        }

        writer.Flush();
        return (buffer.WrittenSpan.ToArray(), task.Frames);
    }

    public object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        var reader = new MessagePackReader(header);
        if (reader.ReadArrayHeader() != 2)
        {
            throw new InvalidDataException("A task value is [node, functions].");
        }

        byte[] node = reader.ReadBytes() is { } n ? BuffersExtensions.ToArray(n) : throw new InvalidDataException("A task value without a node.");
        var functions = new byte[reader.ReadArrayHeader()][];
        for (int i = 0; i < functions.Length; i++)
        {
            functions[i] = reader.ReadBytes() is { } f ? BuffersExtensions.ToArray(f) : throw new InvalidDataException("A function reference is nil.");
        }

        return new SerializedTask(node, [.. frames], functions);
    }
}
