using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using MessagePack;

namespace DaskSharp.Distributed.Serialization;

/// <summary>
/// Graph nodes as bytes, for shipping graphs to the scheduler and tasks to workers: a task is its
/// function reference plus an argument tree whose literals go through <see cref="ValueSerializer"/>
/// (so only registered, safe types travel) and whose references are keys; data nodes are values;
/// fused chains are their steps.
/// </summary>
public static class TaskSerializer
{
    private const int TaskKind = 1;
    private const int DataKind = 2;
    private const int FusedKind = 3;
    private const int CachedFunctions = 4096;

    // A map of a million items uses one function: encode it once, and on the worker resolve it once
    // (reflection over the method's metadata costs tens of microseconds a time).
    private static readonly ConditionalWeakTable<TaskFunction, byte[]> s_encoded = [];
    private static readonly ConditionalWeakTable<AssemblyLoadContext, ConcurrentDictionary<UInt128, TaskFunction>> s_decoded = [];

    /// <summary>The node as a header, the raw frames of its literal values, and its functions' references.</summary>
    /// <exception cref="NotSupportedException">for functions composed in-process (fused kernels) or literals of unregistered types.</exception>
    public static SerializedTask Serialize(GraphNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        var frames = new List<ReadOnlyMemory<byte>>();
        var functions = new List<byte[]>(1);
        WriteNode(ref writer, node, frames, functions);
        writer.Flush();
        return new SerializedTask(buffer.WrittenSpan.ToArray(), [.. frames], [.. functions]);
    }

    /// <summary>Every function a node calls, fused steps included.</summary>
    public static IEnumerable<TaskFunction> Functions(GraphNode node) => node switch
    {
        TaskSpec task => [task.Function],
        FusedTask fused => fused.Steps.SelectMany(Functions),
        _ => [],
    };

    /// <summary>The node back; functions resolve in <paramref name="context"/> (the client's code on a worker).</summary>
    /// <exception cref="InvalidDataException">for bytes that are not a serialised node.</exception>
    public static GraphNode Deserialize(SerializedTask task, AssemblyLoadContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            var reader = new MessagePackReader(task.Header);
            int next = 0;
            return ReadNode(ref reader, task.Frames, ref next, task.Functions, context ?? AssemblyLoadContext.Default);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or FormatException or OverflowException or ArgumentException)
        {
            throw new InvalidDataException($"Not a serialised task: {e.Message}", e);
        }
    }

    private static void WriteNode(ref MessagePackWriter writer, GraphNode node, List<ReadOnlyMemory<byte>> frames, List<byte[]> functions)
    {
        switch (node)
        {
            case TaskSpec task:
                writer.WriteArrayHeader(3);
                writer.Write(TaskKind);
                byte[] reference = s_encoded.GetValue(task.Function, FunctionCodec.Encode);
                int slot = functions.FindIndex(f => ReferenceEquals(f, reference));
                if (slot < 0)
                {
                    slot = functions.Count;
                    functions.Add(reference);
                }

                writer.Write(slot);
                writer.WriteArrayHeader(task.Args.Count);
                foreach (TaskArg arg in task.Args)
                {
                    WriteArg(ref writer, arg, frames);
                }

                break;
            case DataNode data:
                writer.WriteArrayHeader(2);
                writer.Write(DataKind);
                WriteValue(ref writer, data.Value, frames);
                break;
            case FusedTask fused:
                writer.WriteArrayHeader(3);
                writer.Write(FusedKind);
                writer.WriteArrayHeader(fused.Steps.Count);
                for (int i = 0; i < fused.Steps.Count; i++)
                {
                    WriteKey(ref writer, fused.StepKeys[i]);
                    WriteNode(ref writer, fused.Steps[i], frames, functions);
                }

                writer.WriteArrayHeader(fused.Dependencies.Count);
                foreach (Key dep in fused.Dependencies)
                {
                    WriteKey(ref writer, dep);
                }

                break;
            default:
                throw new NotSupportedException($"{node.GetType().Name} nodes cannot be sent to other processes yet.");
        }
    }

    private static GraphNode ReadNode(ref MessagePackReader reader, IReadOnlyList<ReadOnlyMemory<byte>> frames, ref int next, byte[][] functions, AssemblyLoadContext context)
    {
        int count = reader.ReadArrayHeader();
        int kind = reader.ReadInt32();
        switch (kind)
        {
            case TaskKind when count == 3:
                int slot = reader.ReadInt32();
                TaskFunction function = slot >= 0 && slot < functions.Length
                    ? DecodeFunction(functions[slot], context)
                    : throw new InvalidDataException($"A task refers to function {slot}; {functions.Length} came with it.");
                var args = new TaskArg[reader.ReadArrayHeader()];
                for (int i = 0; i < args.Length; i++)
                {
                    args[i] = ReadArg(ref reader, frames, ref next, context);
                }

                return new TaskSpec(function, args);
            case DataKind when count == 2:
                return new DataNode(ReadValue(ref reader, frames, ref next));
            case FusedKind when count == 3:
                int steps = reader.ReadArrayHeader();
                var keys = new Key[steps];
                var nodes = new GraphNode[steps];
                for (int i = 0; i < steps; i++)
                {
                    keys[i] = ReadKey(ref reader);
                    nodes[i] = ReadNode(ref reader, frames, ref next, functions, context);
                }

                var deps = new Key[reader.ReadArrayHeader()];
                for (int i = 0; i < deps.Length; i++)
                {
                    deps[i] = ReadKey(ref reader);
                }

                return new FusedTask(keys, nodes, deps);
            default:
                throw new InvalidDataException($"Unknown node kind {kind} with {count} fields.");
        }
    }

    /// <summary>
    /// The function of a reference, resolved once per load context and reused: tasks with the same
    /// function bytes (same method, same captured values) share one delegate, as they would in process.
    /// </summary>
    private static TaskFunction DecodeFunction(byte[] bytes, AssemblyLoadContext context)
    {
        ConcurrentDictionary<UInt128, TaskFunction> cache = s_decoded.GetValue(context, _ => new());
        UInt128 hash = System.IO.Hashing.XxHash128.HashToUInt128(bytes);
        if (cache.TryGetValue(hash, out TaskFunction? known))
        {
            return known;
        }

        TaskFunction function = FunctionCodec.Decode(bytes, context);
        if (cache.Count >= CachedFunctions)
        {
            cache.Clear();
        }

        cache[hash] = function;
        return function;
    }

    // Arguments: [0, value] literal, [1, key] reference, [2, element type, items] list.
    private static void WriteArg(ref MessagePackWriter writer, TaskArg arg, List<ReadOnlyMemory<byte>> frames)
    {
        switch (arg)
        {
            case LiteralArg literal:
                writer.WriteArrayHeader(2);
                writer.Write(0);
                WriteValue(ref writer, literal.Value, frames);
                break;
            case KeyRefArg reference:
                writer.WriteArrayHeader(2);
                writer.Write(1);
                WriteKey(ref writer, reference.Key);
                break;
            case ListArg list:
                writer.WriteArrayHeader(3);
                writer.Write(2);
                writer.Write(list.ElementType.AssemblyQualifiedName);
                writer.WriteArrayHeader(list.Items.Count);
                foreach (TaskArg item in list.Items)
                {
                    WriteArg(ref writer, item, frames);
                }

                break;
            default:
                throw new NotSupportedException($"{arg.GetType().Name} arguments cannot be sent yet.");
        }
    }

    private static TaskArg ReadArg(ref MessagePackReader reader, IReadOnlyList<ReadOnlyMemory<byte>> frames, ref int next, AssemblyLoadContext context)
    {
        int count = reader.ReadArrayHeader();
        int kind = reader.ReadInt32();
        switch (kind)
        {
            case 0 when count == 2:
                return TaskArg.Literal(ReadValue(ref reader, frames, ref next));
            case 1 when count == 2:
                return TaskArg.Ref(ReadKey(ref reader));
            case 2 when count == 3:
                string typeName = reader.ReadString() ?? throw new InvalidDataException("A list without an element type.");
                Type element = FunctionReference.ResolveType(typeName, context);
                var items = new TaskArg[reader.ReadArrayHeader()];
                for (int i = 0; i < items.Length; i++)
                {
                    items[i] = ReadArg(ref reader, frames, ref next, context);
                }

                return TaskArg.List(element, items);
            default:
                throw new InvalidDataException($"Unknown argument kind {kind}.");
        }
    }

    private static void WriteValue(ref MessagePackWriter writer, object? value, List<ReadOnlyMemory<byte>> frames) =>
        ValueEntry.Write(ref writer, value, frames);

    private static object? ReadValue(ref MessagePackReader reader, IReadOnlyList<ReadOnlyMemory<byte>> frames, ref int next) =>
        ValueEntry.Read(ref reader, frames, ref next);

    private static void WriteKey(ref MessagePackWriter writer, Key key) => WireSerializer.WriteKey(ref writer, key);

    private static Key ReadKey(ref MessagePackReader reader) => WireSerializer.ReadKey(ref reader);
}
