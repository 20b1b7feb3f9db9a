using System.Buffers;
using System.Runtime.Loader;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using MessagePack;

namespace DaskSharp.Arrays.Fusion;

/// <summary>
/// Fused tile expressions as data, so array tasks can run on worker processes: a kernel is
/// [kind, element type, name, parameter types, (reduction: op, axes parameter, mean), expression];
/// a node is [kind, its integer fields] followed by its children.
/// </summary>
internal static class TileCodec
{
    public const int Parameter = 1;
    public const int Binary = 2;
    public const int Scalar = 3;
    public const int Unary = 4;
    public const int Transpose = 5;
    public const int Random = 6;
    public const int Full = 7;

    private const int MapKernel = 1;
    private const int ReduceKernel = 2;

    public static void WriteNode(ref MessagePackWriter writer, int kind, int[] fields, int children = 0)
    {
        writer.WriteArrayHeader(2 + fields.Length);
        writer.Write(kind);
        writer.Write(children);
        foreach (int f in fields)
        {
            writer.Write(f);
        }
    }

    public static byte[] WriteKernel<T>(string name, IReadOnlyList<Type> parameterTypes, TileNode<T> root, (ReduceOp Op, int Axes, bool Mean)? reduction)
        where T : unmanaged
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.Write(reduction is null ? MapKernel : ReduceKernel);
        writer.Write(typeof(T).AssemblyQualifiedName);
        writer.Write(name);
        writer.WriteArrayHeader(parameterTypes.Count);
        foreach (Type t in parameterTypes)
        {
            writer.Write(t.AssemblyQualifiedName);
        }

        if (reduction is { } r)
        {
            writer.Write((int)r.Op);
            writer.Write(r.Axes);
            writer.Write(r.Mean);
        }

        root.Write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Rebuilds a <see cref="TileKernel{T}"/> or <see cref="TileReduceKernel{T}"/> (the <see cref="IPortableFunction"/> format).</summary>
    public static TaskFunction FromPortableBytes(byte[] payload, AssemblyLoadContext context)
    {
        var reader = new MessagePackReader(payload);
        reader.ReadInt32();
        Type element = FunctionReference.ResolveType(reader.ReadString() ?? throw new InvalidDataException("A tile kernel without its element type."), context);
        return ElementTypeMethod.For<Func<byte[], AssemblyLoadContext, TaskFunction>>(typeof(TileCodec), nameof(ReadKernel), element)(payload, context);
    }

    private static TaskFunction ReadKernel<T>(byte[] payload, AssemblyLoadContext context)
        where T : unmanaged
    {
        var reader = new MessagePackReader(payload);
        int kind = reader.ReadInt32();
        reader.Skip();
        string name = reader.ReadString() ?? throw new InvalidDataException("A tile kernel without a name.");
        var types = new Type[reader.ReadArrayHeader()];
        for (int i = 0; i < types.Length; i++)
        {
            types[i] = FunctionReference.ResolveType(reader.ReadString()!, context);
        }

        if (kind == ReduceKernel)
        {
            var op = (ReduceOp)reader.ReadInt32();
            int axes = reader.ReadInt32();
            bool mean = reader.ReadBoolean();
            return new TileReduceKernel<T>(name, types, op, axes, mean, ReadNode<T>(ref reader));
        }

        return kind == MapKernel ? new TileKernel<T>(name, types, ReadNode<T>(ref reader)) : throw new InvalidDataException($"Unknown tile kernel kind {kind}.");
    }

    private static TileNode<T> ReadNode<T>(ref MessagePackReader reader)
        where T : unmanaged
    {
        int count = reader.ReadArrayHeader();
        int kind = reader.ReadInt32();
        int children = reader.ReadInt32();
        var f = new int[count - 2];
        for (int i = 0; i < f.Length; i++)
        {
            f[i] = reader.ReadInt32();
        }

        var c = new TileNode<T>[children];
        for (int i = 0; i < children; i++)
        {
            c[i] = ReadNode<T>(ref reader);
        }

        return (kind, f.Length, c.Length) switch
        {
            (Parameter, 1, 0) => new ParameterNode<T>(f[0]),
            (Binary, 1, 2) => new BinaryNode<T>(f[0], c[0], c[1]),
            (Scalar, 3, 1) => new ScalarNode<T>(f[0], f[1], f[2] != 0, c[0]),
            (Unary, 1, 1) => new UnaryNode<T>(f[0], c[0]),
            (Transpose, 1, 1) => new TransposeNode<T>(f[0], c[0]),
            (Random, 5, 0) when typeof(T) == typeof(double) => (TileNode<T>)(object)new RandomNode(f[0], f[1], f[2], f[3], f[4]),
            (Full, 3, 0) => new FullNode<T>(f[0], f[1], f[2]),
            _ => throw new InvalidDataException($"Unknown tile node kind {kind} with {f.Length} fields and {c.Length} children."),
        };
    }
}
