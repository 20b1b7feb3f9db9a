using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using MessagePack;

namespace DaskSharp.Serialization;

/// <summary>
/// A delegate's target, field by field: nothing (static method), the compiler's singleton for
/// non-capturing lambdas, or an object whose fields are written one by one (nested closures and
/// delegates recursively; values of registered types through the value registry, as task arguments
/// travel; other values through MessagePack's typeless format).
/// </summary>
internal sealed class TargetState
{
    private const BindingFlags AllInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private TargetState(Kind kind, string? type, (string Name, FieldValue Value)[] fields, int referenceId = -1)
    {
        TargetKind = kind;
        TypeName = type;
        Fields = fields;
        ReferenceId = referenceId;
    }

    private enum Kind
    {
        None = 0,
        Singleton = 1,
        Object = 2,

        /// <summary>An object already written earlier in the same reference (closures that capture
        /// a delegate whose target is the closure itself form such cycles).</summary>
        BackReference = 3,
    }

    /// <summary>For a back-reference, the number of the object it points to (objects are numbered in the order written).</summary>
    private int ReferenceId { get; }

    private Kind TargetKind { get; }

    private string? TypeName { get; }

    private (string Name, FieldValue Value)[] Fields { get; }

    /// <summary>The target, with only the <paramref name="used"/> closure fields (all when null; see <see cref="ClosureFields"/>).</summary>
    public static TargetState Capture(object? target, Dictionary<object, int> written, IReadOnlySet<FieldInfo>? used = null)
    {
        if (target is null)
        {
            return new TargetState(Kind.None, null, []);
        }

        if (written.TryGetValue(target, out int id))
        {
            return new TargetState(Kind.BackReference, null, [], id);
        }

        Type type = target.GetType();

        // Non-capturing lambdas live on the compiler's "<>c" class and use its "<>9" singleton.
        if (type.Name == "<>c" && type.GetField("<>9", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(null) == target)
        {
            return new TargetState(Kind.Singleton, type.AssemblyQualifiedName, []);
        }

        written[target] = written.Count;
        FieldInfo[] fields = type.GetFields(AllInstance);
        var values = new (string, FieldValue)[fields.Length];
        for (int i = 0; i < fields.Length; i++)
        {
            if (used is not null && !used.Contains(fields[i]))
            {
                values[i] = (fields[i].Name, FieldValue.Unused);
                continue;
            }

            object? value = fields[i].GetValue(target);
            try
            {
                values[i] = (fields[i].Name, FieldValue.Capture(value, written, used));
            }
            catch (MessagePackSerializationException e)
            {
                throw new NotSupportedException(
                    $"The function captures '{fields[i].Name}', a {value!.GetType().FullName}, which cannot be sent between processes: {e.InnerException?.Message ?? e.Message}. Pass it as an argument of a registered type, or register an ITypeSerializer for it.",
                    e);
            }
        }

        return new TargetState(Kind.Object, type.AssemblyQualifiedName, values);
    }

    /// <summary>True for compiler-generated closure classes, which travel field by field.</summary>
    public static bool IsShippedFieldByField(Type type) =>
        type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) && type.IsClass;

    public object? Restore(AssemblyLoadContext context, List<object> restored)
    {
        switch (TargetKind)
        {
            case Kind.None:
                return null;
            case Kind.BackReference:
                return ReferenceId < restored.Count
                    ? restored[ReferenceId]
                    : throw new FormatException($"Back-reference to object {ReferenceId}, but only {restored.Count} were read.");
            case Kind.Singleton:
            {
                Type type = FunctionReference.ResolveType(TypeName!, context);
                return type.GetField("<>9", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!.GetValue(null);
            }

            default:
            {
                Type type = FunctionReference.ResolveType(TypeName!, context);
                object target = RuntimeHelpers.GetUninitializedObject(type);
                restored.Add(target); // before its fields, so cycles back to it resolve
                foreach (var (name, value) in Fields)
                {
                    FieldInfo field = type.GetField(name, AllInstance)
                        ?? throw new InvalidOperationException($"Captured field {name} is not on {type} in load context '{context.Name}'.");
                    field.SetValue(target, value.Restore(context, restored));
                }

                return target;
            }
        }
    }

    public void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(4);
        writer.Write((int)TargetKind);
        writer.Write(ReferenceId);
        if (TypeName is null)
        {
            writer.WriteNil();
        }
        else
        {
            writer.Write(TypeName);
        }

        writer.WriteArrayHeader(Fields.Length);
        foreach (var (name, value) in Fields)
        {
            writer.WriteArrayHeader(2);
            writer.Write(name);
            value.Write(ref writer);
        }
    }

    public static TargetState Read(ref MessagePackReader reader)
    {
        if (reader.ReadArrayHeader() != 4)
        {
            throw new FormatException("A delegate target has 4 fields.");
        }

        var kind = (Kind)reader.ReadInt32();
        if (kind is not (Kind.None or Kind.Singleton or Kind.Object or Kind.BackReference))
        {
            throw new FormatException($"Unknown delegate target kind {(int)kind}.");
        }

        int referenceId = reader.ReadInt32();
        string? type = reader.TryReadNil() ? null : FunctionReference.ReadString(ref reader);
        var fields = new (string, FieldValue)[reader.ReadArrayHeader()];
        for (int i = 0; i < fields.Length; i++)
        {
            if (reader.ReadArrayHeader() != 2)
            {
                throw new FormatException("A captured field has a name and a value.");
            }

            fields[i] = (FunctionReference.ReadString(ref reader), FieldValue.Read(ref reader));
        }

        if (kind is Kind.Singleton or Kind.Object && type is null)
        {
            throw new FormatException("A delegate target without a type name.");
        }

        return new TargetState(kind, type, fields, referenceId);
    }

    /// <summary>One captured field's value.</summary>
    private sealed class FieldValue
    {
        private FieldValue(ValueKind kind, FunctionReference? function, TargetState? closure, byte[]? bytes)
        {
            Kind = kind;
            Function = function;
            Closure = closure;
            Bytes = bytes;
        }

        private enum ValueKind
        {
            Null = 0,
            Delegate = 1,
            Closure = 2,
            Value = 3,

            /// <summary>
            /// A captured delegate that cannot be shipped. C# closures share one object per scope, so a
            /// function often drags along lambdas it never calls; those arrive as null instead of
            /// failing the whole function.
            /// </summary>
            Unavailable = 4,

            /// <summary>A value of a type the registry handles (an array chunk, a tuple of them): its serializer's header and frames.</summary>
            Registered = 5,
        }

        private ValueKind Kind { get; }

        private FunctionReference? Function { get; }

        private TargetState? Closure { get; }

        private byte[]? Bytes { get; }

        /// <summary>A field the shipped function never uses: it arrives as null.</summary>
        public static FieldValue Unused { get; } = new(ValueKind.Unavailable, null, null, null);

        public static FieldValue Capture(object? value, Dictionary<object, int> written, IReadOnlySet<FieldInfo>? used) => value switch
        {
            null => new FieldValue(ValueKind.Null, null, null, null),
            Delegate d => CaptureDelegate(d, written),
            _ when IsShippedFieldByField(value.GetType()) => new FieldValue(ValueKind.Closure, null, TargetState.Capture(value, written, used), null),
            _ when Registered(value) is { } bytes => new FieldValue(ValueKind.Registered, null, null, bytes),
            _ => new FieldValue(ValueKind.Value, null, null, Typeless(value)),
        };

        /// <summary>
        /// The value in MessagePack's typeless format, read back once here: a type it writes but cannot
        /// create again (no usable constructor) would otherwise fail only on the worker, far from the code
        /// that captured it. Functions are encoded once per submission, so the check costs little.
        /// </summary>
        private static byte[] Typeless(object value)
        {
            byte[] bytes = FunctionReference.SerializeValue(value);
            FunctionReference.DeserializeValue(bytes);
            return bytes;
        }

        /// <summary>The value through the registry, as <c>[serializer, header, frames]</c>; null when no codec takes it.</summary>
        private static byte[]? Registered(object value)
        {
            if (value.GetType() == typeof(object) || !ValueSerializer.CanSerialize(value.GetType()))
            {
                return null;
            }

            SerializedValue s;
            try
            {
                s = ValueSerializer.Serialize(value);
            }
            catch (NotSupportedException)
            {
                return null; // e.g. a tuple holding a user's type: the typeless format may still manage
            }

            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            var writer = new MessagePackWriter(buffer);
            writer.WriteArrayHeader(3);
            writer.Write(s.Serializer);
            writer.Write(s.Header);
            writer.WriteArrayHeader(s.Frames.Length);
            foreach (ReadOnlyMemory<byte> frame in s.Frames)
            {
                writer.Write(frame.Span);
            }

            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }

        private static object? FromRegistered(byte[] bytes)
        {
            var reader = new MessagePackReader(bytes);
            if (reader.ReadArrayHeader() != 3)
            {
                throw new FormatException("A registered field value is [serializer, header, frames].");
            }

            string name = reader.ReadString() ?? throw new FormatException("A registered field value without its serializer.");
            byte[] header = reader.ReadBytes() is { } h ? System.Buffers.BuffersExtensions.ToArray(h) : [];
            var frames = new ReadOnlyMemory<byte>[reader.ReadArrayHeader()];
            for (int i = 0; i < frames.Length; i++)
            {
                frames[i] = reader.ReadBytes() is { } f ? System.Buffers.BuffersExtensions.ToArray(f) : throw new FormatException("A registered field value's frame is nil.");
            }

            return ValueSerializer.Deserialize(new SerializedValue(name, header, frames));
        }

        private static FieldValue CaptureDelegate(Delegate d, Dictionary<object, int> written)
        {
            // Capture into a copy of the back-reference table: a failed attempt must not leave ids behind.
            var attempt = new Dictionary<object, int>(written, ReferenceEqualityComparer.Instance);
            try
            {
                FunctionReference reference = FunctionReference.FromDelegate(d, attempt);
                foreach (var (o, id) in attempt)
                {
                    written.TryAdd(o, id);
                }

                return new FieldValue(ValueKind.Delegate, reference, null, null);
            }
            catch (Exception e) when (e is MessagePackSerializationException or NotSupportedException or ArgumentException or InvalidOperationException)
            {
                return new FieldValue(ValueKind.Unavailable, null, null, null);
            }
        }

        public object? Restore(AssemblyLoadContext context, List<object> restored)
        {
            using AssemblyLoadContext.ContextualReflectionScope scope = context.EnterContextualReflection();
            return Kind switch
            {
                ValueKind.Null or ValueKind.Unavailable => null,
                ValueKind.Delegate => Function!.ToDelegate(context, restored),
                ValueKind.Closure => Closure!.Restore(context, restored),
                ValueKind.Registered => FromRegistered(Bytes!),
                _ => FunctionReference.DeserializeValue(Bytes!),
            };
        }

        public void Write(ref MessagePackWriter writer)
        {
            writer.WriteArrayHeader(2);
            writer.Write((int)Kind);
            switch (Kind)
            {
                case ValueKind.Null or ValueKind.Unavailable:
                    writer.WriteNil();
                    break;
                case ValueKind.Delegate:
                    Function!.Write(ref writer);
                    break;
                case ValueKind.Closure:
                    Closure!.Write(ref writer);
                    break;
                default:
                    writer.Write(Bytes);
                    break;
            }
        }

        public static FieldValue Read(ref MessagePackReader reader)
        {
            if (reader.ReadArrayHeader() != 2)
            {
                throw new FormatException("A field value has a kind and a payload.");
            }

            var kind = (ValueKind)reader.ReadInt32();
            switch (kind)
            {
                case ValueKind.Null or ValueKind.Unavailable:
                    reader.ReadNil();
                    return new FieldValue(kind, null, null, null);
                case ValueKind.Delegate:
                    return new FieldValue(kind, FunctionReference.Read(ref reader), null, null);
                case ValueKind.Closure:
                    return new FieldValue(kind, null, TargetState.Read(ref reader), null);
                case ValueKind.Value or ValueKind.Registered:
                    System.Buffers.ReadOnlySequence<byte>? payload = reader.ReadBytes();
                    byte[] bytes = payload is { } p ? System.Buffers.BuffersExtensions.ToArray(p) : throw new FormatException("A field value without bytes.");
                    return new FieldValue(kind, null, null, bytes);
                default:
                    throw new FormatException($"Unknown field value kind {(int)kind}.");
            }
        }
    }
}
