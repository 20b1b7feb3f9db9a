using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using DaskSharp.Graphs;
using MessagePack;

namespace DaskSharp.Serialization;

/// <summary>
/// A task function that is not a delegate but a structure built from others (the optimiser's
/// compositions, the array layer's fused tile expressions): it ships as its own description.
/// </summary>
public interface IPortableFunction
{
    /// <summary>
    /// The type whose <c>public static TaskFunction FromPortableBytes(byte[] payload, AssemblyLoadContext context)</c>
    /// rebuilds the function from <see cref="ToPortableBytes"/>.
    /// </summary>
    Type PortableFormat { get; }

    /// <summary>The function's description (inner functions encoded with <see cref="FunctionCodec"/>).</summary>
    byte[] ToPortableBytes();
}

/// <summary>
/// Any task function as bytes for another process: a delegate as its <see cref="FunctionReference"/>,
/// a composed function (<see cref="IPortableFunction"/>) as its format's name and description.
/// </summary>
public static class FunctionCodec
{
    private const int DelegateKind = 1;
    private const int PortableKind = 2;

    private static readonly ConcurrentDictionary<Type, Func<byte[], AssemblyLoadContext, TaskFunction>> s_readers = new();

    /// <summary>The function as bytes.</summary>
    /// <exception cref="NotSupportedException">for a function that is neither a delegate nor portable.</exception>
    public static byte[] Encode(TaskFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        if (function.Delegate is { } d)
        {
            writer.WriteArrayHeader(3);
            writer.Write(DelegateKind);
            writer.Write(FunctionReference.FromDelegate(d).ToBytes());
            writer.Write(!function.RetainsArguments);
        }
        else if (function is IPortableFunction portable)
        {
            writer.WriteArrayHeader(3);
            writer.Write(PortableKind);
            writer.Write(portable.PortableFormat.AssemblyQualifiedName);
            writer.Write(portable.ToPortableBytes());
        }
        else
        {
            throw new NotSupportedException($"Function {function.Name} ({function.GetType().Name}) is neither a delegate nor portable, so it cannot be sent to other processes.");
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The delegates a function runs: itself, or those of the functions an optimiser composition
    /// nests (their assemblies are what another process needs).
    /// </summary>
    public static IEnumerable<Delegate> Delegates(TaskFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return function switch
        {
            { Delegate: { } d } => [d],
            Optimization.ComposedFunction composed => composed.Parts().SelectMany(Delegates),
            _ => [],
        };
    }

    /// <summary>The function back; delegates and format types resolve in <paramref name="context"/>.</summary>
    /// <exception cref="InvalidDataException">for bytes that are not an encoded function.</exception>
    public static TaskFunction Decode(byte[] bytes, AssemblyLoadContext context)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(context);
        var reader = new MessagePackReader(bytes);
        if (reader.ReadArrayHeader() != 3)
        {
            throw new InvalidDataException("An encoded function is [kind, ..., ...].");
        }

        switch (reader.ReadInt32())
        {
            case DelegateKind:
                byte[] reference = reader.ReadBytes()?.ToArray() ?? throw new InvalidDataException("A delegate without its reference.");
                TaskFunction function = FunctionReference.FromBytes(reference).ToTaskFunction(context);
                return reader.ReadBoolean() ? function.AsKernel() : function;
            case PortableKind:
                string format = reader.ReadString() ?? throw new InvalidDataException("A portable function without its format.");
                byte[] payload = reader.ReadBytes()?.ToArray() ?? throw new InvalidDataException("A portable function without its description.");
                return s_readers.GetOrAdd(FunctionReference.ResolveType(format, context), FindReader)(payload, context);
            case var other:
                throw new InvalidDataException($"Unknown function kind {other}.");
        }
    }

    private static Func<byte[], AssemblyLoadContext, TaskFunction> FindReader(Type format)
    {
        MethodInfo method = format.GetMethod("FromPortableBytes", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(byte[]), typeof(AssemblyLoadContext)])
            ?? throw new InvalidDataException($"{format.FullName} has no static FromPortableBytes(byte[], AssemblyLoadContext), so it is not a function format.");
        return method.CreateDelegate<Func<byte[], AssemblyLoadContext, TaskFunction>>();
    }
}
