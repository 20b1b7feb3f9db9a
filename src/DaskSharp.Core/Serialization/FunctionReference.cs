using System.Buffers;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using DaskSharp.Graphs;
using MessagePack;

namespace DaskSharp.Serialization;

/// <summary>
/// A delegate turned into bytes that another process can turn back into a callable: the method's
/// assembly identity (name and MVID), declaring type and metadata token, generic arguments, the
/// delegate type, and the target object (a closure) serialised field by field. The assembly's own
/// bytes travel separately (once per worker, see <see cref="CodeLoadContext"/>).
/// </summary>
/// <remarks>
/// Captured fields that are delegates or compiler-generated closures are written recursively;
/// other values go through MessagePack's typeless format. Metadata tokens are only valid for the
/// exact build, which the MVID check enforces. Only accept these bytes from authenticated peers:
/// they name types to create.
/// </remarks>
/// <example><code>
/// int offset = 7;
/// Func&lt;int, int&gt; f = x => x + offset;
/// byte[] bytes = FunctionReference.FromDelegate(f).ToBytes();
/// var g = (Func&lt;int, int&gt;)FunctionReference.FromBytes(bytes).ToDelegate(context);
/// g(1); // 8
/// </code></example>
public sealed class FunctionReference
{
    private const int FormatVersion = 1;
    private const BindingFlags AllInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private const BindingFlags AllMembers = AllInstance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly MessagePackSerializerOptions s_typeless =
        MessagePack.Resolvers.TypelessContractlessStandardResolver.Options.WithSecurity(MessagePackSecurity.UntrustedData);

    private FunctionReference(string assemblyName, Guid mvid, int metadataToken, string declaringType, string methodName, string delegateType, string[] methodTypeArguments, TargetState target)
    {
        AssemblyName = assemblyName;
        ModuleVersionId = mvid;
        MetadataToken = metadataToken;
        DeclaringType = declaringType;
        MethodName = methodName;
        DelegateType = delegateType;
        MethodTypeArguments = methodTypeArguments;
        Target = target;
    }

    /// <summary>The full name of the assembly that defines the method.</summary>
    public string AssemblyName { get; }

    /// <summary>That assembly's module version id: the build the metadata token belongs to.</summary>
    public Guid ModuleVersionId { get; }

    /// <summary>The method's metadata token.</summary>
    public int MetadataToken { get; }

    /// <summary>The assembly-qualified name of the method's declaring type.</summary>
    public string DeclaringType { get; }

    /// <summary>The method's name (checked against the token on resolution).</summary>
    public string MethodName { get; }

    /// <summary>The assembly-qualified name of the delegate type.</summary>
    public string DelegateType { get; }

    /// <summary>Assembly-qualified names of the method's own generic arguments.</summary>
    public IReadOnlyList<string> MethodTypeArguments { get; }

    internal TargetState Target { get; }

    /// <summary>Describes <paramref name="function"/>, including the state its closure captured.</summary>
    /// <exception cref="ArgumentException">for multicast delegates or dynamic methods.</exception>
    public static FunctionReference FromDelegate(Delegate function) =>
        FromDelegate(function, new Dictionary<object, int>(ReferenceEqualityComparer.Instance));

    internal static FunctionReference FromDelegate(Delegate function, Dictionary<object, int> written)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (function.GetInvocationList().Length != 1)
        {
            throw new ArgumentException("Only single-method delegates can be shipped, not multicast delegates.", nameof(function));
        }

        MethodInfo method = function.Method;
        Type declaring = method.DeclaringType
            ?? throw new ArgumentException($"Method {method.Name} has no declaring type (a dynamic method?) and cannot be shipped.", nameof(function));
        Assembly assembly = declaring.Assembly;
        return new FunctionReference(
            assembly.FullName!,
            method.Module.ModuleVersionId,
            method.MetadataToken,
            declaring.AssemblyQualifiedName!,
            method.Name,
            function.GetType().AssemblyQualifiedName!,
            method.IsGenericMethod ? [.. method.GetGenericArguments().Select(t => t.AssemblyQualifiedName!)] : [],
            TargetState.Capture(function.Target, written, function.Target is { } target && ClosureFields.UsedBy(method) is { } used ? ClosureFields.Reachable(target, used) : null));
    }

    /// <summary>Describes a task function (which must wrap a delegate).</summary>
    public static FunctionReference FromTaskFunction(TaskFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return FromDelegate(function.Delegate
            ?? throw new ArgumentException($"Function {function.Name} was composed by the optimiser; ship its parts instead.", nameof(function)));
    }

    /// <summary>
    /// The assemblies, other than the framework's, that a process needs to load the function's types
    /// and its captured state's: those they come from and those of their base types, interfaces,
    /// enclosing types and fields.
    /// </summary>
    public static IReadOnlyList<Assembly> UserAssemblies(Delegate function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var found = new HashSet<Assembly>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object>();
        pending.Push(function);
        while (pending.Count > 0)
        {
            object o = pending.Pop();
            if (!seen.Add(o))
            {
                continue;
            }

            AddType(o.GetType());
            if (o is Delegate d)
            {
                AddType(d.Method.DeclaringType!);
                if (d.Target is { } target)
                {
                    pending.Push(target);
                }
            }
            else if (TargetState.IsShippedFieldByField(o.GetType()))
            {
                // Closures travel field by field: what they captured travels too.
                foreach (FieldInfo f in o.GetType().GetFields(AllInstance))
                {
                    if (f.GetValue(o) is { } value)
                    {
                        pending.Push(value);
                    }
                }
            }
        }

        return [.. found];

        void AddType(Type t) => found.UnionWith(TypeDependencies.Of(t));
    }

    /// <summary>The reference as bytes (MessagePack).</summary>
    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(FormatVersion);
        Write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a reference written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="FormatException">for bytes that are not a function reference.</exception>
    public static FunctionReference FromBytes(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            var reader = new MessagePackReader(bytes);
            if (reader.ReadArrayHeader() != 2 || reader.ReadInt32() != FormatVersion)
            {
                throw new FormatException("Not a DaskSharp function reference (wrong header or format version).");
            }

            return Read(ref reader);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or InvalidOperationException or OverflowException)
        {
            throw new FormatException($"Not a DaskSharp function reference: {e.Message}", e);
        }
    }

    /// <summary>
    /// The callable, with types resolved in <paramref name="context"/> (default: the default context).
    /// The defining assembly must already be loaded there with the same MVID.
    /// </summary>
    /// <exception cref="InvalidOperationException">when the assembly or method cannot be found.</exception>
    public Delegate ToDelegate(AssemblyLoadContext? context = null) => ToDelegate(context ?? AssemblyLoadContext.Default, []);

    internal Delegate ToDelegate(AssemblyLoadContext context, List<object> restored)
    {
        using AssemblyLoadContext.ContextualReflectionScope scope = context.EnterContextualReflection();
        Assembly assembly = FindAssembly(context);
        Type declaring = ResolveType(DeclaringType, context);
        if (declaring.Assembly != assembly && !declaring.IsGenericType)
        {
            throw new InvalidOperationException($"Type {DeclaringType} resolved to {declaring.Assembly.FullName}, not {AssemblyName}.");
        }

        MethodInfo method = declaring.GetMethods(AllMembers).FirstOrDefault(m => m.MetadataToken == MetadataToken && m.Module.ModuleVersionId == ModuleVersionId)
            ?? throw new InvalidOperationException($"Method {MethodName} (token 0x{MetadataToken:x8}) is not in {declaring} of {AssemblyName}.");
        if (method.Name != MethodName)
        {
            throw new InvalidOperationException($"Token 0x{MetadataToken:x8} is {method.Name}, not {MethodName}: the assembly is a different build.");
        }

        if (MethodTypeArguments.Count > 0)
        {
            method = method.MakeGenericMethod([.. MethodTypeArguments.Select(t => ResolveType(t, context))]);
        }

        Type delegateType = ResolveType(DelegateType, context);
        object? target = Target.Restore(context, restored);
        return method.IsStatic
            ? Delegate.CreateDelegate(delegateType, method)
            : Delegate.CreateDelegate(delegateType, target, method);
    }

    /// <summary>The callable as a task function, ready to run in a graph.</summary>
    public TaskFunction ToTaskFunction(AssemblyLoadContext? context = null) => TaskFunction.From(ToDelegate(context));

    internal void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(8);
        writer.Write(AssemblyName);
        writer.Write(ModuleVersionId.ToString("N"));
        writer.Write(MetadataToken);
        writer.Write(DeclaringType);
        writer.Write(MethodName);
        writer.Write(DelegateType);
        writer.WriteArrayHeader(MethodTypeArguments.Count);
        foreach (string t in MethodTypeArguments)
        {
            writer.Write(t);
        }

        Target.Write(ref writer);
    }

    internal static FunctionReference Read(ref MessagePackReader reader)
    {
        if (reader.ReadArrayHeader() != 8)
        {
            throw new FormatException("A function reference has 8 fields.");
        }

        string assembly = ReadString(ref reader);
        Guid mvid = Guid.ParseExact(ReadString(ref reader), "N");
        int token = reader.ReadInt32();
        string declaring = ReadString(ref reader);
        string method = ReadString(ref reader);
        string delegateType = ReadString(ref reader);
        var typeArgs = new string[reader.ReadArrayHeader()];
        for (int i = 0; i < typeArgs.Length; i++)
        {
            typeArgs[i] = ReadString(ref reader);
        }

        TargetState target = TargetState.Read(ref reader);
        return new FunctionReference(assembly, mvid, token, declaring, method, delegateType, typeArgs, target);
    }

    internal static string ReadString(ref MessagePackReader reader) =>
        reader.ReadString() ?? throw new FormatException("Unexpected nil where a string was expected.");

    /// <summary>Resolves a type by assembly-qualified name, loading unknown assemblies through <paramref name="context"/>.</summary>
    /// <exception cref="InvalidOperationException">when the type cannot be found there (naming the missing assembly and what needed it, when that is the cause).</exception>
    public static Type ResolveType(string assemblyQualifiedName, AssemblyLoadContext context)
    {
        // Contextual reflection makes Type.GetType load unknown assemblies through the context.
        using AssemblyLoadContext.ContextualReflectionScope scope = context.EnterContextualReflection();
        return Type.GetType(assemblyQualifiedName, throwOnError: false)
            ?? throw TypeLoadFailure.Explain(assemblyQualifiedName, context);
    }

    internal static byte[] SerializeValue(object value) => MessagePackSerializer.Typeless.Serialize(value, s_typeless);

    internal static object? DeserializeValue(byte[] bytes) => MessagePackSerializer.Typeless.Deserialize(bytes, s_typeless);

    private Assembly FindAssembly(AssemblyLoadContext context)
    {
        IEnumerable<Assembly> candidates = context is CodeLoadContext code && code.FindAssembly(ModuleVersionId) is { } shipped
            ? [shipped]
            : context.Assemblies.Concat(AssemblyLoadContext.Default.Assemblies);
        foreach (Assembly a in candidates)
        {
            if (a.ManifestModule.ModuleVersionId == ModuleVersionId)
            {
                return a;
            }
        }

        string simpleName = new AssemblyName(AssemblyName).Name!;
        Assembly? sameName = context.Assemblies.Concat(AssemblyLoadContext.Default.Assemblies).FirstOrDefault(a => a.GetName().Name == simpleName);
        throw new InvalidOperationException(sameName is null
            ? $"Assembly {AssemblyName} (MVID {ModuleVersionId}) is not loaded in '{context.Name}'; ship its bytes first."
            : $"Assembly {simpleName} in '{context.Name}' is a different build (MVID {sameName.ManifestModule.ModuleVersionId}, wanted {ModuleVersionId}); ship the caller's build.");
    }
}
