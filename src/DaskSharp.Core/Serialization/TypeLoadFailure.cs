using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Runtime.Loader;

namespace DaskSharp.Serialization;

/// <summary>
/// Says why a type named by a function reference cannot be loaded in a load context: which
/// assembly is missing and what needed it (the type's base type, an interface, an enclosing type
/// or a field), read from the metadata of the type's own assembly, which did load.
/// </summary>
internal static class TypeLoadFailure
{
    /// <summary>The error for <paramref name="assemblyQualifiedName"/>, which <c>Type.GetType</c> did not find in <paramref name="context"/>.</summary>
    public static InvalidOperationException Explain(string assemblyQualifiedName, AssemblyLoadContext context)
    {
        string prefix = $"Type {assemblyQualifiedName} cannot be resolved in load context '{context.Name}'";
        Exception? cause = Cause(assemblyQualifiedName, context);
        if (MissingAssembly(cause) is not { } missing)
        {
            return new InvalidOperationException(cause is null ? prefix + "." : $"{prefix}: {cause.Message}", cause);
        }

        string? neededBy = NeededBy(assemblyQualifiedName, new AssemblyName(missing).Name!, context);
        return new InvalidOperationException(
            $"{prefix}: it needs assembly {missing}, which this process neither was sent nor has on its probe path"
            + (neededBy is null ? "." : $" ({neededBy} comes from it).")
            + " A client sends the files of the assemblies its functions' types need; one it loaded from bytes has no file and must be deployed with the workers.",
            cause);
    }

    private static Exception? Cause(string assemblyQualifiedName, AssemblyLoadContext context)
    {
        using AssemblyLoadContext.ContextualReflectionScope scope = context.EnterContextualReflection();
        try
        {
            _ = Type.GetType(assemblyQualifiedName, throwOnError: true);
            return null;
        }
        catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return e;
        }
    }

    private static string? MissingAssembly(Exception? cause)
    {
        for (Exception? e = cause; e is not null; e = e.InnerException)
        {
            if (e is FileNotFoundException { FileName: { Length: > 0 } name })
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>"Ns.Outer's interface Lib.IShape", found in the metadata of the type (and its enclosing types), or null.</summary>
    private static unsafe string? NeededBy(string assemblyQualifiedName, string missing, AssemblyLoadContext context)
    {
        if (!TypeName.TryParse(assemblyQualifiedName, out TypeName? name) || name.AssemblyName is not { } assemblyName)
        {
            return null;
        }

        if (name.IsConstructedGenericType)
        {
            name = name.GetGenericTypeDefinition();
        }

        Assembly? assembly = context.Assemblies.Concat(AssemblyLoadContext.Default.Assemblies).FirstOrDefault(a => a.GetName().Name == assemblyName.Name);
        if (assembly is null || !assembly.TryGetRawMetadata(out byte* blob, out int length))
        {
            return null;
        }

        var metadata = new MetadataReader(blob, length);
        foreach (TypeDefinitionHandle handle in metadata.TypeDefinitions)
        {
            if (FullName(metadata, handle) == name.FullName)
            {
                return Find(metadata, handle, missing);
            }
        }

        return null;
    }

    private static string? Find(MetadataReader metadata, TypeDefinitionHandle handle, string missing)
    {
        // Enclosing types load first, so a cause there is the one the loader hit.
        for (TypeDefinitionHandle current = handle; !current.IsNil; current = metadata.GetTypeDefinition(current).GetDeclaringType())
        {
            TypeDefinition type = metadata.GetTypeDefinition(current);
            string owner = FullName(metadata, current);
            var candidates = new List<(string Role, EntityHandle Type)>();
            if (!type.BaseType.IsNil)
            {
                candidates.Add(("base type", type.BaseType));
            }

            foreach (InterfaceImplementationHandle i in type.GetInterfaceImplementations())
            {
                candidates.Add(("interface", metadata.GetInterfaceImplementation(i).Interface));
            }

            foreach ((string role, EntityHandle entity) in candidates)
            {
                var names = new Names(metadata);
                string shown = names.Decode(entity);
                if (names.FromAssemblies.Contains(missing, StringComparer.OrdinalIgnoreCase))
                {
                    return $"{owner}'s {role} {shown}";
                }
            }

            foreach (FieldDefinitionHandle f in type.GetFields())
            {
                FieldDefinition field = metadata.GetFieldDefinition(f);
                var names = new Names(metadata);
                string shown = field.DecodeSignature(names, null);
                if (names.FromAssemblies.Contains(missing, StringComparer.OrdinalIgnoreCase))
                {
                    return $"the type {shown} of {owner}'s field {metadata.GetString(field.Name)}";
                }
            }
        }

        return null;
    }

    private static string FullName(MetadataReader metadata, TypeDefinitionHandle handle)
    {
        TypeDefinition type = metadata.GetTypeDefinition(handle);
        string name = metadata.GetString(type.Name);
        TypeDefinitionHandle outer = type.GetDeclaringType();
        if (!outer.IsNil)
        {
            return FullName(metadata, outer) + "+" + name;
        }

        string ns = metadata.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>Type names for signatures, noting the assemblies that referenced types come from.</summary>
    private sealed class Names(MetadataReader metadata) : ISignatureTypeProvider<string, object?>
    {
        public List<string> FromAssemblies { get; } = [];

        public string Decode(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeReference => GetTypeFromReference(metadata, (TypeReferenceHandle)handle, 0),
            HandleKind.TypeDefinition => GetTypeFromDefinition(metadata, (TypeDefinitionHandle)handle, 0),
            HandleKind.TypeSpecification => GetTypeFromSpecification(metadata, null, (TypeSpecificationHandle)handle, 0),
            _ => "?",
        };

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            TypeReference reference = reader.GetTypeReference(handle);
            string name = reader.GetString(reference.Name);
            switch (reference.ResolutionScope.Kind)
            {
                case HandleKind.AssemblyReference:
                    FromAssemblies.Add(reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name));
                    break;
                case HandleKind.TypeReference:
                    return GetTypeFromReference(reader, (TypeReferenceHandle)reference.ResolutionScope, rawTypeKind) + "+" + name;
            }

            string ns = reader.GetString(reference.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => FullName(reader, handle);

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}[{string.Join(", ", typeArguments)}]";

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

        public string GetByReferenceType(string elementType) => elementType + "&";

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPinnedType(string elementType) => elementType;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

        public string GetFunctionPointerType(MethodSignature<string> signature) => "method pointer";

        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
    }
}
